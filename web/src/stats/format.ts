// Pure helpers for statistics: the date range (UTC days, as the server's day
// buckets) and its query variables, the granularity limits, export links and
// how figures are shown, in the console's language. Money stays a string:
// it is formatted for display (formatMoney), never parsed into a float (the
// server does the sums). Texts come from the stats catalogue: a component
// showing them uses useTranslation('stats').
import type { Granularity } from '../gql/graphql';
import i18n, { currentLanguage } from '../i18n';
import { formatMoney, formatNumber } from '../i18n/format';

/** A range of whole UTC days, both ends included: "YYYY-MM-DD". */
export interface DayRange {
  from: string;
  to: string;
}

/** The longest range each granularity takes, in days (the server answers BAD_USER_INPUT beyond). */
export const MAX_DAYS: Record<Granularity, number> = { HOUR: 31, DAY: 366 };

/** The default range: the last 7 days, today included. */
export const DEFAULT_DAYS = 7;
export const DEFAULT_GRANULARITY: Granularity = 'DAY';

/** How many rows the top coupons and top products tables ask for. */
export const TOP_N = 10;

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" -> ms since the epoch at 00:00 UTC; NaN when it is not a real date. */
export function dayStartMs(day: string): number {
  const m = DAY_RE.exec(day);
  if (!m) return NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over to March: refuse it
  return new Date(ms).toISOString().slice(0, 10) === day ? ms : NaN;
}

/** ms -> the UTC day it falls in, "YYYY-MM-DD" */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `day` moved by `n` days */
export function addDays(day: string, n: number): string {
  return utcDay(dayStartMs(day) + n * DAY_MS);
}

/** The number of days in the range, both ends included (0 when it is not a valid range). */
export function rangeDays(r: DayRange): number {
  const a = dayStartMs(r.from);
  const b = dayStartMs(r.to);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return 0;
  return Math.round((b - a) / DAY_MS) + 1;
}

/** The last `days` UTC days up to today (UTC), today included. */
export function lastDays(days: number, now: number = Date.now()): DayRange {
  const to = utcDay(now);
  return { from: addDays(to, -(days - 1)), to };
}

/** from/to as the API takes them: RFC 3339 UTC instants, from the start of the first day to the end of the last (exclusive). */
export function rangeVariables(r: DayRange): { from: string; to: string } {
  return {
    from: `${r.from}T00:00:00Z`,
    to: `${addDays(r.to, 1)}T00:00:00Z`,
  };
}

/** Whether a granularity may be used for a range of `days` days. */
export function granularityAllowed(g: Granularity, days: number): boolean {
  return days >= 1 && days <= MAX_DAYS[g];
}

/** The granularity to use: the wanted one when the range allows it, else DAY (HOUR stops at 31 days). */
export function effectiveGranularity(wanted: Granularity, r: DayRange): Granularity {
  return granularityAllowed(wanted, rangeDays(r)) ? wanted : 'DAY';
}

/**
 * The granularity after the range changes from `prev` to `next`: a single day
 * is shown by hour; leaving a single day goes back to days; else the current
 * one, when the new range allows it (HOUR stops at 31 days).
 */
export function nextGranularity(current: Granularity, prev: DayRange, next: DayRange): Granularity {
  const days = rangeDays(next);
  if (days === 1) return 'HOUR';
  if (rangeDays(prev) === 1 && current === 'HOUR') return 'DAY';
  return effectiveGranularity(current, next);
}

/**
 * The range and granularity in a page's search params (?from=&to=&g=);
 * anything missing or invalid (backwards, longer than DAY allows) gives the
 * default: the last 7 days by day.
 */
export function rangeFromParams(p: URLSearchParams, now: number = Date.now()): { range: DayRange; granularity: Granularity } {
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  const g = p.get('g');
  const wanted: Granularity = g === 'HOUR' || g === 'DAY' ? g : DEFAULT_GRANULARITY;
  const asked = { from, to };
  const days = rangeDays(asked);
  const range = days >= 1 && days <= MAX_DAYS.DAY ? asked : lastDays(DEFAULT_DAYS, now);
  return { range, granularity: effectiveGranularity(wanted, range) };
}

