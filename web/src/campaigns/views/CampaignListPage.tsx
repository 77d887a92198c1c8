import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useHasRole } from '../../auth/useAuth';
import { errorMessage } from '../../errors';
import type { CampaignsQuery } from '../../gql/graphql';
import { formatNumber } from '../../i18n/format';
import { CampaignDialog } from '../components/CampaignDialog';
import { amountLeftSummary, spentSummary, usesTodaySummary } from '../format';
import { campaignsKey, useCampaigns } from '../hooks';

type Row = CampaignsQuery['campaigns'][number];

export default function CampaignListPage() {
  const { t } = useTranslation(['campaigns', 'common']);
  const campaigns = useCampaigns();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  // createCampaign is an OPERATOR field (ADMIN may do anything)
  const canEdit = useHasRole('OPERATOR');
  const [createOpen, setCreateOpen] = useState(false);

  const columns: ColumnsType<Row> = [
    {
      title: t('list.columns.name'),
      dataIndex: 'name',
      render: (_: string, r) => (
        <Link to={`/campaigns/${encodeURIComponent(r.id)}`} data-i18n-data>
          {r.name}
        </Link>
      ),
    },
    { title: t('list.columns.currency'), dataIndex: 'currency' },
    {
      title: t('list.columns.budget'),
      key: 'budget',
      render: (_: unknown, r) => (
        <div data-testid={`campaign-budget-${r.id}`}>
          <div>{spentSummary(r.budget, r.currency)}</div>
          {r.budget.amount != null && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('budget.left', { amount: amountLeftSummary(r.budget, r.currency) })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('list.columns.usesToday'),
      key: 'usesToday',
      render: (_: unknown, r) => <span data-testid={`campaign-uses-${r.id}`}>{usesTodaySummary(r.budget)}</span>,
    },
    {
      title: t('list.columns.coupons'),
      key: 'coupons',
      align: 'right',
      render: (_: unknown, r) => formatNumber(r.coupons.length),
    },
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('list.title')}
        </Typography.Title>
        {canEdit && (
          <Button type="primary" onClick={() => setCreateOpen(true)} data-testid="new-campaign">
            {t('list.new')}
          </Button>
        )}
      </Space>
      {campaigns.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(campaigns.error)}
          style={{ marginBottom: 16 }}
          action={
            <Button size="small" onClick={() => campaigns.refetch()}>
              {t('common:actions.retry')}
            </Button>
          }
          data-testid="campaigns-error"
        />
      )}
      <Table<Row>
        rowKey="id"
        columns={columns}
        dataSource={campaigns.data ?? []}
        loading={campaigns.isPending && !campaigns.isError}
        pagination={(campaigns.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        size="middle"
        locale={{ emptyText: campaigns.isError ? t('list.loadError') : t('list.empty') }}
        data-testid="campaigns-table"
      />
      <CampaignDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onSaved={(c) => {
          message.success(t('list.created', { name: c.name }));
          void qc.invalidateQueries({ queryKey: campaignsKey });
          navigate(`/campaigns/${encodeURIComponent(c.id)}`);
        }}
      />
    </>
  );
}
