import { useMemo } from 'react';
import { Button, Card, Col, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AsOfTag } from '../components/AsOfTag';
import { CampaignsTable } from '../components/CampaignsTable';
import { KpiCards } from '../components/KpiCards';
import { RangeBar } from '../components/RangeBar';
import { SeriesChart } from '../components/SeriesChart';
import { StatsError } from '../components/StatsError';
import { TopCouponsTable } from '../components/TopCouponsTable';
import { TopProductsTable } from '../components/TopProductsTable';
import { useCampaignsOverview, useProductStats, useRefreshStats, useStatsOverview, useStatsRange, useStatsSeries } from '../hooks';
import { previousRange, rangeDays, sharedCurrency } from '../format';

/**
 * /dashboard: every coupon's figures over a range of UTC days: KPIs, the
 * series chart, the top coupons and products, the campaigns (all time: their
 * figures take no range), and CSV exports. Read-only
 * (OPERATOR, ANALYST, ADMIN); the landing page of analysts.
 */
export default function DashboardPage() {
  const { t } = useTranslation(['stats', 'common']);
  const { range, granularity, set } = useStatsRange();
  const overview = useStatsOverview(range);
  // the same figures over the days just before, for "+12% vs previous 7 days"
  const previous = useStatsOverview(previousRange(range));
  const days = rangeDays(range);
  const series = useStatsSeries(range, granularity);
  const products = useProductStats(range);
  const campaigns = useCampaignsOverview();
  const refresh = useRefreshStats();
  // totals add up every coupon's amounts: they carry a currency when the coupons share one
  const currencies = useMemo(
    () => [...new Set((overview.data?.topCoupons ?? []).map((r) => r.coupon.currency))].sort(),
    [overview.data],
  );
  const currency = sharedCurrency(currencies);
  const fetching = overview.isFetching || series.isFetching || products.isFetching || campaigns.isFetching;

  return (
    <>
      <Space align="center" style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('dashboard.title')}
          </Typography.Title>
          <AsOfTag asOf={overview.data?.totals.asOf} />
        </Space>
        <Button onClick={() => void refresh()} loading={fetching} data-testid="stats-refresh">
          {t('common:actions.refresh')}
        </Button>
      </Space>

      <RangeBar range={range} granularity={granularity} onChange={set} exports={['coupons', 'series', 'products', 'campaigns']} />

      {overview.isError ? (
        <StatsError error={overview.error} />
      ) : (
        <KpiCards
          stats={overview.data?.totals}
          loading={overview.isPending}
          currency={currency}
          currencyNote={currency === null ? t('dashboard.mixedCurrencies', { currencies: currencies.join(', ') }) : undefined}
          previous={previous.data?.totals}
          previousDays={days}
        />
      )}

      <Card title={t('dashboard.activity')} size="small" style={{ marginTop: 16 }}>
        <SeriesChart
          points={series.data}
          granularity={granularity}
          currency={currency}
          loading={series.isPending}
          error={series.isError ? series.error : undefined}
        />
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xxl={12}>
          <Card title={t('dashboard.topCoupons')} size="small" extra={<Typography.Text type="secondary">{t('dashboard.byUsed')}</Typography.Text>}>
            {overview.isError ? (
              <StatsError error={overview.error} />
            ) : (
              <TopCouponsTable rows={overview.data?.topCoupons} loading={overview.isPending} />
            )}
          </Card>
        </Col>
        <Col xs={24} xxl={12}>
          <Card title={t('dashboard.topProducts')} size="small" extra={<Typography.Text type="secondary">{t('dashboard.bySales')}</Typography.Text>}>
            {products.isError ? (
              <StatsError error={products.error} />
            ) : (
              <TopProductsTable rows={products.data} loading={products.isPending} currency={currency} />
            )}
          </Card>
        </Col>
      </Row>

      <Card
        title={t('dashboard.campaigns')}
        size="small"
        style={{ marginTop: 16 }}
        extra={<Typography.Text type="secondary">{t('dashboard.campaignsNote')}</Typography.Text>}
        data-testid="dashboard-campaigns-card"
      >
        {campaigns.isError ? (
          <StatsError error={campaigns.error} />
        ) : (
          <CampaignsTable rows={campaigns.data} loading={campaigns.isPending} />
        )}
      </Card>
    </>
  );
}
