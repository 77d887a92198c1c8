// Conversion between the coupon form's values and the API's CouponInput.
// Money fields are strings in both: they are trimmed, never parsed to floats.
import dayjs, { type Dayjs } from 'dayjs';
import i18n from '../i18n';
import type {
  Channel,
  CouponFieldsFragment,
  CouponInput,
  DiscountClass,
  DiscountKind,
  ProductScopeInput,
  ProductScopeKind,
  ValidityKind,
} from '../gql/graphql';

export type RangeValue = [Dayjs | null, Dayjs | null] | null | undefined;

export interface CouponFormValues {
  name: string;
  description?: string;
  currency?: string;
  discount: {
    kind: DiscountKind;
    amountOff?: string;
    percentOff?: string;
    maxDiscount?: string;
    minOrderAmount?: string;
  };
  validity: {
    kind: ValidityKind;
    range?: RangeValue;
    days?: number | null;
  };
  claimWindow?: RangeValue;
  channels: Channel[];
  totalStock: number;
  perUserLimit?: number | null;
  stockSlots?: number | null;
  productScope: {
    kind: ProductScopeKind;
    productIds?: string[];
    categoryIds?: string[];
  };
  tagRule: {
    anyOf?: string[];
    allOf?: string[];
    noneOf?: string[];
  };
  /** the classes of the coupons it may share an order with (empty while exclusive) */
  combinesWith?: DiscountClass[];
  /** combines with nothing, whatever combinesWith says */
  exclusive?: boolean;
  /** the campaign it belongs to; empty: none (on an edit, leaving it empty detaches the coupon) */
  campaignId?: string | null;
  /** the coupon's own caps; empty: none */
  budget?: {
    amount?: string | null;
    usesPerDay?: number | null;
  };
}

/** The classes in the order a stack applies them. */
export const DISCOUNT_CLASSES: DiscountClass[] = ['PRODUCT', 'ORDER', 'SHIPPING'];

/**
 * The part of an order a coupon discounts, as the server derives it:
 * free shipping -> SHIPPING; any other discount on every product -> ORDER;
 * on a scope of products or categories -> PRODUCT.
 */
export function discountClassOf(kind: DiscountKind | null | undefined, scopeKind: ProductScopeKind | null | undefined): DiscountClass {
  if (kind === 'FREE_SHIPPING') return 'SHIPPING';
  return (scopeKind ?? 'ALL') === 'ALL' ? 'ORDER' : 'PRODUCT';
}

/** The classes as the API takes them: known ones only, once each, in stack order; none when exclusive. */
export function toCombinesWith(classes: readonly string[] | null | undefined, exclusive?: boolean | null): DiscountClass[] {
  if (exclusive) return [];
  const set = new Set(classes ?? []);
  return DISCOUNT_CLASSES.filter((c) => set.has(c));
}

/** The form's names for fields, joined with "." (for error mapping). */
export const COUPON_FORM_FIELDS = [
  'name',
  'description',
  'currency',
  'discount',
  'discount.kind',
  'discount.amountOff',
  'discount.percentOff',
  'discount.maxDiscount',
  'discount.minOrderAmount',
  'validity',
  'validity.kind',
  'validity.range',
  'validity.days',
  'claimWindow',
  'channels',
  'totalStock',
  'perUserLimit',
  'stockSlots',
  'productScope',
  'productScope.kind',
  'productScope.productIds',
  'productScope.categoryIds',
  'tagRule',
  'tagRule.anyOf',
  'tagRule.allOf',
  'tagRule.noneOf',
  'combinesWith',
  'exclusive',
  'campaignId',
  'budget',
  'budget.amount',
  'budget.usesPerDay',
] as const;

/** Server input paths that the form edits under another name. */
export const COUPON_FIELD_ALIASES: Record<string, string> = {
  'validity.startsAt': 'validity.range',
  'validity.endsAt': 'validity.range',
  claimStartsAt: 'claimWindow',
  claimEndsAt: 'claimWindow',
};

/**
 * The API's field names as the form labels them, in the console's language,
 * for server messages (see withFieldLabels): percentOff -> "Percent off".
 */
export function couponFieldLabels(): Record<string, string> {
  return i18n.t('coupons:fieldLabels', { returnObjects: true });
}

export const DEFAULT_COUPON_VALUES: Partial<CouponFormValues> = {
  discount: { kind: 'AMOUNT_OFF' },
  validity: { kind: 'RELATIVE', days: 30 },
  channels: ['CLAIM'],
  perUserLimit: 1,
  productScope: { kind: 'ALL', productIds: [], categoryIds: [] },
  tagRule: { anyOf: [], allOf: [], noneOf: [] },
  combinesWith: [],
  exclusive: false,
  campaignId: null,
  budget: {},
};

