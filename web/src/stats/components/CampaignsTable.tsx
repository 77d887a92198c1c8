import { Link } from 'react-router';
import { Table, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CampaignsOverviewQuery } from '../../gql/graphql';
import { formatAmount, formatCount } from '../format';

type Row = CampaignsOverviewQuery['campaigns'][number];

const columnsOf = (t: TFunction<'stats'>): TableColumnsType<Row> => [
  {
    title: t('campaigns.name'),
    key: 'name',
    ellipsis: { showTitle: true },
    render: (_, r) => (
      <Link to={`/campaigns/${encodeURIComponent(r.id)}`} data-testid="campaign-link" title={r.name} data-i18n-data="">
        {r.name}
      </Link>
    ),
  },
  { title: t('campaigns.currency'), key: 'currency', width: 80, render: (_, r) => r.currency || '–' },
  { title: t('campaigns.issued'), key: 'issued', align: 'right', width: 90, render: (_, r) => formatCount(r.stats.issued) },
  { title: t('campaigns.used'), key: 'used', align: 'right', width: 90, render: (_, r) => formatCount(r.stats.used) },
  {
    title: t('campaigns.discount'),
    key: 'discount',
    align: 'right',
    width: 130,
    render: (_, r) => formatAmount(r.stats.discountTotal, r.currency),
  },
  { title: t('campaigns.spent'), key: 'spent', align: 'right', width: 130, render: (_, r) => formatAmount(r.budget.spent, r.currency) },
  {
    title: t('campaigns.amountLeft'),
    key: 'amountLeft',
    align: 'right',
    width: 130,
    // null: the campaign has no amount cap
    render: (_, r) => formatAmount(r.budget.amountLeft, r.currency),
  },
  {
    title: t('campaigns.usesLeftToday'),
    key: 'usesLeftToday',
    align: 'right',
    width: 120,
    // null: no cap on uses per day
    render: (_, r) => formatCount(r.budget.usesLeftToday),
  },
];

/** Every campaign: its coupons' all-time figures and its budget now, each linking to its page. */
export function CampaignsTable({ rows, loading }: { rows: readonly Row[] | undefined; loading?: boolean }) {
  const { t } = useTranslation('stats');
  return (
    <Table<Row>
      data-testid="dashboard-campaigns"
      size="small"
      rowKey="id"
      columns={columnsOf(t)}
      dataSource={rows as Row[] | undefined}
      loading={loading}
      pagination={rows && rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      tableLayout="fixed"
      // every column has a width but the name, which takes the rest (cut with an ellipsis)
      scroll={{ x: 960 }}
      locale={{ emptyText: t('campaigns.empty') }}
    />
  );
}
