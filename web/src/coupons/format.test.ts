import { afterEach, describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { allowedActions, claimWindowSummary, discountSummary, formatMoney, formatTime, statusLabel, stockSummary } from './format';

afterEach(async () => {
  await i18n.changeLanguage('en-US');
});

describe('discountSummary', () => {
  it('describes an amount off, with a threshold', () => {
    expect(discountSummary({ kind: 'AMOUNT_OFF', amountOff: '10.00' }, 'USD')).toBe('$10.00 off');
    expect(discountSummary({ kind: 'AMOUNT_OFF', amountOff: '10', minOrderAmount: '99.90' }, 'EUR')).toBe(
      '€10.00 off on orders from €99.90',
    );
  });

  it('describes a percentage with and without a cap', () => {
    expect(discountSummary({ kind: 'PERCENT_OFF', percentOff: '15' }, 'USD')).toBe('15% off');
    expect(discountSummary({ kind: 'PERCENT_OFF', percentOff: '12.5', maxDiscount: '20.00' }, 'USD')).toBe(
      '12.5% off (up to $20.00)',
    );
  });

  it('describes free shipping and ignores a zero threshold', () => {
    expect(discountSummary({ kind: 'FREE_SHIPPING', minOrderAmount: '0' }, 'USD')).toBe('Free shipping');
    expect(discountSummary({ kind: 'FREE_SHIPPING', minOrderAmount: '0.00' })).toBe('Free shipping');
    expect(discountSummary({ kind: 'FREE_SHIPPING', minOrderAmount: '30' })).toBe('Free shipping on orders from 30');
  });

  it('keeps every digit the server sent (no float)', () => {
    expect(discountSummary({ kind: 'AMOUNT_OFF', amountOff: '0.10' }, 'USD')).toBe('$0.10 off');
    expect(discountSummary({ kind: 'AMOUNT_OFF', amountOff: '0.125' }, 'USD')).toBe('$0.125 off');
    expect(formatMoney('1234567890123.45', 'USD')).toBe('$1,234,567,890,123.45');
    expect(formatMoney(null, 'USD')).toBe('');
  });

  it('reads as Chinese writes it', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(discountSummary({ kind: 'AMOUNT_OFF', amountOff: '10', minOrderAmount: '50' }, 'CNY')).toBe('满 ¥50.00 立减 ¥10.00');
    expect(discountSummary({ kind: 'PERCENT_OFF', percentOff: '15', maxDiscount: '20' }, 'USD')).toBe('减免 15%（最多 US$20.00）');
    expect(discountSummary({ kind: 'FREE_SHIPPING', minOrderAmount: '30' }, 'CNY')).toBe('满 ¥30.00 包邮');
  });
});

describe('other summaries', () => {
  it('formats stock', () => {
    expect(stockSummary(1200, 5000)).toBe('1,200 / 5,000');
  });
  it('formats times and claim windows for the language', async () => {
    const t = new Date(2026, 0, 1, 8, 5).toISOString();
    expect(formatTime(t)).toBe('01/01/2026, 08:05');
    expect(formatTime(null)).toBe('');
    expect(claimWindowSummary(null, null)).toBe('Always open');
    expect(claimWindowSummary(null, t)).toBe('any time → 01/01/2026, 08:05');
    expect(claimWindowSummary(t, null)).toBe('01/01/2026, 08:05 → no end');
    await i18n.changeLanguage('zh-CN');
    expect(claimWindowSummary(null, null)).toBe('随时可领取');
    expect(claimWindowSummary(t, null)).toBe('2026/01/01 08:05 → 不限结束');
  });
  it('names the statuses', async () => {
    expect(statusLabel('ACTIVE')).toBe('Active');
    await i18n.changeLanguage('zh-CN');
    expect(statusLabel('DRAFT')).toBe('草稿');
  });
  it('follows the status machine', () => {
    expect(allowedActions('DRAFT')).toEqual(['activate']);
    expect(allowedActions('ACTIVE')).toEqual(['pause', 'end']);
    expect(allowedActions('PAUSED')).toEqual(['activate', 'end']);
    expect(allowedActions('ENDED')).toEqual([]);
  });
});