/** The search params for a range and granularity, on top of `base` (other params are kept). */
export function rangeToParams(base: URLSearchParams, range: DayRange, granularity: Granularity): URLSearchParams {
  const p = new URLSearchParams(base);
  p.set('from', range.from);
  p.set('to', range.to);
  p.set('g', granularity);
  return p;
}

/** Days the picker refuses: after today (UTC), and beyond the longest range from the day picked first. */
export function dayDisabled(day: string, firstPicked: string | null, now: number = Date.now()): boolean {
  if (dayStartMs(day) > dayStartMs(utcDay(now))) return true;
  if (!firstPicked) return false;
  const span = Math.abs(dayStartMs(day) - dayStartMs(firstPicked)) / DAY_MS + 1;
  return span > MAX_DAYS.DAY;
}

export type ExportKind = 'coupons' | 'series' | 'products' | 'campaigns';

/**
 * The CSV export link for the range: /export/stats/<kind>?from=&to=
 * (&granularity= for the series; &couponId= for one coupon's series and products).
 */
export function exportUrl(kind: ExportKind, range: DayRange, opts: { granularity?: Granularity; couponId?: string } = {}): string {
  const v = rangeVariables(range);
  const p = new URLSearchParams({ from: v.from, to: v.to });
  if (kind === 'series') p.set('granularity', opts.granularity ?? DEFAULT_GRANULARITY);
  if (opts.couponId && (kind === 'series' || kind === 'products')) p.set('couponId', opts.couponId);
  return `/export/stats/${kind}?${p.toString()}`;
}

/** 12345 -> "12,345" (formatNumber: the language's grouping) */
export function formatCount(n: number | null | undefined): string {
  return formatNumber(n);
}

/**
 * A decimal string grouped by thousands: "12345.5" -> "12,345.5",
 * "-1000.00" -> "-1,000.00"; zeros beyond the second decimal are dropped
 * ("10.0000" -> "10.00", "0.1250" -> "0.125"), digits never rounded.
 * Anything that is not a plain decimal is shown as is.
 */
