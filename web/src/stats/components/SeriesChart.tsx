import { Suspense, lazy, useMemo, useState } from 'react';
import { Empty, Segmented, Spin, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Granularity } from '../../gql/graphql';
import { autoScale, buildSeriesOption, seriesNames, type CountScale, type SeriesPoint } from '../chart';
import { bucketLabel, formatAmount, formatCount } from '../format';
import { StatsError } from './StatsError';

const EChart = lazy(() => import('./EChart'));

export interface SeriesChartProps {
  points: readonly SeriesPoint[] | undefined;
  granularity: Granularity;
  currency?: string | null;
  loading?: boolean;
  error?: unknown;
  height?: number;
}

/** The chart with a linear or a log counts axis, or the same figures as a table. */
type View = CountScale | 'table';

/**
 * Issued, used and refunded per bucket, and the discount granted (ECharts).
 * The counts axis turns log by itself when the used or refunded bars would be
 * too small to see next to the issued ones; "Table" shows the figures.
 */
export function SeriesChart({ points, granularity, currency, loading, error, height = 320 }: SeriesChartProps) {
  const { t, i18n } = useTranslation('stats');
  const [picked, setPicked] = useState<View | null>(null);
  const view: View = picked ?? autoScale(points ?? []);
  const scale: CountScale = view === 'log' ? 'log' : 'linear';
  const option = useMemo(
    // rebuilt on a language change: names, axes and dates follow it
    () => buildSeriesOption(points ?? [], granularity, currency, scale),
    [points, granularity, currency, scale, i18n.language],
  );
  if (error) return <StatsError error={error} />;
  const fallback = (
    <div style={{ height, display: 'grid', placeItems: 'center' }}>
      <Spin />
    </div>
  );
  if (!points) return loading ? fallback : <Empty description={t('chart.noFigures')} />;
  return (
    <div data-testid="series-chart" data-points={points.length} data-granularity={granularity} data-view={view}>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Segmented<View>
          size="small"
          data-testid="series-view"
          value={view}
          onChange={setPicked}
          options={[
            { label: t('chart.linear'), value: 'linear', tooltip: t('chart.linearTip') },
            { label: t('chart.log'), value: 'log', tooltip: t('chart.logTip') },
            { label: t('chart.table'), value: 'table', tooltip: t('chart.tableTip') },
          ]}
        />
      </div>
      {view === 'table' ? (
        <SeriesTable points={points} granularity={granularity} currency={currency} height={height} />
      ) : (
        <Suspense fallback={fallback}>
          <EChart option={option} height={height} />
        </Suspense>
      )}
    </div>
  );
}

function SeriesTable({
  points,
  granularity,
  currency,
  height,
}: {
  points: readonly SeriesPoint[];
  granularity: Granularity;
  currency?: string | null;
  height: number;
}) {
  const { t } = useTranslation('stats');
  const SERIES_NAMES = seriesNames();
  const columns: TableColumnsType<SeriesPoint> = [
    { title: granularity === 'HOUR' ? t('chart.hourUtc') : t('chart.dayUtc'), key: 'at', render: (_, p) => bucketLabel(p.at, granularity) },
    { title: SERIES_NAMES.issued, key: 'issued', align: 'right', render: (_, p) => formatCount(p.issued) },
    { title: SERIES_NAMES.used, key: 'used', align: 'right', render: (_, p) => formatCount(p.used) },
    { title: SERIES_NAMES.refunded, key: 'refunded', align: 'right', render: (_, p) => formatCount(p.refunded) },
    { title: SERIES_NAMES.discount, key: 'discount', align: 'right', render: (_, p) => formatAmount(p.discountTotal, currency) },
  ];
  return (
    <Table<SeriesPoint>
      data-testid="series-table"
      size="small"
      rowKey={(p) => p.at}
      columns={columns}
      dataSource={points as SeriesPoint[]}
      pagination={false}
      scroll={{ y: height - 40 }}
    />
  );
}
