// The ECharts option for a statistics series, as a pure function (tested
// without a canvas). Only types come from echarts here; the runtime parts are
// registered in components/EChart.tsx.
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { Granularity, StatsSeriesQuery } from '../gql/graphql';
import { bucketLabel, chartNumber } from './format';

export type StatsChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export type SeriesPoint = Pick<StatsSeriesQuery['statsSeries'][number], 'at' | 'issued' | 'used' | 'refunded' | 'discountTotal'>;

/** How the counts axis is drawn: linear, or log so that a few uses show next to 300k issued. */
export type CountScale = 'linear' | 'log';

/**
 * The scale that shows every series: log when the used or refunded bars
 * would be too small to see next to the issued ones (under 1/50th of the
 * tallest bar), else linear.
 */
export function autoScale(points: readonly SeriesPoint[]): CountScale {
  const top = Math.max(0, ...points.map((p) => p.issued));
  const small = points.flatMap((p) => [p.used, p.refunded]).filter((n) => n > 0);
  if (top === 0 || small.length === 0) return 'linear';
  return Math.max(...small) * 50 < top ? 'log' : 'linear';
}

export const SERIES_NAMES = { issued: 'Issued', used: 'Used', refunded: 'Refunded', discount: 'Discount' } as const;

const COLORS = { issued: '#1677ff', used: '#52c41a', refunded: '#faad14', discount: '#eb2f96' };

/**
 * Issued, used and refunded per bucket as bars on the left axis (counts), the
 * discount granted as a line on the right axis (money). Buckets are labelled
 * in UTC, like the range.
 */
export function buildSeriesOption(
  points: readonly SeriesPoint[],
  granularity: Granularity,
  currency?: string | null,
  scale: CountScale = 'linear',
): StatsChartOption {
  const labels = points.map((p) => bucketLabel(p.at, granularity));
  const many = points.length > 48;
  const log = scale === 'log';
  // a log axis has no 0: empty buckets get no bar
  const count = (n: number) => (log && n <= 0 ? null : n);
  return {
    animation: false,
    color: [COLORS.issued, COLORS.used, COLORS.refunded, COLORS.discount],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [SERIES_NAMES.issued, SERIES_NAMES.used, SERIES_NAMES.refunded, SERIES_NAMES.discount] },
    grid: { left: 48, right: 64, top: 40, bottom: 32, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      axisTick: { alignWithLabel: true },
    },
    yAxis: [
      log
        ? { type: 'log', name: 'Coupons (log)', min: 1, logBase: 10 }
        : { type: 'value', name: 'Coupons', minInterval: 1 },
      { type: 'value', name: currency ? `Discount (${currency})` : 'Discount', splitLine: { show: false } },
    ],
    series: [
      { name: SERIES_NAMES.issued, type: 'bar', yAxisIndex: 0, barMaxWidth: 24, data: points.map((p) => count(p.issued)) },
      { name: SERIES_NAMES.used, type: 'bar', yAxisIndex: 0, barMaxWidth: 24, data: points.map((p) => count(p.used)) },
      { name: SERIES_NAMES.refunded, type: 'bar', yAxisIndex: 0, barMaxWidth: 24, data: points.map((p) => count(p.refunded)) },
      {
        name: SERIES_NAMES.discount,
        type: 'line',
        yAxisIndex: 1,
        smooth: false,
        showSymbol: !many,
        data: points.map((p) => chartNumber(p.discountTotal)),
      },
    ],
  };
}
