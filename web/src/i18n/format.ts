// Numbers, money and times in the console's current language. Money stays a
// decimal string end to end: Intl formats the string itself (no float), and
// shows at least the currency's minor digits, never rounding digits away.
import { currentLanguage } from './index';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** 12345 -> "12,345" (both languages group by thousands); null -> "–". */
export function formatNumber(n: number | null | undefined, opts: Intl.NumberFormatOptions = {}): string {
  if (n == null || !Number.isFinite(n)) return '–';
  const lng = currentLanguage();
  return cached(`n|${lng}|${JSON.stringify(opts)}`, () => new Intl.NumberFormat(lng, opts)).format(n);
}

/** 0.1234 -> "12.34%" with up to `digits` decimals. */
export function formatPercent(ratio: number | null | undefined, digits = 2): string {
  return formatNumber(ratio, { style: 'percent', maximumFractionDigits: digits });
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/**
 * A money amount (decimal string) in its currency, as the language writes it:
 * en-US "$1,234.50", "CN¥12.00"; zh-CN "US$1,234.50", "¥12.00". Without a
 * currency (or with one Intl does not know) the grouped amount and the code.
 * Empty or missing gives "".
 */
export function formatMoney(amount: string | null | undefined, currency?: string | null): string {
  if (amount == null || amount === '') return '';
  const a = amount.trim();
  if (!DECIMAL.test(a)) return currency ? `${amount} ${currency}` : amount;
  const lng = currentLanguage();
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      const f = cached(
        `m|${lng}|${currency}`,
        () => new Intl.NumberFormat(lng, { style: 'currency', currency, maximumFractionDigits: 20 }),
      );
      // Intl.NumberFormat formats a decimal string exactly (ES2023)
      return f.format(a as unknown as number);
    } catch {
      // unknown to this browser: fall through
    }
  }
  const grouped = cached(`d|${lng}`, () => new Intl.NumberFormat(lng, { maximumFractionDigits: 20 })).format(
    a as unknown as number,
  );
  return currency ? `${grouped} ${currency}` : grouped;
}

function toDate(t: string | number | Date | null | undefined): Date | null {
  if (t == null || t === '') return null;
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A moment to the minute in the browser's time zone: "11/24/2026, 08:00" / "2026/11/24 08:00"; "" when missing. */
export function formatDateTime(t: string | number | Date | null | undefined, { seconds = false } = {}): string {
  const d = toDate(t);
  if (!d) return typeof t === 'string' ? t : '';
  const lng = currentLanguage();
  return cached(
    `t|${lng}|${seconds}`,
    () =>
      new Intl.DateTimeFormat(lng, {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: seconds ? '2-digit' : undefined,
        hourCycle: 'h23',
      }),
  ).format(d);
}

/** A day: "Nov 24, 2026" / "2026年11月24日"; `utc` for days that are UTC dates (statistics buckets). */
export function formatDate(t: string | number | Date | null | undefined, { utc = false } = {}): string {
  const d = toDate(t);
  if (!d) return typeof t === 'string' ? t : '';
  const lng = currentLanguage();
  return cached(
    `d|${lng}|${utc}`,
    () => new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeZone: utc ? 'UTC' : undefined }),
  ).format(d);
}
