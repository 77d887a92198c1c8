import { afterEach, describe, expect, it } from 'vitest';
import i18n from './index';
import { formatDateTime, formatMoney, formatNumber, formatPercent } from './format';

afterEach(async () => {
  await i18n.changeLanguage('en-US');
});

describe('formatMoney', () => {
  it('writes the currency as each language does, without rounding digits away', async () => {
    expect(formatMoney('1234.5', 'USD')).toBe('$1,234.50');
    expect(formatMoney('0.125', 'USD')).toBe('$0.125');
    expect(formatMoney('12345678901234567.89', 'USD')).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney('12', 'CNY')).toBe('CN¥12.00');
    await i18n.changeLanguage('zh-CN');
    expect(formatMoney('12', 'CNY')).toBe('¥12.00');
    expect(formatMoney('1234.5', 'USD')).toBe('US$1,234.50');
  });

  it('keeps what it cannot format', () => {
    expect(formatMoney('', 'USD')).toBe('');
    expect(formatMoney(null)).toBe('');
    expect(formatMoney('abc', 'USD')).toBe('abc USD');
    expect(formatMoney('1000')).toBe('1,000');
  });
});

describe('numbers and times', () => {
  it('groups and shows percentages with precision', () => {
    expect(formatNumber(300500)).toBe('300,500');
    expect(formatNumber(null)).toBe('–');
    expect(formatPercent(104 / 300500, 3)).toBe('0.035%');
  });

  it('formats a moment for the language', async () => {
    const t = new Date(2026, 10, 24, 8, 5).toISOString();
    expect(formatDateTime(t)).toBe('11/24/2026, 08:05');
    await i18n.changeLanguage('zh-CN');
    expect(formatDateTime(t)).toBe('2026/11/24 08:05');
    expect(formatDateTime('')).toBe('');
  });
});
