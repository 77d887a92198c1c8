import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { discountClassOf, fromCoupon, toCombinesWith, toCouponInput, type CouponFormValues } from './formValues';

const base: CouponFormValues = {
  name: '  Spring sale ',
  description: 'ten off',
  currency: 'usd',
  discount: { kind: 'PERCENT_OFF', amountOff: '5', percentOff: '15', maxDiscount: '20.00', minOrderAmount: ' 50 ' },
  validity: { kind: 'FIXED', range: [dayjs('2026-03-01T08:00:00Z'), dayjs('2026-04-01T08:00:00.250Z')], days: 7 },
  claimWindow: [null, dayjs('2026-03-15T00:00:00Z')],
  channels: ['CLAIM', 'CODE'],
  totalStock: 1000,
  perUserLimit: 2,
  stockSlots: null,
  productScope: { kind: 'WHITELIST', productIds: ['p1', ' p2 '], categoryIds: [] },
  tagRule: { anyOf: ['vip'], allOf: [], noneOf: ['banned'] },
  combinesWith: ['SHIPPING', 'PRODUCT'],
  exclusive: false,
};

describe('toCouponInput', () => {
  it('sends money as strings and times as RFC 3339', () => {
    const input = toCouponInput(base);
    expect(input).toEqual({
      name: 'Spring sale',
      description: 'ten off',
      currency: 'USD',
      discount: { kind: 'PERCENT_OFF', percentOff: '15', maxDiscount: '20.00', minOrderAmount: '50' },
      validity: { kind: 'FIXED', startsAt: '2026-03-01T08:00:00Z', endsAt: '2026-04-01T08:00:00Z' },
      claimStartsAt: null,
      claimEndsAt: '2026-03-15T00:00:00Z',
      channels: ['CLAIM', 'CODE'],
      totalStock: 1000,
      perUserLimit: 2,
      stockSlots: null,
      productScope: { kind: 'WHITELIST', productIds: ['p1', 'p2'], categoryIds: [] },
      tagRule: { anyOf: ['vip'], allOf: [], noneOf: ['banned'] },
      combinesWith: ['PRODUCT', 'SHIPPING'],
      exclusive: false,
      campaignId: null,
      budget: { amount: null, usesPerDay: null },
    });
    expect(typeof input.discount.percentOff).toBe('string');
  });

  it('sends only the fields of the chosen kinds', () => {
    const input = toCouponInput({
      ...base,
      currency: '',
      discount: { kind: 'AMOUNT_OFF', amountOff: '10.00', percentOff: '15' },
      validity: { kind: 'RELATIVE', days: 30, range: base.validity.range },
      productScope: { kind: 'ALL', productIds: ['p1'] },
    });
    expect(input.currency).toBeNull();
    expect(input.discount).toEqual({ kind: 'AMOUNT_OFF', amountOff: '10.00', minOrderAmount: null });
    expect(input.validity).toEqual({ kind: 'RELATIVE', days: 30 });
    expect(input.productScope).toEqual({ kind: 'ALL', productIds: [], categoryIds: [] });
  });

  it('round-trips a coupon from the API', () => {
    const v = fromCoupon({
      id: 'c1',
      name: 'X',
      description: '',
      status: 'DRAFT',
      currency: 'USD',
      discount: { kind: 'AMOUNT_OFF', amountOff: '5.00', percentOff: null, maxDiscount: null, minOrderAmount: null },
      validity: { kind: 'RELATIVE', startsAt: null, endsAt: null, days: 10 },
      claimStartsAt: null,
      claimEndsAt: null,
      channels: ['CLAIM'],
      totalStock: 10,
      remainingStock: 10,
      perUserLimit: 1,
      stockSlots: 4,
      productScope: { kind: 'ALL', productIds: [], categoryIds: [] },
      tagRule: { anyOf: [], allOf: [], noneOf: [] },
      class: 'ORDER',
      combinesWith: ['SHIPPING', 'PRODUCT'],
      exclusive: false,
      campaign: null,
      budget: { amount: null, usesPerDay: null, spent: '0', amountLeft: null, uses: 0, usesToday: 0, usesLeftToday: null },
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    const input = toCouponInput(v);
    expect(input.discount).toEqual({ kind: 'AMOUNT_OFF', amountOff: '5.00', minOrderAmount: null });
    expect(input.validity).toEqual({ kind: 'RELATIVE', days: 10 });
    expect(input.stockSlots).toBe(4);
    expect(input.claimStartsAt).toBeNull();
    expect(v.combinesWith).toEqual(['PRODUCT', 'SHIPPING']);
    expect(input.combinesWith).toEqual(['PRODUCT', 'SHIPPING']);
    expect(input.exclusive).toBe(false);
  });
});

describe('combinations', () => {
  it('an exclusive coupon sends no classes, whatever the boxes held', () => {
    const input = toCouponInput({ ...base, combinesWith: ['ORDER', 'SHIPPING'], exclusive: true });
    expect(input.combinesWith).toEqual([]);
    expect(input.exclusive).toBe(true);
  });

  it('values from before the section existed send "combines with nothing"', () => {
    const { combinesWith: _c, exclusive: _e, ...old } = base;
    const input = toCouponInput(old);
    expect(input.combinesWith).toEqual([]);
    expect(input.exclusive).toBe(false);
  });

  it('classes are sent once each, in stack order, unknown ones dropped', () => {
    expect(toCombinesWith(['SHIPPING', 'ORDER', 'SHIPPING', 'NOPE'])).toEqual(['ORDER', 'SHIPPING']);
    expect(toCombinesWith(undefined)).toEqual([]);
    expect(toCombinesWith(['ORDER'], true)).toEqual([]);
  });

  it('reads an exclusive coupon back as exclusive with no classes', () => {
    const v = fromCoupon({
      id: 'c2',
      name: 'Solo',
      description: '',
      status: 'ACTIVE',
      currency: 'USD',
      discount: { kind: 'FREE_SHIPPING', amountOff: null, percentOff: null, maxDiscount: null, minOrderAmount: null },
      validity: { kind: 'RELATIVE', startsAt: null, endsAt: null, days: 10 },
      claimStartsAt: null,
      claimEndsAt: null,
      channels: ['CLAIM'],
      totalStock: 10,
      remainingStock: 10,
      perUserLimit: 1,
      stockSlots: 1,
      productScope: { kind: 'ALL', productIds: [], categoryIds: [] },
      tagRule: { anyOf: [], allOf: [], noneOf: [] },
      class: 'SHIPPING',
      combinesWith: [],
      exclusive: true,
      campaign: null,
      budget: { amount: null, usesPerDay: null, spent: '0', amountLeft: null, uses: 0, usesToday: 0, usesLeftToday: null },
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    expect(v.exclusive).toBe(true);
    expect(v.combinesWith).toEqual([]);
    expect(toCouponInput(v)).toMatchObject({ combinesWith: [], exclusive: true });
  });

  it("derives the coupon's class as the server does", () => {
    expect(discountClassOf('FREE_SHIPPING', 'WHITELIST')).toBe('SHIPPING');
    expect(discountClassOf('FREE_SHIPPING', 'ALL')).toBe('SHIPPING');
    expect(discountClassOf('AMOUNT_OFF', 'ALL')).toBe('ORDER');
    expect(discountClassOf('PERCENT_OFF', undefined)).toBe('ORDER');
    expect(discountClassOf('PERCENT_OFF', 'WHITELIST')).toBe('PRODUCT');
    expect(discountClassOf('AMOUNT_OFF', 'BLACKLIST')).toBe('PRODUCT');
  });
});

describe('campaign and budget', () => {
  it('a new coupon without a campaign sends null; with one, its id; the caps trimmed, null where none', () => {
    expect(toCouponInput({ ...base, campaignId: null }, 'create').campaignId).toBeNull();
    expect(toCouponInput({ ...base, campaignId: undefined }).campaignId).toBeNull();
    const input = toCouponInput({ ...base, campaignId: 'k1', budget: { amount: ' 500.50 ', usesPerDay: 20 } }, 'create');
    expect(input.campaignId).toBe('k1');
    expect(input.budget).toEqual({ amount: '500.50', usesPerDay: 20 });
    expect(toCouponInput({ ...base, budget: { amount: '', usesPerDay: null } }).budget).toEqual({ amount: null, usesPerDay: null });
    expect(toCouponInput(base).budget).toEqual({ amount: null, usesPerDay: null });
  });

  it('an edit that clears the campaign sends "" (detach); one that keeps it sends its id', () => {
    expect(toCouponInput({ ...base, campaignId: null }, 'update').campaignId).toBe('');
    expect(toCouponInput({ ...base, campaignId: undefined }, 'update').campaignId).toBe('');
    expect(toCouponInput({ ...base, campaignId: 'k1' }, 'update').campaignId).toBe('k1');
  });

  it("reads the coupon's campaign and caps back, and an edit that empties a cap sends null for it", () => {
    const c = {
      id: 'c3',
      name: 'Budgeted',
      description: '',
      status: 'ACTIVE' as const,
      currency: 'CNY',
      discount: { kind: 'AMOUNT_OFF' as const, amountOff: '5', percentOff: null, maxDiscount: null, minOrderAmount: null },
      validity: { kind: 'RELATIVE' as const, startsAt: null, endsAt: null, days: 10 },
      claimStartsAt: null,
      claimEndsAt: null,
      channels: ['CLAIM' as const],
      totalStock: 10,
      remainingStock: 10,
      perUserLimit: 1,
      stockSlots: 1,
      productScope: { kind: 'ALL' as const, productIds: [], categoryIds: [] },
      tagRule: { anyOf: [], allOf: [], noneOf: [] },
      class: 'ORDER' as const,
      combinesWith: [],
      exclusive: false,
      campaign: { id: 'k9', name: 'Double 11', currency: 'CNY' },
      budget: { amount: '300.00', usesPerDay: 50, spent: '120.00', amountLeft: '180.00', uses: 24, usesToday: 3, usesLeftToday: 47 },
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    };
    const v = fromCoupon(c);
    expect(v.campaignId).toBe('k9');
    expect(v.budget).toEqual({ amount: '300.00', usesPerDay: 50 });
    expect(toCouponInput(v, 'update')).toMatchObject({ campaignId: 'k9', budget: { amount: '300.00', usesPerDay: 50 } });
    const cleared = toCouponInput({ ...v, budget: { ...v.budget, usesPerDay: null } }, 'update');
    expect(cleared.budget).toEqual({ amount: '300.00', usesPerDay: null });
    // no caps: read as empty fields
    expect(fromCoupon({ ...c, campaign: null, budget: { ...c.budget, amount: null, usesPerDay: null } })).toMatchObject({
      campaignId: null,
      budget: { amount: undefined, usesPerDay: null },
    });
  });
});
