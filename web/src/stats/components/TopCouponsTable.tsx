import { Link } from 'react-router';
import { Table, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { StatsOverviewQuery } from '../../gql/graphql';
import { StatusTag } from '../../coupons/components/StatusTag';
import { formatAmount, formatCount, formatUseRate } from '../format';

type Row = StatsOverviewQuery['statsOverview']['topCoupons'][number];

const columnsOf = (t: TFunction<['stats', 'coupons']>): TableColumnsType<Row> => [
  { title: '#', key: 'rank', width: 40, render: (_, __, i) => i + 1 },
  {
    title: t('topCoupons.coupon'),
    key: 'coupon',
    ellipsis: { showTitle: true },
    render: (_, r) => (
      <Link to={`/coupons/${encodeURIComponent(r.coupon.id)}`} data-testid="top-coupon-link" title={r.coupon.name} data-i18n-data="">
        {r.coupon.name}
      </Link>
    ),
  },
  { title: t('topCoupons.status'), key: 'status', width: 100, render: (_, r) => <StatusTag status={r.coupon.status} /> },
  { title: t('topCoupons.issued'), key: 'issued', align: 'right', width: 100, render: (_, r) => formatCount(r.stats.issued) },
  {
    title: t('topCoupons.used'),
    key: 'used',
    align: 'right',
    width: 90,
    render: (_, r) => <span data-testid="top-coupon-used">{formatCount(r.stats.used)}</span>,
  },
  { title: t('topCoupons.useRate'), key: 'useRate', align: 'right', width: 90, render: (_, r) => formatUseRate(r.stats.useRate, r.stats.issued) },
  {
    title: t('topCoupons.discount'),
    key: 'discount',
    align: 'right',
    width: 140,
    render: (_, r) => formatAmount(r.stats.discountTotal, r.coupon.currency),
  },
];

/** The coupons used most in the range, each linking to its page. */
export function TopCouponsTable({ rows, loading }: { rows: readonly Row[] | undefined; loading?: boolean }) {
  const { t } = useTranslation(['stats', 'coupons']);
  return (
    <Table<Row>
      data-testid="top-coupons"
      size="small"
      rowKey={(r) => r.coupon.id}
      columns={columnsOf(t)}
      dataSource={rows as Row[] | undefined}
      loading={loading}
      pagination={false}
      tableLayout="fixed"
      // every column has a width but the coupon's name, which takes the rest (cut with an ellipsis);
      // narrower than this, the table scrolls rather than clipping the discount
      scroll={{ x: 720 }}
      locale={{ emptyText: t('topCoupons.empty') }}
    />
  );
}
