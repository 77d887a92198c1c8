import { Card, Divider, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useHasRole } from '../../auth/useAuth';
import { useCouponStats, useProductStats, useStatsRange, useStatsSeries } from '../hooks';
import { AsOfTag } from './AsOfTag';
import { Funnel } from './Funnel';
import { KpiCards } from './KpiCards';
import { RangeBar } from './RangeBar';
import { SeriesChart } from './SeriesChart';
import { StatsError } from './StatsError';
import { TopProductsTable } from './TopProductsTable';

export interface CouponStatsCardProps {
  coupon: { id: string; currency: string };
}

/**
 * "Statistics" on the coupon detail page, for OPERATOR and ANALYST: the
 * coupon's all-time figures, its series and top products over a range, and
 * their CSV exports. Read-only.
 */
export function CouponStatsCard({ coupon }: CouponStatsCardProps) {
  const canRead = useHasRole('OPERATOR', 'ANALYST');
  if (!canRead) return null;
  return <CouponStatsBody coupon={coupon} />;
}

function CouponStatsBody({ coupon }: CouponStatsCardProps) {
  const { t } = useTranslation('stats');
  const { range, granularity, set } = useStatsRange();
  const stats = useCouponStats(coupon.id);
  const series = useStatsSeries(range, granularity, coupon.id);
  const products = useProductStats(range, coupon.id);

  return (
    <Card
      title={t('card.title')}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="coupon-stats"
      extra={<AsOfTag asOf={stats.data?.asOf} />}
    >
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {t('card.allTime')}
      </Typography.Text>
      {stats.isError ? (
        <StatsError error={stats.error} />
      ) : (
        <KpiCards stats={stats.data} currency={coupon.currency} loading={stats.isPending} />
      )}
      {stats.data ? (
        <div style={{ marginTop: 12 }}>
          <Funnel issued={stats.data.issued} used={stats.data.used} refunded={stats.data.refunded} />
        </div>
      ) : null}
      <Divider style={{ margin: '16px 0' }} />
      <RangeBar
        range={range}
        granularity={granularity}
        onChange={set}
        exports={['series', 'products']}
        couponId={coupon.id}
      />
      <SeriesChart
        points={series.data}
        granularity={granularity}
        currency={coupon.currency}
        loading={series.isPending}
        error={series.isError ? series.error : undefined}
        height={280}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('card.topProducts')}
      </Typography.Title>
      {products.isError ? (
        <StatsError error={products.error} />
      ) : (
        <TopProductsTable rows={products.data} loading={products.isPending} currency={coupon.currency} />
      )}
    </Card>
  );
}
