import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { fromCoupon, toCouponInput, type CouponFormValues } from './formValues';

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
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    const input = toCouponInput(v);
    expect(input.discount).toEqual({ kind: 'AMOUNT_OFF', amountOff: '5.00', minOrderAmount: null });
    expect(input.validity).toEqual({ kind: 'RELATIVE', days: 10 });
    expect(input.stockSlots).toBe(4);
    expect(input.claimStartsAt).toBeNull();
  });
});
