import { describe, expect, it } from 'vitest';
import { allowedActions, claimWindowSummary, discountSummary, formatMoney, stockSummary } from './format';

describe('discountSummary', () => {
  it('describes an amount off, with a threshold', () => {
    expect(discountSummary({ kind: 'AMOUNT_OFF', amountOff: '10.00' }, 'USD')).toBe('10.00 USD off');
    expect(discountSummary({ kind: 'AMOUNT_OFF', amountOff: '10', minOrderAmount: '99.90' }, 'EUR')).toBe(
      '10 EUR off on orders from 99.90 EUR',
    );
  });

  it('describes a percentage with and without a cap', () => {
    expect(discountSummary({ kind: 'PERCENT_OFF', percentOff: '15' }, 'USD')).toBe('15% off');
    expect(discountSummary({ kind: 'PERCENT_OFF', percentOff: '12.5', maxDiscount: '20.00' }, 'USD')).toBe(
      '12.5% off (up to 20.00 USD)',
    );
  });

  it('describes free shipping and ignores a zero threshold', () => {
    expect(discountSummary({ kind: 'FREE_SHIPPING', minOrderAmount: '0' }, 'USD')).toBe('Free shipping');
    expect(discountSummary({ kind: 'FREE_SHIPPING', minOrderAmount: '0.00' })).toBe('Free shipping');
    expect(discountSummary({ kind: 'FREE_SHIPPING', minOrderAmount: '30' })).toBe('Free shipping on orders from 30');
  });

  it('keeps money exactly as the server sent it', () => {
    expect(discountSummary({ kind: 'AMOUNT_OFF', amountOff: '0.10' }, 'USD')).toBe('0.10 USD off');
    expect(formatMoney('1234567890123.45', 'JPY')).toBe('1234567890123.45 JPY');
    expect(formatMoney(null, 'USD')).toBe('');
  });
});

describe('other summaries', () => {
  it('formats stock', () => {
    expect(stockSummary(1200, 5000)).toBe('1,200 / 5,000');
  });
  it('formats an open claim window', () => {
    expect(claimWindowSummary(null, null)).toBe('Always open');
    expect(claimWindowSummary(null, '2026-01-01T00:00:00Z')).toMatch(/^any time → 20\d\d-/);
  });
  it('follows the status machine', () => {
    expect(allowedActions('DRAFT')).toEqual(['activate']);
    expect(allowedActions('ACTIVE')).toEqual(['pause', 'end']);
    expect(allowedActions('PAUSED')).toEqual(['activate', 'end']);
    expect(allowedActions('ENDED')).toEqual([]);
  });
});