export function formatDecimal(s: string | null | undefined): string {
  if (s == null || s === '') return '–';
  const m = /^([+-]?)(\d+)(\.\d+)?$/.exec(s.trim());
  if (!m) return s;
  const int = m[2].replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let frac = m[3] ?? '';
  while (frac.length > 3 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${m[1] === '-' ? '-' : ''}${int}${frac}`;
}

/**
 * A money figure in its currency as the language writes it (formatMoney:
 * "$1,500.00" in en-US, "US$1,500.00" in zh-CN, exact, from the string);
 * without a currency (a sum over several) the grouped decimal alone.
 */
export function formatAmount(s: string | null | undefined, currency?: string | null): string {
  if (s == null || s === '') return '–';
  // zeros beyond the currency's own decimals are dropped, as formatDecimal does ("10.0000" -> "$10.00")
  return currency ? formatMoney(s, currency) : formatDecimal(s);
}

/**
 * used / issued as a percent: one decimal from 1% ("12.5%"), two significant
 * digits below ("0.035%"), "<0.01%" when tiny but not zero, so a small rate
 * never reads as 0%; "–" when nothing was issued.
 */
export function formatUseRate(useRate: number | null | undefined, issued?: number | null): string {
  if (issued === 0 || useRate == null || !Number.isFinite(useRate)) return '–';
  return formatPercent(useRate * 100);
}

/** A percent figure (12.5 -> "12.5%", 0.0346 -> "0.035%", 0.004 -> "<0.01%", 0 -> "0%"). */
export function formatPercent(pct: number): string {
  if (!Number.isFinite(pct)) return '–';
  const sign = pct < 0 ? '-' : '';
  const a = Math.abs(pct);
  if (a === 0) return '0%';
  if (a < 0.01) return `${sign === '-' ? '>-' : '<'}0.01%`;
  if (a < 1) return `${sign}${String(Number(a.toPrecision(2)))}%`;
  const r = Math.round(a * 10) / 10;
  return `${sign}${r.toFixed(r % 1 === 0 ? 0 : 1)}%`;
}

/** Which way a change went: up, down, new (from 0) or none. */
export type ChangeTrend = 'up' | 'down' | 'new' | 'none';

export interface Change {
  text: string;
  trend: ChangeTrend;
}

/**
 * The change from `prev` to `cur` as "+12% vs previous 7 days"; "new vs ..."
 * when the previous figure was 0 and this one is not; null when both are 0
 * or either is unknown.
 */
export function describeChange(cur: number | null | undefined, prev: number | null | undefined, days: number): Change | null {
  if (cur == null || prev == null || !Number.isFinite(cur) || !Number.isFinite(prev)) return null;
  const than = i18n.t('stats:change.thanDays', { count: days });
  if (prev === 0) {
    return cur === 0
      ? { text: i18n.t('stats:change.none', { than }), trend: 'none' }
      : { text: i18n.t('stats:change.new', { than }), trend: 'new' };
  }
  const pct = ((cur - prev) / Math.abs(prev)) * 100;
  if (pct === 0) return { text: i18n.t('stats:change.none', { than }), trend: 'none' };
  return {
    text: i18n.t('stats:change.pct', { pct: `${pct > 0 ? '+' : ''}${formatPercent(pct)}`, than }),
    trend: pct > 0 ? 'up' : 'down',
  };
}

/** describeChange's text alone. */
export function formatChange(cur: number | null | undefined, prev: number | null | undefined, days: number): string | null {
  return describeChange(cur, prev, days)?.text ?? null;
}

/** The range of the same length just before `r` (7 days before a 7-day range). */
export function previousRange(r: DayRange): DayRange {
  const days = rangeDays(r);
  return { from: addDays(r.from, -days), to: addDays(r.from, -1) };
}

/**
 * The currency of amounts summed over several coupons: the one currency they
 * share, "" when there is none to go by, or null when they differ (the sum
 * then adds amounts in different currencies).
 */
export function sharedCurrency(currencies: readonly (string | null | undefined)[]): string | null {
  const set = new Set(currencies.filter((c): c is string => !!c));
  if (set.size > 1) return null;
  return set.size === 1 ? [...set][0] : '';
}

/** The figures are older than this: the as-of tag turns into a warning. */
export const STALE_AFTER_MS = 60_000;

/** "as of 14:03:07" / "数据截至 14:03:07" in the browser's time zone */
export function formatAsOf(asOf: string | null | undefined): string {
  if (!asOf) return '';
  const d = new Date(asOf);
  if (Number.isNaN(d.getTime())) return i18n.t('stats:asOf', { time: asOf });
  const p = (n: number) => String(n).padStart(2, '0');
  return i18n.t('stats:asOf', { time: `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` });
}

/** true when asOf is more than a minute before `now` */
export function isStale(asOf: string | null | undefined, now: number = Date.now()): boolean {
  if (!asOf) return false;
  const t = new Date(asOf).getTime();
  return Number.isFinite(t) && now - t > STALE_AFTER_MS;
}

/** "Claim 10 · Code 2" / "领取 10 · 兑换码 2" (channels with a count only); "" when none. */
export function channelSummary(byChannel: readonly { channel: string; count: number }[] | null | undefined): string {
  return (byChannel ?? [])
    .filter((c) => c.count > 0)
    .map((c) => `${i18n.t(`stats:channel.${c.channel as 'CLAIM'}`, { defaultValue: c.channel })} ${formatCount(c.count)}`)
    .join(' · ');
}

const bucketFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The label of a bucket on the chart's axis, in UTC and the console's
 * language: "Mar 1" / "3月1日" by day, "Mar 1, 14:00" / "3月1日 14:00" by hour.
 */
export function bucketLabel(at: string, granularity: Granularity): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const lng = currentLanguage();
  const key = `${lng}|${granularity}`;
  let f = bucketFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lng, {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
      ...(granularity === 'HOUR' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    bucketFormats.set(key, f);
  }
  return f.format(d);
}

/** A decimal string as a chart value (charts only; figures shown as text stay strings). */
export function chartNumber(s: string | null | undefined): number {
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
}
