import { Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProductStatsQuery } from '../../gql/graphql';
import { formatAmount, formatCount } from '../format';

type Row = ProductStatsQuery['productStats'][number];

/** The products sold most (by sales amount) in orders that used a coupon, in the range. */
export function TopProductsTable({
  rows,
  loading,
  currency,
}: {
  rows: readonly Row[] | undefined;
  loading?: boolean;
  currency?: string | null;
}) {
  const { t } = useTranslation('stats');
  const columns: TableColumnsType<Row> = [
    { title: '#', key: 'rank', width: 40, render: (_, __, i) => i + 1 },
    {
      title: t('topProducts.product'),
      key: 'product',
      render: (_, r) => (
        <span data-testid="top-product-name" data-i18n-data="">
          {r.product.name}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.product.id}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('topProducts.orders'), key: 'orders', align: 'right', render: (_, r) => formatCount(r.orders) },
    { title: t('topProducts.units'), key: 'units', align: 'right', render: (_, r) => formatCount(r.units) },
    { title: t('topProducts.sales'), key: 'sales', align: 'right', render: (_, r) => formatAmount(r.salesAmount, currency) },
    { title: t('topProducts.discount'), key: 'discount', align: 'right', render: (_, r) => formatAmount(r.discountTotal, currency) },
  ];
  return (
    <Table<Row>
      data-testid="top-products"
      size="small"
      rowKey={(r) => r.product.id}
      columns={columns}
      dataSource={rows as Row[] | undefined}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('topProducts.empty') }}
    />
  );
}
