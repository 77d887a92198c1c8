import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, Row, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useHasRole } from '../../auth/useAuth';
import { StatusTag } from '../../coupons/components/StatusTag';
import { discountSummary, stockSummary } from '../../coupons/format';
import { errorMessage } from '../../errors';
import type { CampaignQuery } from '../../gql/graphql';
import { formatMoney, formatNumber, formatPercent } from '../../i18n/format';
import { BudgetBurnDown } from '../components/BudgetBurnDown';
import { CampaignDialog } from '../components/CampaignDialog';
import { amountLeftSummary, spentSummary } from '../format';
import { campaignKey, campaignsKey, campaignStatsKey, useCampaign, useCampaignStats } from '../hooks';

type Campaign = NonNullable<CampaignQuery['campaign']>;
type CouponRow = Campaign['coupons'][number];

export default function CampaignDetailPage() {
  const { t } = useTranslation(['campaigns', 'coupons', 'common']);
  const { id = '' } = useParams();
  const campaign = useCampaign(id);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const canEdit = useHasRole('OPERATOR');
  // Campaign.stats: OPERATOR, ANALYST
  const canSeeStats = useHasRole('OPERATOR', 'ANALYST');
  const stats = useCampaignStats(id, canSeeStats);
  const [editOpen, setEditOpen] = useState(false);

  if (campaign.isPending) return <Spin />;
  if (campaign.isError) return <Alert type="error" showIcon title={errorMessage(campaign.error)} />;
  const c = campaign.data;
  if (!c) return <Alert type="warning" showIcon title={t('detail.notFound')} data-testid="campaign-not-found" />;

  const columns: ColumnsType<CouponRow> = [
    {
      title: t('detail.coupons.name'),
      dataIndex: 'name',
      render: (_: string, r) => (
        <Link to={`/coupons/${encodeURIComponent(r.id)}`} data-i18n-data>
          {r.name}
        </Link>
      ),
    },
    { title: t('detail.coupons.status'), dataIndex: 'status', render: (_: unknown, r) => <StatusTag status={r.status} /> },
    {
      title: t('detail.coupons.class'),
      dataIndex: 'class',
      render: (_: unknown, r) => <Tag>{t(`coupons:discountClass.${r.class}`, { defaultValue: r.class })}</Tag>,
    },
    { title: t('detail.coupons.discount'), key: 'discount', render: (_: unknown, r) => discountSummary(r.discount, r.currency) },
    {
      title: t('detail.coupons.remainingStock'),
      key: 'stock',
      align: 'right',
      render: (_: unknown, r) => stockSummary(r.remainingStock, r.totalStock),
    },
    {
      title: t('detail.coupons.budget'),
      key: 'budget',
      render: (_: unknown, r) => (
        <div data-testid={`coupon-budget-${r.id}`}>
          <div>{spentSummary(r.budget, r.currency)}</div>
          {r.budget.amount != null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('budget.left', { amount: amountLeftSummary(r.budget, r.currency) })}
            </Typography.Text>
          )}
        </div>
      ),
    },
  ];

  const s = stats.data;
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={[{ title: <Link to="/campaigns">{t('list.title')}</Link> }, { title: <span data-i18n-data>{c.name}</span> }]}
      />
      <div style={{ marginBottom: 16, display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0 }} ellipsis={{ tooltip: c.name }} data-testid="campaign-title">
            {c.name}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('detail.currency', { currency: c.currency })}
            {c.description ? ' · ' : ''}
            {c.description && <span data-i18n-data>{c.description}</span>}
          </Typography.Text>
        </div>
        {canEdit && (
          <Button onClick={() => setEditOpen(true)} data-testid="edit-campaign">
            {t('common:actions.edit')}
          </Button>
        )}
      </div>

      <Card title={t('detail.budget')} size="small" style={{ marginBottom: 16 }} data-testid="campaign-budget">
        <BudgetBurnDown budget={c.budget} currency={c.currency} />
      </Card>

      {canSeeStats && (
        <Card title={t('detail.stats')} size="small" style={{ marginBottom: 16 }} data-testid="campaign-stats">
          {stats.isError ? (
            <Alert type="error" showIcon title={errorMessage(stats.error)} />
          ) : (
            <Spin spinning={stats.isPending}>
              <Row gutter={[16, 16]}>
                <Col xs={12} md={4}>
                  <Statistic title={t('detail.statIssued')} value={s ? formatNumber(s.issued) : '–'} data-testid="stat-issued" />
                </Col>
                <Col xs={12} md={4}>
                  <Statistic title={t('detail.statUsed')} value={s ? formatNumber(s.used) : '–'} data-testid="stat-used" />
                </Col>
                <Col xs={12} md={4}>
                  <Statistic title={t('detail.statUseRate')} value={s ? formatPercent(s.useRate) : '–'} data-testid="stat-use-rate" />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic
                    title={t('detail.statDiscountTotal')}
                    value={s ? formatMoney(s.discountTotal, c.currency) : '–'}
                    data-testid="stat-discount-total"
                  />
                </Col>
                <Col xs={12} md={6}>
                  <Statistic
                    title={t('detail.statOrderAmountTotal')}
                    value={s ? formatMoney(s.orderAmountTotal, c.currency) : '–'}
                    data-testid="stat-order-amount-total"
                  />
                </Col>
              </Row>
            </Spin>
          )}
        </Card>
      )}

      <Card
        title={t('detail.couponsTitle', { n: formatNumber(c.coupons.length) })}
        size="small"
        extra={
          c.coupons.length > 0 && (
            <Link to={`/coupons?${new URLSearchParams({ campaign: c.id }).toString()}`} data-testid="campaign-coupons-in-list">
              {t('detail.couponsInList')}
            </Link>
          )
        }
      >
        <Table<CouponRow>
          rowKey="id"
          columns={columns}
          dataSource={c.coupons}
          pagination={c.coupons.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          size="small"
          locale={{ emptyText: t('detail.noCoupons') }}
          data-testid="campaign-coupons"
        />
      </Card>

      <CampaignDialog
        open={editOpen}
        campaign={c}
        onClose={() => setEditOpen(false)}
        onSaved={() => {
          message.success(t('detail.saved'));
          void qc.invalidateQueries({ queryKey: campaignKey(c.id) });
          void qc.invalidateQueries({ queryKey: campaignStatsKey(c.id) });
          void qc.invalidateQueries({ queryKey: campaignsKey });
        }}
      />
    </>
  );
}
