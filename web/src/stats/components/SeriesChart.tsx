import { Suspense, lazy, useMemo } from 'react';
import { Empty, Spin } from 'antd';
import type { Granularity } from '../../gql/graphql';
import { buildSeriesOption, type SeriesPoint } from '../chart';
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

/** Issued, used and refunded per bucket, and the discount granted (ECharts). */
export function SeriesChart({ points, granularity, currency, loading, error, height = 320 }: SeriesChartProps) {
  const option = useMemo(() => buildSeriesOption(points ?? [], granularity, currency), [points, granularity, currency]);
  if (error) return <StatsError error={error} />;
  const fallback = (
    <div style={{ height, display: 'grid', placeItems: 'center' }}>
      <Spin />
    </div>
  );
  if (!points) return loading ? fallback : <Empty description="No figures" />;
  return (
    <div data-testid="series-chart" data-points={points.length} data-granularity={granularity}>
      <Suspense fallback={fallback}>
        <EChart option={option} height={height} />
      </Suspense>
    </div>
  );
}
