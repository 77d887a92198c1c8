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
import i18n from '../i18n';
import { formatNumber } from '../i18n/format';
import { bucketLabel, chartNumber, formatAmount } from './format';

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

/** The series' names in the console's language (legend, tooltip, table columns). */
export function seriesNames() {
  return {
    issued: i18n.t('stats:chart.issued'),
    used: i18n.t('stats:chart.used'),
    refunded: i18n.t('stats:chart.refunded'),
    discount: i18n.t('stats:chart.discount'),
  };
}

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
  const names = seriesNames();
  const discounts = points.map((p) => p.discountTotal);
  return {
    animation: false,
    color: [COLORS.issued, COLORS.used, COLORS.refunded, COLORS.discount],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      // counts grouped as the language writes them (the discount series formats its own)
      valueFormatter: (v) => (typeof v === 'number' ? formatNumber(v) : '–'),
    },
    legend: { top: 0, data: [names.issued, names.used, names.refunded, names.discount] },
    grid: { left: 48, right: 64, top: 40, bottom: 32, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      axisTick: { alignWithLabel: true },
    },
    yAxis: [
      log
        ? { type: 'log', name: i18n.t('stats:chart.couponsLog'), min: 1, logBase: 10, axisLabel: { formatter: (v: number) => formatNumber(v) } }
        : { type: 'value', name: i18n.t('stats:chart.coupons'), minInterval: 1, axisLabel: { formatter: (v: number) => formatNumber(v) } },
      {
        type: 'value',
        name: currency ? i18n.t('stats:chart.discountIn', { currency }) : i18n.t('stats:chart.discount'),
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => formatNumber(v) },
      },
    ],
    series: [
      { name: names.issued, type: 'bar', yAxisIndex: 0, barMaxWidth: 24, data: points.map((p) => count(p.issued)) },
      { name: names.used, type: 'bar', yAxisIndex: 0, barMaxWidth: 24, data: points.map((p) => count(p.used)) },
      { name: names.refunded, type: 'bar', yAxisIndex: 0, barMaxWidth: 24, data: points.map((p) => count(p.refunded)) },
      {
        name: names.discount,
        type: 'line',
        yAxisIndex: 1,
        smooth: false,
        showSymbol: !many,
        // the exact amount in its currency, not the chart's float
        tooltip: { valueFormatter: (v, i) => formatAmount(discounts[i] ?? String(v), currency) },
        data: points.map((p) => chartNumber(p.discountTotal)),
      },
    ],
  };
}
