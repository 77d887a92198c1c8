// Pure helpers of the order simulator: the cart form to CartInput, exact
// decimal sums for the per-line table (money stays a decimal string: no
// float ever), and the server's errors mapped onto the cart form.
import { ApiError } from '../api/client';
import { requestErrorMessage, userErrorMessage, withFieldLabels } from '../errors';
import type { CartInput, SimulateStackQuery } from '../gql/graphql';

export interface CartRowValues {
  productId?: string;
  categoryId?: string;
  unitPrice?: string;
  quantity?: number | null;
}

export interface SimulatorFormValues {
  couponIds: string[];
  currency?: string;
  shippingFee?: string;
  items: CartRowValues[];
}

export type CouponStack = SimulateStackQuery['simulateStack'];

/** Limits the server holds a cart to (internal/pricing): checked here first. */
export const MAX_CART_ITEMS = 500;
export const MAX_QUANTITY = 100_000;
export const MAX_PRODUCT_ID = 64;
/** coupons per simulation (internal/coupon MaxSimulated) */
export const MAX_SIMULATED = 100;

export const EMPTY_ROW: CartRowValues = { productId: '', categoryId: '', unitPrice: '', quantity: 1 };

export const DEFAULT_SIMULATOR_VALUES: SimulatorFormValues = {
  couponIds: [],
  currency: '',
  shippingFee: '',
  items: [{ ...EMPTY_ROW }],
};

const trim = (s: string | null | undefined) => (s ?? '').trim();

/** The form's cart as the API takes it: trimmed; an empty currency, shipping fee or category is left to the server. */
export function toCartInput(v: Pick<SimulatorFormValues, 'currency' | 'shippingFee' | 'items'>): CartInput {
  const currency = trim(v.currency).toUpperCase();
  const fee = trim(v.shippingFee);
  return {
    currency: currency || null,
    shippingFee: fee || null,
    items: (v.items ?? []).map((r) => ({
      productId: trim(r.productId),
      categoryId: trim(r.categoryId) || null,
      unitPrice: trim(r.unitPrice),
      quantity: r.quantity ?? 0,
    })),
  };
}

// ---- exact decimals ----

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

interface Dec {
  units: bigint; // value * 10^scale
  scale: number;
}

function parse(s: string): Dec | null {
  const m = DECIMAL.exec(s.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  const units = BigInt(m[2] + frac);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

function rescale(d: Dec, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

function show(units: bigint, scale: number): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, '0');
  const s = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return neg ? `-${s}` : s;
}

/** a + b - c ... over decimal strings, exactly, at the largest scale of the operands; null when one is not a number. */
function combine(terms: readonly (readonly [string, 1n | -1n])[]): string | null {
  const ds = terms.map(([s, sign]) => [parse(s), sign] as const);
  if (ds.some(([d]) => !d)) return null;
  const scale = Math.max(0, ...ds.map(([d]) => d!.scale));
  const units = ds.reduce((sum, [d, sign]) => sum + sign * rescale(d!, scale), 0n);
  return show(units, scale);
}

/** The sum of decimal strings ("0" for none); null when one is not a number. */
export function decimalSum(xs: readonly string[]): string | null {
  return combine(xs.map((x) => [x, 1n] as const)) ?? null;
}

/** a - b; null when one is not a number. */
export function decimalSub(a: string, b: string): string | null {
  return combine([
    [a, 1n],
    [b, -1n],
  ]);
}

/** unitPrice × quantity, exactly: "19.99" × 3 = "59.97"; null when the price is not a number. */
export function lineAmount(unitPrice: string, quantity: number): string | null {
  const d = parse(unitPrice);
  if (!d || !Number.isInteger(quantity)) return null;
  return show(d.units * BigInt(quantity), d.scale);
}

/** Whether a decimal string is zero ("0", "0.00"). */
export function isZero(amount: string | null | undefined): boolean {
  return !!amount && /^[+-]?0*(\.0*)?$/.test(amount.trim()) && /\d/.test(amount);
}

/** How many decimals a currency's amounts may have (JPY 0, USD 2), as the browser knows it; undefined when unknown. */
export function minorUnits(currency: string | null | undefined): number | undefined {
  const c = trim(currency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) return undefined;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().maximumFractionDigits;
  } catch {
    return undefined;
  }
}

/** The decimals of an amount ("19.990" -> 3). */
export function decimalsOf(amount: string): number {
  return parse(amount)?.scale ?? 0;
}

// ---- the result, line by line ----

export interface LineRow {
  index: number;
  productId: string;
  categoryId: string | null;
  /** unitPrice × quantity (null when the price could not be read) */
  amount: string | null;
  /** what each coupon of the stack took off this line, in the stack's order */
  off: string[];
  /** amount less everything taken off */
  left: string | null;
}

