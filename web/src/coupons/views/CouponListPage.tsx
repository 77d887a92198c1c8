import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { gqlRequest } from '../../api/client';
import { errorMessage } from '../../errors';
import type { Channel, CouponFilter, CouponStatus, CouponsQuery as CouponsQueryResult } from '../../gql/graphql';
import { StatusTag } from '../components/StatusTag';
import { ALL_STATUSES, claimWindowSummary, discountSummary, formatTime, stockSummary } from '../format';
import { couponsKey } from '../hooks';
import { CouponsQuery } from '../queries';
import { useCanOperate } from '../../auth/useAuth';

const PAGE_SIZE = 20;
type Row = CouponsQueryResult['coupons']['edges'][number]['node'];
const CHANNELS: Channel[] = ['CLAIM', 'TARGETED', 'CODE'];

/** Filters live in the URL: ?status=ACTIVE,PAUSED&channel=CODE&q=spring */
export function filterFromParams(p: URLSearchParams): CouponFilter {
  const status = (p.get('status') ?? '')
    .split(',')
    .filter((s): s is CouponStatus => (ALL_STATUSES as string[]).includes(s));
  const channel = p.get('channel');
  const q = p.get('q')?.trim();
  const f: CouponFilter = {};
  if (status.length) f.status = status;
  if (channel && (CHANNELS as string[]).includes(channel)) f.channel = channel as Channel;
  if (q) f.search = q;
  return f;
}

const columns: ColumnsType<Row> = [
  {
    title: 'Name',
    dataIndex: 'name',
    render: (name: string, r) => <Link to={`/coupons/${encodeURIComponent(r.id)}`}>{name}</Link>,
  },
  { title: 'Status', dataIndex: 'status', render: (s: CouponStatus) => <StatusTag status={s} /> },
  { title: 'Discount', key: 'discount', render: (_, r) => discountSummary(r.discount, r.currency) },
  {
    title: 'Stock (remaining / total)',
    key: 'stock',
    align: 'right',
    render: (_, r) => stockSummary(r.remainingStock, r.totalStock),
  },
  { title: 'Claim window', key: 'window', render: (_, r) => claimWindowSummary(r.claimStartsAt, r.claimEndsAt) },
  { title: 'Updated', dataIndex: 'updatedAt', render: (t: string) => formatTime(t) },
];

export default function CouponListPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const canOperate = useCanOperate();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const [search, setSearch] = useState(params.get('q') ?? '');

  const coupons = useInfiniteQuery({
    queryKey: [...couponsKey, filter],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      (await gqlRequest(CouponsQuery, { first: PAGE_SIZE, after: pageParam, filter })).coupons,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor ?? null : null),
    placeholderData: keepPreviousData,
  });

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const rows = coupons.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];
  const total = coupons.data?.pages[0]?.totalCount;

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          Coupons
        </Typography.Title>
        {canOperate && (
          <Button type="primary" onClick={() => navigate('/coupons/new')} data-testid="new-coupon">
            New coupon
          </Button>
        )}
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select<CouponStatus[]>
            mode="multiple"
            allowClear
            placeholder="Any status"
            style={{ minWidth: 240 }}
            value={filter.status ?? []}
            options={ALL_STATUSES.map((s) => ({ value: s, label: s }))}
            onChange={(v) => setParam('status', v.join(','))}
            data-testid="filter-status"
          />
          <Select<Channel>
            allowClear
            placeholder="Any channel"
            style={{ width: 160 }}
            value={filter.channel ?? undefined}
            options={CHANNELS.map((c) => ({ value: c, label: c }))}
            onChange={(v) => setParam('channel', v ?? null)}
          />
          <Input.Search
            allowClear
            placeholder="Search by name"
            style={{ width: 260 }}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => setParam('q', v.trim() || null)}
            data-testid="filter-search"
          />
        </Space>
      </Card>
      {coupons.isError && <Alert type="error" showIcon title={errorMessage(coupons.error)} style={{ marginBottom: 16 }} />}
      <Table<Row>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={coupons.isPending || coupons.isPlaceholderData}
        pagination={false}
        size="middle"
        footer={() => (
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary">
              {total != null ? `Showing ${rows.length} of ${total}` : ''}
            </Typography.Text>
            {coupons.hasNextPage && (
              <Button onClick={() => coupons.fetchNextPage()} loading={coupons.isFetchingNextPage}>
                Load more
              </Button>
            )}
          </Space>
        )}
      />
    </>
  );
}
