// Display helpers for coupons. Money stays a string end to end: it is shown
// as the server sent it, never parsed into a float.
import type { CouponStatus, DiscountKind } from '../gql/graphql';

export interface DiscountLike {
  kind: DiscountKind;
  amountOff?: string | null;
  percentOff?: string | null;
  maxDiscount?: string | null;
  minOrderAmount?: string | null;
}

/** "19.99 USD" ; an empty or missing amount gives "" */
export function formatMoney(amount: string | null | undefined, currency?: string | null): string {
  if (amount == null || amount === '') return '';
  return currency ? `${amount} ${currency}` : amount;
}

/**
 * One line describing a discount, e.g.
 *   "10.00 USD off orders from 50.00 USD", "15% off (up to 20.00 USD)", "Free shipping".
 */
export function discountSummary(d: DiscountLike, currency?: string | null): string {
  let s: string;
  switch (d.kind) {
    case 'AMOUNT_OFF':
      s = `${formatMoney(d.amountOff ?? '?', currency)} off`;
      break;
    case 'PERCENT_OFF':
      s = `${d.percentOff ?? '?'}% off`;
      if (d.maxDiscount) s += ` (up to ${formatMoney(d.maxDiscount, currency)})`;
      break;
    case 'FREE_SHIPPING':
      s = 'Free shipping';
      break;
    default:
      s = String(d.kind);
  }
  if (d.minOrderAmount && !isZero(d.minOrderAmount)) {
    s += ` on orders from ${formatMoney(d.minOrderAmount, currency)}`;
  }
  return s;
}

function isZero(amount: string): boolean {
  return /^[+-]?0*(\.0*)?$/.test(amount.trim());
}

/** "120 / 500" */
export function stockSummary(remaining: number, total: number): string {
  return `${remaining.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`;
}

/** RFC 3339 -> "2026-11-24 08:00" in the browser's time zone */
export function formatTime(t: string | null | undefined): string {
  if (!t) return '';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** claim window: "from – to", open ends shown as "any time" / "no end" */
export function claimWindowSummary(start: string | null | undefined, end: string | null | undefined): string {
  if (!start && !end) return 'Always open';
  return `${start ? formatTime(start) : 'any time'} → ${end ? formatTime(end) : 'no end'}`;
}

export const STATUS_COLORS: Record<CouponStatus, string> = {
  DRAFT: 'default',
  ACTIVE: 'green',
  PAUSED: 'orange',
  ENDED: 'red',
};

export const ALL_STATUSES: CouponStatus[] = ['DRAFT', 'ACTIVE', 'PAUSED', 'ENDED'];

export type CouponAction = 'activate' | 'pause' | 'end';

/** The status machine: DRAFT -> ACTIVE <-> PAUSED -> ENDED (ACTIVE may end too). */
export function allowedActions(status: CouponStatus): CouponAction[] {
  switch (status) {
    case 'DRAFT':
      return ['activate'];
    case 'ACTIVE':
      return ['pause', 'end'];
    case 'PAUSED':
      return ['activate', 'end'];
    default:
      return [];
  }
}