/** The cart's lines next to what each stacked coupon took off them (the stack's `lines` are in the cart's order). */
export function lineRows(cart: CartInput, stack: Pick<CouponStack, 'coupons'>): LineRow[] {
  return cart.items.map((it, i) => {
    const amount = lineAmount(String(it.unitPrice), it.quantity);
    const off = stack.coupons.map((c) => c.lines[i] ?? '0');
    const taken = decimalSum(off);
    return {
      index: i,
      productId: String(it.productId),
      categoryId: it.categoryId == null ? null : String(it.categoryId),
      amount,
      off,
      left: amount != null && taken != null ? decimalSub(amount, taken) : null,
    };
  });
}

/** The cart's items before any discount; null when a price is unreadable. */
export function itemsSubtotal(cart: CartInput): string | null {
  const amounts = cart.items.map((it) => lineAmount(String(it.unitPrice), it.quantity));
  return amounts.some((a) => a == null) ? null : decimalSum(amounts as string[]);
}

/**
 * The currency to show amounts in: the cart's, else that of a stacked coupon
 * (each applied coupon is in the cart's currency), else none.
 */
export function displayCurrency(cart: CartInput, stack?: Pick<CouponStack, 'coupons'> | null): string | undefined {
  if (cart.currency) return cart.currency;
  return stack?.coupons[0]?.coupon.currency ?? undefined;
}

// ---- errors ----

/** A form item's name: ['items', 0, 'unitPrice'], ['currency'], ['couponIds']. */
export type SimulatorField = (string | number)[];

export interface SimulationErrors {
  fields: { name: SimulatorField; errors: string[] }[];
  /** errors with no form item, or the request's own failure */
  general: string[];
}

const ROW_FIELDS = new Set(['productId', 'categoryId', 'unitPrice', 'quantity']);

/**
 * The form item a server path names: cart.items.2.unitPrice -> ['items', 2,
 * 'unitPrice']; cart.currency -> ['currency']; couponIds.0 -> ['couponIds'];
 * undefined for anything else (cart.items as a whole included).
 */
export function fieldFor(path: readonly string[]): SimulatorField | undefined {
  const p = path[0] === 'cart' ? path.slice(1) : [...path];
  if (p[0] === 'couponIds') return ['couponIds'];
  if (p.length === 1 && (p[0] === 'currency' || p[0] === 'shippingFee')) return [p[0]];
  if (p.length === 3 && p[0] === 'items' && /^\d+$/.test(p[1]) && ROW_FIELDS.has(p[2])) return ['items', Number(p[1]), p[2]];
  return undefined;
}

// codes a GraphQL error of the simulation may carry that are the contract's ErrorCode (UserError texts)
const DOMAIN_CODES = new Set(['INVALID_INPUT', 'NOT_FOUND', 'TOO_MANY', 'CURRENCY_MISMATCH', 'NOT_COMBINABLE']);

interface Problem {
  field?: string[];
  message: string;
  code: string;
}

/**
 * The problems of a failed simulation. The server sends a bad cart as one
 * INVALID_INPUT error whose message lists every problem as "path: message"
 * joined by "; " (after "INVALID_INPUT: "); a single problem carries its path
 * in extensions.field.
 */
export function problemsOf(err: ApiError): Problem[] {
  const items = err.errors.length ? err.errors : [{ message: err.message, extensions: { code: err.code } }];
  const out: Problem[] = [];
  for (const e of items) {
    const code = String(e.extensions?.code ?? err.code);
    const field = e.extensions?.field;
    if (Array.isArray(field)) {
      out.push({ code, message: e.message, field: field.map(String) });
      continue;
    }
    const list = code === 'INVALID_INPUT' ? /^INVALID_INPUT:\s*(.*)$/s.exec(e.message) : null;
    if (list) {
      for (const part of list[1].split('; ')) {
        const m = /^([\w.]+):\s+(.*)$/s.exec(part);
        out.push(m ? { code, message: m[2], field: m[1].split('.') } : { code, message: part });
      }
      continue;
    }
    out.push({ code, message: e.message });
  }
  return out;
}

/**
 * A failed simulation as words: the problems of the cart or the coupons on
 * their form items (server names of fields read as the form's `labels`), the
 * rest (and a request that failed as a whole) as general messages.
 */
export function simulationErrors(err: unknown, labels: Readonly<Record<string, string>> = {}): SimulationErrors {
  if (!(err instanceof ApiError)) {
    return { fields: [], general: [err instanceof Error && err.message ? err.message : requestErrorMessage('INTERNAL')] };
  }
  const fields = new Map<string, { name: SimulatorField; errors: string[] }>();
  const general: string[] = [];
  for (const p of problemsOf(err)) {
    if (!DOMAIN_CODES.has(p.code) && !p.field) {
      general.push(requestErrorMessage(p.code));
      continue;
    }
    const text = withFieldLabels(userErrorMessage(p), labels);
    const name = p.field ? fieldFor(p.field) : undefined;
    if (!name) {
      general.push(text);
      continue;
    }
    const key = name.join('.');
    const fe = fields.get(key) ?? { name, errors: [] };
    fe.errors.push(text);
    fields.set(key, fe);
  }
  return { fields: [...fields.values()], general };
}
