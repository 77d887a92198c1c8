import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import i18n from '../i18n';
import {
  decimalSub,
  decimalSum,
  decimalsOf,
  displayCurrency,
  fieldFor,
  isZero,
  itemsSubtotal,
  lineAmount,
  lineRows,
  minorUnits,
  simulationErrors,
  toCartInput,
} from './cart';

describe('toCartInput', () => {
  it('trims, upper-cases the currency and leaves empty optional fields to the server', () => {
    expect(
      toCartInput({
        currency: ' usd ',
        shippingFee: ' 8.00 ',
        items: [
          { productId: ' p1 ', categoryId: '  ', unitPrice: ' 19.99', quantity: 3 },
          { productId: 'p2', categoryId: 'shoes', unitPrice: '5', quantity: 1 },
        ],
      }),
    ).toEqual({
      currency: 'USD',
      shippingFee: '8.00',
      items: [
        { productId: 'p1', categoryId: null, unitPrice: '19.99', quantity: 3 },
        { productId: 'p2', categoryId: 'shoes', unitPrice: '5', quantity: 1 },
      ],
    });
    expect(toCartInput({ currency: '', shippingFee: '', items: [] })).toEqual({ currency: null, shippingFee: null, items: [] });
  });
});

describe('exact decimals', () => {
  it('multiplies, adds and subtracts without floats', () => {
    expect(lineAmount('19.99', 3)).toBe('59.97');
    expect(lineAmount('0.1', 3)).toBe('0.3');
    expect(lineAmount('1000', 100000)).toBe('100000000');
    expect(lineAmount('abc', 1)).toBeNull();
    expect(decimalSum(['0.1', '0.2'])).toBe('0.3');
    expect(decimalSum(['10', '2.50', '0.005'])).toBe('12.505');
    expect(decimalSum([])).toBe('0');
    expect(decimalSum(['1', 'x'])).toBeNull();
    expect(decimalSub('10', '2.50')).toBe('7.50');
    expect(decimalSub('1.00', '2.5')).toBe('-1.50');
    expect(decimalsOf('19.990')).toBe(3);
    expect(decimalsOf('5')).toBe(0);
  });

  it('knows zero and the decimals a currency allows', () => {
    expect(isZero('0')).toBe(true);
    expect(isZero('0.00')).toBe(true);
    expect(isZero('0.01')).toBe(false);
    expect(isZero('')).toBe(false);
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('jpy')).toBe(0);
    expect(minorUnits('')).toBeUndefined();
    expect(minorUnits('US')).toBeUndefined();
  });
});

describe('the result line by line', () => {
  const cart = toCartInput({
    currency: '',
    shippingFee: '10',
    items: [
      { productId: 'p1', categoryId: 'c1', unitPrice: '50.00', quantity: 2 },
      { productId: 'p2', unitPrice: '20', quantity: 1 },
    ],
  });
  const stack = {
    coupons: [
      { discount: '15.00', lines: ['10.00', '5.00'], shipping: '0', coupon: { id: 'a', name: 'A', currency: 'CNY', class: 'PRODUCT' as const } },
      { discount: '10', lines: ['0', '0'], shipping: '10', coupon: { id: 'b', name: 'B', currency: 'CNY', class: 'SHIPPING' as const } },
    ],
  };

  it('puts what each coupon took off next to each line', () => {
    expect(lineRows(cart, stack)).toEqual([
      { index: 0, productId: 'p1', categoryId: 'c1', amount: '100.00', off: ['10.00', '0'], left: '90.00' },
      { index: 1, productId: 'p2', categoryId: null, amount: '20', off: ['5.00', '0'], left: '15.00' },
    ]);
    expect(itemsSubtotal(cart)).toBe('120.00');
  });

  it("shows amounts in the cart's currency, else the stack's", () => {
    expect(displayCurrency(cart, stack)).toBe('CNY');
    expect(displayCurrency({ ...cart, currency: 'USD' }, stack)).toBe('USD');
    expect(displayCurrency(cart, { coupons: [] })).toBeUndefined();
  });
});

describe('simulationErrors', () => {
  const labels = { unitPrice: 'Unit price', quantity: 'Quantity', currency: 'Currency' };

  it('maps the paths of a bad cart onto its rows', () => {
    const err = new ApiError('INVALID_INPUT', 'x', [
      {
        message:
          'INVALID_INPUT: cart.currency: "XX" is not an ISO 4217 currency code; cart.items.1.unitPrice: unitPrice must not be negative; cart.items: at least one item is required',
        extensions: { code: 'INVALID_INPUT' },
      },
    ]);
    expect(fieldFor(['cart', 'items', '1', 'unitPrice'])).toEqual(['items', 1, 'unitPrice']);
    expect(fieldFor(['couponIds', '3'])).toEqual(['couponIds']);
    expect(fieldFor(['cart', 'items'])).toBeUndefined();
    expect(simulationErrors(err, labels)).toEqual({
      fields: [
        { name: ['currency'], errors: ['"XX" is not an ISO 4217 currency code'] },
        { name: ['items', 1, 'unitPrice'], errors: ['Unit price must not be negative'] },
      ],
      general: ['At least one item is required'],
    });
  });

  it('puts a coupon the server does not know on the coupon picker', () => {
    const err = new ApiError('NOT_FOUND', 'coupon "k9" not found', [
      { message: 'coupon "k9" not found', extensions: { code: 'NOT_FOUND', field: ['couponIds', '0'] } },
    ]);
    expect(simulationErrors(err)).toEqual({ fields: [{ name: ['couponIds'], errors: ['coupon "k9" not found'] }], general: [] });
  });

  it('says what a failed request means, in the chosen language', async () => {
    expect(simulationErrors(new ApiError('FORBIDDEN', 'no', [{ message: 'no', extensions: { code: 'FORBIDDEN' } }])).general).toEqual([
      'You do not have permission to do this.',
    ]);
    expect(simulationErrors(new ApiError('NETWORK', 'fetch failed')).general).toEqual(['Cannot reach the server. Check your connection.']);
    await i18n.changeLanguage('zh-CN');
    const err = new ApiError('TOO_MANY', 'at most 100 coupons per simulation', [
      { message: 'at most 100 coupons per simulation', extensions: { code: 'TOO_MANY' } },
    ]);
    expect(simulationErrors(err).general[0]).toContain('at most 100 coupons per simulation');
    expect(simulationErrors(err).general[0]).not.toBe('at most 100 coupons per simulation');
    await i18n.changeLanguage('en-US');
  });
});
