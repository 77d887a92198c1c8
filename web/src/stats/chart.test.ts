import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { autoScale, buildSeriesOption, seriesNames } from './chart';

const points = [
  { at: '2026-03-09T00:00:00Z', issued: 10, used: 4, refunded: 1, discountTotal: '20.00' },
  { at: '2026-03-10T00:00:00Z', issued: 0, used: 0, refunded: 0, discountTotal: '0' },
  { at: '2026-03-11T00:00:00Z', issued: 3, used: 2, refunded: 0, discountTotal: '12.50' },
];

type AnySeries = { name: string; type: string; yAxisIndex: number; data: (number | null)[]; showSymbol?: boolean };

describe('buildSeriesOption', () => {
  it('one category per bucket, labelled in UTC', async () => {
    const o = buildSeriesOption(points, 'DAY');
    expect((o.xAxis as { data: string[] }).data).toEqual(['Mar 9', 'Mar 10', 'Mar 11']);
    const hourly = buildSeriesOption([{ ...points[0], at: '2026-03-09T13:00:00Z' }], 'HOUR');
    expect((hourly.xAxis as { data: string[] }).data).toEqual(['Mar 9, 13:00']);
    await i18n.changeLanguage('zh-CN');
    expect((buildSeriesOption(points, 'DAY').xAxis as { data: string[] }).data).toEqual(['3月9日', '3月10日', '3月11日']);
  });

  it('counts as bars on the left axis, the discount as a line on the right', () => {
    const SERIES_NAMES = seriesNames();
    const o = buildSeriesOption(points, 'DAY', 'EUR');
    const series = o.series as AnySeries[];
    expect(series.map((s) => [s.name, s.type, s.yAxisIndex])).toEqual([
      [SERIES_NAMES.issued, 'bar', 0],
      [SERIES_NAMES.used, 'bar', 0],
      [SERIES_NAMES.refunded, 'bar', 0],
      [SERIES_NAMES.discount, 'line', 1],
    ]);
    expect(series[0].data).toEqual([10, 0, 3]);
    expect(series[1].data).toEqual([4, 0, 2]);
    expect(series[2].data).toEqual([1, 0, 0]);
    expect(series[3].data).toEqual([20, 0, 12.5]);
    const yAxis = o.yAxis as { name: string }[];
    expect(yAxis.map((a) => a.name)).toEqual(['Coupons', 'Discount (EUR)']);
    expect((o.legend as { data: string[] }).data).toEqual(['Issued', 'Used', 'Refunded', 'Discount']);
  });

  it('names, axes and tooltips in Chinese; the discount tooltip shows the exact amount', async () => {
    await i18n.changeLanguage('zh-CN');
    const o = buildSeriesOption(points, 'DAY', 'USD');
    expect((o.legend as { data: string[] }).data).toEqual(['发放', '使用', '退款', '优惠金额']);
    expect((o.yAxis as { name: string }[]).map((a) => a.name)).toEqual(['张数', '优惠金额（USD）']);
    const line = (o.series as { tooltip: { valueFormatter: (v: number, i: number) => string } }[])[3];
    expect(line.tooltip.valueFormatter(12.5, 2)).toBe('US$12.50');
    expect((o.tooltip as { valueFormatter: (v: number) => string }).valueFormatter(12345)).toBe('12,345');
  });

  it('no points: empty series, still a valid option', () => {
    const o = buildSeriesOption([], 'HOUR');
    expect((o.xAxis as { data: string[] }).data).toEqual([]);
    expect((o.series as AnySeries[]).every((s) => s.data.length === 0)).toBe(true);
    expect((o.yAxis as { name: string }[])[1].name).toBe('Discount');
  });

  it('hides the line symbols when there are many buckets', () => {
    const many = Array.from({ length: 72 }, (_, i) => ({ ...points[0], at: new Date(Date.UTC(2026, 2, 1, i)).toISOString() }));
    expect((buildSeriesOption(many, 'HOUR').series as AnySeries[])[3].showSymbol).toBe(false);
    expect((buildSeriesOption(points, 'DAY').series as AnySeries[])[3].showSymbol).toBe(true);
  });

  it('a log scale keeps a few uses visible next to 300k issued; empty buckets get no bar', () => {
    const big = [
      { at: '2026-03-09T00:00:00Z', issued: 300_000, used: 100, refunded: 4, discountTotal: '500' },
      { at: '2026-03-10T00:00:00Z', issued: 500, used: 0, refunded: 0, discountTotal: '0' },
    ];
    expect(autoScale(big)).toBe('log');
    expect(autoScale(points)).toBe('linear');
    expect(autoScale([])).toBe('linear');
    const o = buildSeriesOption(big, 'DAY', 'USD', 'log');
    const y = o.yAxis as { type: string; name: string }[];
    expect(y[0].type).toBe('log');
    expect(y[0].name).toBe('Coupons (log)');
    const series = o.series as AnySeries[];
    expect(series[1].data).toEqual([100, null]);
    expect(series[3].data).toEqual([500, 0]); // the discount line keeps its own linear axis
    expect((buildSeriesOption(big, 'DAY').yAxis as { type: string }[])[0].type).toBe('value');
  });
});