/** RFC 3339 in UTC, whole seconds: "2026-11-24T08:00:00Z" */
export function toRFC3339(d: Dayjs | null | undefined): string | null {
  if (!d) return null;
  return d.toDate().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function money(s: string | null | undefined): string | null {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
}

function list(xs: string[] | null | undefined): string[] {
  return (xs ?? []).map((x) => x.trim()).filter(Boolean);
}

export type ProductScopeFormValues = CouponFormValues['productScope'];

/** The scope as the API takes it: ALL carries no ids; ids are trimmed and de-duplicated. */
export function toProductScopeInput(s: ProductScopeFormValues | null | undefined): ProductScopeInput {
  const kind = s?.kind ?? 'ALL';
  return {
    kind,
    productIds: kind === 'ALL' ? [] : [...new Set(list(s?.productIds))],
    categoryIds: kind === 'ALL' ? [] : [...new Set(list(s?.categoryIds))],
  };
}

/**
 * The form's values as the API's CouponInput. `op` tells a new coupon from an
 * edit where they differ: with no campaign chosen an edit sends campaignId ""
 * (detach; null would keep the campaign) and a create sends null (none). The
 * budget is always sent with both caps (null where none), so that an edit
 * that empties a cap removes it.
 */
export function toCouponInput(v: CouponFormValues, op: 'create' | 'update' = 'create'): CouponInput {
  const kind = v.discount.kind;
  const discount: CouponInput['discount'] = { kind, minOrderAmount: money(v.discount.minOrderAmount) };
  if (kind === 'AMOUNT_OFF') discount.amountOff = money(v.discount.amountOff);
  if (kind === 'PERCENT_OFF') {
    discount.percentOff = money(v.discount.percentOff);
    discount.maxDiscount = money(v.discount.maxDiscount);
  }
  const validity: CouponInput['validity'] =
    v.validity.kind === 'FIXED'
      ? {
          kind: 'FIXED',
          startsAt: toRFC3339(v.validity.range?.[0]),
          endsAt: toRFC3339(v.validity.range?.[1]),
        }
      : { kind: 'RELATIVE', days: v.validity.days ?? null };
  return {
    name: v.name.trim(),
    description: v.description ?? '',
    currency: money(v.currency)?.toUpperCase() ?? null,
    discount,
    validity,
    claimStartsAt: toRFC3339(v.claimWindow?.[0]),
    claimEndsAt: toRFC3339(v.claimWindow?.[1]),
    channels: v.channels ?? [],
    totalStock: v.totalStock,
    perUserLimit: v.perUserLimit ?? null,
    stockSlots: v.stockSlots ?? null,
    productScope: toProductScopeInput(v.productScope),
    tagRule: {
      anyOf: list(v.tagRule?.anyOf),
      allOf: list(v.tagRule?.allOf),
      noneOf: list(v.tagRule?.noneOf),
    },
    combinesWith: toCombinesWith(v.combinesWith, v.exclusive),
    exclusive: !!v.exclusive,
    campaignId: v.campaignId ? v.campaignId : op === 'update' ? '' : null,
    budget: { amount: money(v.budget?.amount), usesPerDay: v.budget?.usesPerDay ?? null },
  };
}

function day(t: string | null | undefined): Dayjs | null {
  return t ? dayjs(t) : null;
}

export function fromCoupon(c: CouponFieldsFragment): CouponFormValues {
  return {
    name: c.name,
    description: c.description,
    currency: c.currency,
    discount: {
      kind: c.discount.kind,
      amountOff: c.discount.amountOff ?? undefined,
      percentOff: c.discount.percentOff ?? undefined,
      maxDiscount: c.discount.maxDiscount ?? undefined,
      minOrderAmount: c.discount.minOrderAmount ?? undefined,
    },
    validity: {
      kind: c.validity.kind,
      range: c.validity.kind === 'FIXED' ? [day(c.validity.startsAt), day(c.validity.endsAt)] : undefined,
      days: c.validity.days ?? null,
    },
    claimWindow: c.claimStartsAt || c.claimEndsAt ? [day(c.claimStartsAt), day(c.claimEndsAt)] : undefined,
    channels: [...c.channels],
    totalStock: c.totalStock,
    perUserLimit: c.perUserLimit,
    stockSlots: c.stockSlots,
    productScope: {
      kind: c.productScope.kind,
      productIds: [...c.productScope.productIds],
      categoryIds: [...c.productScope.categoryIds],
    },
    tagRule: { anyOf: [...c.tagRule.anyOf], allOf: [...c.tagRule.allOf], noneOf: [...c.tagRule.noneOf] },
    // a coupon read before the fields existed (a cached copy) combines with nothing
    combinesWith: c.exclusive ? [] : toCombinesWith(c.combinesWith),
    exclusive: !!c.exclusive,
    campaignId: c.campaign?.id ?? null,
    // a copy cached before budgets existed has none: no caps
    budget: { amount: c.budget?.amount ?? undefined, usesPerDay: c.budget?.usesPerDay ?? null },
  };
}
