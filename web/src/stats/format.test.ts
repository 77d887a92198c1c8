import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import {
  addDays,
  channelSummary,
  bucketLabel,
  chartNumber,
  dayDisabled,
  dayStartMs,
  effectiveGranularity,
  exportUrl,
  formatAmount,
  formatAsOf,
  formatCount,
  formatDecimal,
  formatUseRate,
  formatChange,
  formatPercent,
  previousRange,
  sharedCurrency,
  granularityAllowed,
  isStale,
  lastDays,
  nextGranularity,
  rangeDays,
  rangeFromParams,
  rangeToParams,
  rangeVariables,
} from './format';

const NOW = Date.UTC(2026, 2, 10, 15, 30); // 2026-03-10T15:30Z

describe('days and ranges', () => {
  it('reads real days only', () => {
    expect(dayStartMs('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(dayStartMs('2026-02-30')).toBeNaN();
    expect(dayStartMs('2026-3-1')).toBeNaN();
    expect(dayStartMs('')).toBeNaN();
  });

  it('moves days across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts days with both ends included', () => {
    expect(rangeDays({ from: '2026-03-01', to: '2026-03-01' })).toBe(1);
    expect(rangeDays({ from: '2026-03-01', to: '2026-03-07' })).toBe(7);
    expect(rangeDays({ from: '2026-01-01', to: '2026-12-31' })).toBe(365);
    expect(rangeDays({ from: '2026-03-07', to: '2026-03-01' })).toBe(0);
    expect(rangeDays({ from: 'x', to: '2026-03-01' })).toBe(0);
  });

  it('defaults to the last 7 UTC days, today included', () => {
    expect(lastDays(7, NOW)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(lastDays(1, NOW)).toEqual({ from: '2026-03-10', to: '2026-03-10' });
  });

  it('sends from the start of the first day to the end of the last, exclusive, in UTC', () => {
    expect(rangeVariables({ from: '2026-03-04', to: '2026-03-10' })).toEqual({
      from: '2026-03-04T00:00:00Z',
      to: '2026-03-11T00:00:00Z',
    });
    expect(rangeVariables({ from: '2026-12-31', to: '2026-12-31' })).toEqual({
      from: '2026-12-31T00:00:00Z',
      to: '2027-01-01T00:00:00Z',
    });
  });
});

describe('granularity limits', () => {
  it('HOUR up to 31 days, DAY up to 366', () => {
    expect(granularityAllowed('HOUR', 31)).toBe(true);
    expect(granularityAllowed('HOUR', 32)).toBe(false);
    expect(granularityAllowed('DAY', 366)).toBe(true);
    expect(granularityAllowed('DAY', 367)).toBe(false);
    expect(granularityAllowed('DAY', 0)).toBe(false);
  });

  it('falls back to DAY when the range is too long for HOUR', () => {
    expect(effectiveGranularity('HOUR', { from: '2026-03-01', to: '2026-03-31' })).toBe('HOUR');
    expect(effectiveGranularity('HOUR', { from: '2026-03-01', to: '2026-04-01' })).toBe('DAY');
    expect(effectiveGranularity('DAY', { from: '2026-03-01', to: '2026-03-01' })).toBe('DAY');
  });

  it('switches to HOUR for a single day and back to DAY after it', () => {
    const week = { from: '2026-03-04', to: '2026-03-10' };
    const day = { from: '2026-03-10', to: '2026-03-10' };
    const quarter = { from: '2025-12-11', to: '2026-03-10' };
    expect(nextGranularity('DAY', week, day)).toBe('HOUR');
    expect(nextGranularity('HOUR', day, week)).toBe('DAY');
    expect(nextGranularity('HOUR', week, { from: '2026-03-01', to: '2026-03-10' })).toBe('HOUR');
    expect(nextGranularity('HOUR', week, quarter)).toBe('DAY');
    expect(nextGranularity('DAY', week, quarter)).toBe('DAY');
  });

  it('the picker refuses future days and ranges longer than 366 days', () => {
    expect(dayDisabled('2026-03-10', null, NOW)).toBe(false);
    expect(dayDisabled('2026-03-11', null, NOW)).toBe(true);
    expect(dayDisabled('2025-03-10', '2026-03-10', NOW)).toBe(false); // 366 days
    expect(dayDisabled('2025-03-09', '2026-03-10', NOW)).toBe(true);
  });
});

describe('search params', () => {
  it('reads a valid range and granularity', () => {
    expect(rangeFromParams(new URLSearchParams('from=2026-03-01&to=2026-03-02&g=HOUR'), NOW)).toEqual({
      range: { from: '2026-03-01', to: '2026-03-02' },
      granularity: 'HOUR',
    });
  });

  it('defaults to the last 7 days by day', () => {
    const def = { range: { from: '2026-03-04', to: '2026-03-10' }, granularity: 'DAY' };
    expect(rangeFromParams(new URLSearchParams(''), NOW)).toEqual(def);
    expect(rangeFromParams(new URLSearchParams('from=2026-03-09&to=2026-03-01'), NOW)).toEqual(def);
    expect(rangeFromParams(new URLSearchParams('from=2024-01-01&to=2026-03-01'), NOW)).toEqual(def);
    expect(rangeFromParams(new URLSearchParams('from=2026-02-30&to=2026-03-01&g=WEEK'), NOW)).toEqual(def);
  });

  it('takes HOUR back to DAY beyond 31 days', () => {
    expect(rangeFromParams(new URLSearchParams('from=2026-01-01&to=2026-03-01&g=HOUR'), NOW).granularity).toBe('DAY');
  });

  it('writes them, keeping other params', () => {
    const p = rangeToParams(new URLSearchParams('tab=x&g=DAY'), { from: '2026-03-01', to: '2026-03-02' }, 'HOUR');
    expect(p.toString()).toBe('tab=x&g=HOUR&from=2026-03-01&to=2026-03-02');
  });
});

describe('export links', () => {
  const r = { from: '2026-03-04', to: '2026-03-10' };
  it('encodes the RFC 3339 range', () => {
    expect(exportUrl('coupons', r)).toBe('/export/stats/coupons?from=2026-03-04T00%3A00%3A00Z&to=2026-03-11T00%3A00%3A00Z');
    expect(exportUrl('coupons', r, { couponId: 'c1' })).not.toContain('couponId');
  });

  it('adds the granularity to the series, and the coupon to series and products', () => {
    expect(exportUrl('series', r, { granularity: 'HOUR' })).toBe(
      '/export/stats/series?from=2026-03-04T00%3A00%3A00Z&to=2026-03-11T00%3A00%3A00Z&granularity=HOUR',
    );
    expect(exportUrl('series', r, { couponId: 'Q291cG9uOjE=' })).toMatch(/&granularity=DAY&couponId=Q291cG9uOjE%3D$/);
    expect(exportUrl('products', r, { granularity: 'HOUR', couponId: 'c 1' })).toBe(
      '/export/stats/products?from=2026-03-04T00%3A00%3A00Z&to=2026-03-11T00%3A00%3A00Z&couponId=c+1',
    );
    // every campaign: no coupon narrows it
    expect(exportUrl('campaigns', r, { couponId: 'c1' })).toBe('/export/stats/campaigns?from=2026-03-04T00%3A00%3A00Z&to=2026-03-11T00%3A00%3A00Z');
  });
});

describe('figures', () => {
  it('groups counts', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(null)).toBe('–');
  });

  it('groups decimal strings without turning them into floats', () => {
    expect(formatDecimal('0')).toBe('0');
    expect(formatDecimal('19.99')).toBe('19.99');
    expect(formatDecimal('12345.50')).toBe('12,345.50');
    expect(formatDecimal('1234567890123456789.01')).toBe('1,234,567,890,123,456,789.01');
    expect(formatDecimal('-1000')).toBe('-1,000');
    expect(formatDecimal('0012.5')).toBe('12.5');
    expect(formatDecimal('10.0000')).toBe('10.00');
    expect(formatDecimal('110.1250')).toBe('110.125');
    expect(formatDecimal('0.0001')).toBe('0.0001');
    expect(formatDecimal('7.0')).toBe('7.0');
    expect(formatDecimal('1e5')).toBe('1e5');
    expect(formatDecimal('')).toBe('–');
    expect(formatAmount('1500.00', 'USD')).toBe('$1,500.00');
    expect(formatAmount('1234567890123456789.01', 'USD')).toBe('$1,234,567,890,123,456,789.01');
    expect(formatAmount('10.0000', 'USD')).toBe('$10.00');
    expect(formatAmount('110.1250', 'EUR')).toBe('€110.125');
    expect(formatAmount('1500.00')).toBe('1,500.00');
    expect(formatAmount(null, 'USD')).toBe('–');
  });

  it('shows the use rate as a percent', () => {
    expect(formatUseRate(0.125, 8)).toBe('12.5%');
    expect(formatUseRate(2 / 3, 3)).toBe('66.7%');
    expect(formatUseRate(1, 4)).toBe('100%');
    expect(formatUseRate(0, 10)).toBe('0%');
    expect(formatUseRate(0, 0)).toBe('–');
    expect(formatUseRate(Number.NaN, 3)).toBe('–');
  });

  it('keeps small use rates visible: 104 used of 300,500 is not 0%', () => {
    expect(formatUseRate(104 / 300_500, 300_500)).toBe('0.035%');
    expect(formatUseRate(1 / 1_000_000, 1_000_000)).toBe('<0.01%');
    expect(formatUseRate(0.005, 200)).toBe('0.5%');
    expect(formatUseRate(0.0123, 1000)).toBe('1.2%');
    expect(formatPercent(-0.5)).toBe('-0.5%');
  });

  it('compares with the previous period', () => {
    expect(formatChange(112, 100, 7)).toBe('+12% vs previous 7 days');
    expect(formatChange(50, 100, 1)).toBe('-50% vs previous day');
    expect(formatChange(5, 0, 7)).toBe('new vs previous 7 days');
    expect(formatChange(0, 0, 7)).toBe('no change vs previous 7 days');
    expect(formatChange(5, null, 7)).toBeNull();
    expect(previousRange({ from: '2026-03-04', to: '2026-03-10' })).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(previousRange({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });

  it('sums over coupons carry their currency only when they share one', () => {
    expect(sharedCurrency(['USD', 'USD'])).toBe('USD');
    expect(sharedCurrency(['USD', 'EUR'])).toBeNull();
    expect(sharedCurrency([])).toBe('');
  });

  it('as of: local time, stale after a minute', () => {
    const asOf = new Date(2026, 2, 10, 9, 5, 7).toISOString();
    expect(formatAsOf(asOf)).toBe('as of 09:05:07');
    expect(formatAsOf(null)).toBe('');
    const t = Date.parse(asOf);
    expect(isStale(asOf, t + 60_000)).toBe(false);
    expect(isStale(asOf, t + 60_001)).toBe(true);
    expect(isStale(null, t)).toBe(false);
  });

  it('sums up channels with a count', () => {
    expect(
      channelSummary([
        { channel: 'CLAIM', count: 1200 },
        { channel: 'TARGETED', count: 0 },
        { channel: 'CODE', count: 3 },
      ]),
    ).toBe('Claim 1,200 · Code 3');
    expect(channelSummary([])).toBe('');
  });

  it('labels buckets in UTC', () => {
    expect(bucketLabel('2026-03-10T00:00:00Z', 'DAY')).toBe('Mar 10');
    expect(bucketLabel('2026-03-10T14:00:00Z', 'HOUR')).toBe('Mar 10, 14:00');
    expect(bucketLabel('2026-03-10T16:00:00+02:00', 'HOUR')).toBe('Mar 10, 14:00');
  });

  it('chart values from decimal strings', () => {
    expect(chartNumber('19.99')).toBe(19.99);
    expect(chartNumber('')).toBe(0);
    expect(chartNumber('x')).toBe(0);
  });

  it('in Chinese: money, changes, channels, as of and buckets', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(formatAmount('1500.00', 'USD')).toBe('US$1,500.00');
    expect(formatAmount('12.00', 'CNY')).toBe('¥12.00');
    expect(formatAmount('12345.50')).toBe('12,345.50');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatChange(112, 100, 7)).toBe('较前 7 天 +12%');
    expect(formatChange(5, 0, 1)).toBe('较前 1 天新增');
    expect(formatChange(0, 0, 7)).toBe('较前 7 天无变化');
    expect(channelSummary([{ channel: 'CLAIM', count: 1200 }, { channel: 'CODE', count: 3 }])).toBe('领取 1,200 · 兑换码 3');
    expect(formatAsOf(new Date(2026, 2, 10, 9, 5, 7).toISOString())).toBe('数据截至 09:05:07');
    expect(bucketLabel('2026-03-10T00:00:00Z', 'DAY')).toBe('3月10日');
    expect(bucketLabel('2026-03-10T14:00:00Z', 'HOUR')).toBe('3月10日 14:00');
  });
});
