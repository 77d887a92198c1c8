// Display helpers for coupons, in the console's language (the coupons
// catalogue). Money stays a string end to end: i18n/format.ts formats the
// decimal string itself, never a float. A component that shows what these
// return must use the coupons namespace itself (useTranslation('coupons')),
// so that it is loaded and the component re-renders on a language change.
import type { CouponStatus, DiscountKind } from '../gql/graphql';
import i18n from '../i18n';
import { formatDateTime, formatMoney, formatNumber } from '../i18n/format';

export { formatMoney };

export interface DiscountLike {
  kind: DiscountKind;
  amountOff?: string | null;
  percentOff?: string | null;
  maxDiscount?: string | null;
  minOrderAmount?: string | null;
}

/**
 * One line describing a discount, e.g. (en-US)
 *   "$10.00 off on orders from $50.00", "15% off (up to $20.00)", "Free shipping";
 * (zh-CN) "满 US$50.00 立减 US$10.00".
 */
export function discountSummary(d: DiscountLike, currency?: string | null): string {
  let s: string;
  switch (d.kind) {
    case 'AMOUNT_OFF':
      s = i18n.t('coupons:discount.amountOff', { amount: formatMoney(d.amountOff ?? '?', currency) });
      break;
    case 'PERCENT_OFF':
      s = d.maxDiscount
        ? i18n.t('coupons:discount.percentOffCapped', { percent: d.percentOff ?? '?', max: formatMoney(d.maxDiscount, currency) })
        : i18n.t('coupons:discount.percentOff', { percent: d.percentOff ?? '?' });
      break;
    case 'FREE_SHIPPING':
      s = i18n.t('coupons:discount.freeShipping');
      break;
    default:
      s = String(d.kind);
  }
  if (d.minOrderAmount && !isZero(d.minOrderAmount)) {
    s = i18n.t('coupons:discount.withMinimum', { discount: s, min: formatMoney(d.minOrderAmount, currency) });
  }
  return s;
}

function isZero(amount: string): boolean {
  return /^[+-]?0*(\.0*)?$/.test(amount.trim());
}

/** "120 / 500" (grouped as the language groups) */
export function stockSummary(remaining: number, total: number): string {
  return `${formatNumber(remaining)} / ${formatNumber(total)}`;
}

/** RFC 3339 -> a moment to the minute in the browser's time zone, as the language writes it (formatDateTime) */
export function formatTime(t: string | null | undefined): string {
  return formatDateTime(t);
}

/** claim window: "from → to", open ends shown as "any time" / "no end" */
export function claimWindowSummary(start: string | null | undefined, end: string | null | undefined): string {
  if (!start && !end) return i18n.t('coupons:claimWindow.always');
  return i18n.t('coupons:claimWindow.range', {
    from: start ? formatTime(start) : i18n.t('coupons:claimWindow.anyStart'),
    to: end ? formatTime(end) : i18n.t('coupons:claimWindow.noEnd'),
  });
}

/** A coupon status as the console shows it. */
export function statusLabel(status: CouponStatus): string {
  return i18n.t(`coupons:status.${status}`, { defaultValue: status });
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
