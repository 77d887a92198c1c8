import { Link } from 'react-router';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { gqlRequest } from '../../api/client';
import { errorMessage } from '../../errors';
import type { Channel, UserCouponStatus, UserCouponsQuery as UserCouponsResult } from '../../gql/graphql';
import { discountSummary, formatMoney, formatTime } from '../../coupons/format';
import { USER_COUPON_STATUSES } from '../format';
import { userCouponsKey } from '../hooks';
import { UserCouponsQuery } from '../queries';
import { UserCouponStatusTag } from './UserCouponStatusTag';

const PAGE_SIZE = 20;
type Row = UserCouponsResult['userCoupons']['edges'][number]['node'];

const columns: ColumnsType<Row> = [
  {
    title: 'Coupon',
    key: 'coupon',
    render: (_, r) => (
      <Link to={`/coupons/${encodeURIComponent(r.coupon.id)}`} data-testid="user-coupon-link">
        {r.coupon.name}
      </Link>
    ),
  },
  { title: 'Status', dataIndex: 'status', render: (s: UserCouponStatus) => <UserCouponStatusTag status={s} /> },
  { title: 'Channel', dataIndex: 'channel', render: (c: Channel) => <Tag>{c}</Tag> },
  { title: 'Discount', key: 'discount', render: (_, r) => discountSummary(r.discount, r.coupon.currency) },
  { title: 'Valid from', dataIndex: 'validFrom', render: (t: string) => formatTime(t) },
  { title: 'Valid until', dataIndex: 'validUntil', render: (t: string) => formatTime(t) },
  { title: 'Issued', dataIndex: 'issuedAt', render: (t: string) => formatTime(t) },
  {
    title: 'Order',
    key: 'order',
    render: (_, r) =>
      r.orderId ? (
        <Space orientation="vertical" size={0}>
          <Typography.Text copyable>{r.orderId}</Typography.Text>
          {r.usedAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              used {formatTime(r.usedAt)}
              {r.discountApplied ? `, ${formatMoney(r.discountApplied, r.coupon.currency)} off` : ''}
            </Typography.Text>
          )}
        </Space>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
  },
];

export interface UserCouponsTableProps {
  userId: string;
  status: UserCouponStatus[];
  onStatusChange: (s: UserCouponStatus[]) => void;
}

/** The coupons a user holds, newest first as the server orders them, a page at a time. */
export function UserCouponsTable({ userId, status, onStatusChange }: UserCouponsTableProps) {
  const coupons = useInfiniteQuery({
    queryKey: [...userCouponsKey(userId), status],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      (
        await gqlRequest(UserCouponsQuery, {
          userId,
          status: status.length ? status : null,
          first: PAGE_SIZE,
          after: pageParam,
        })
      ).userCoupons,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? (last.pageInfo.endCursor ?? null) : null),
    placeholderData: keepPreviousData,
  });

  const rows = coupons.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];
  const total = coupons.data?.pages[0]?.totalCount;

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<UserCouponStatus[]>
          mode="multiple"
          allowClear
          placeholder="Any status"
          style={{ minWidth: 260 }}
          value={status}
          options={USER_COUPON_STATUSES.map((s) => ({ value: s, label: s }))}
          onChange={onStatusChange}
          data-testid="user-coupons-status"
        />
      </Space>
      {coupons.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(coupons.error)}
          style={{ marginBottom: 12 }}
          action={
            <Button size="small" onClick={() => coupons.refetch()}>
              Retry
            </Button>
          }
          data-testid="user-coupons-error"
        />
      )}
      <Table<Row>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={(coupons.isPending && !coupons.isError) || coupons.isPlaceholderData}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: coupons.isError
            ? 'Could not load the coupons.'
            : status.length
              ? 'This user holds no coupons with these statuses.'
              : 'This user holds no coupons.',
        }}
        data-testid="user-coupons-table"
        footer={() => (
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary" data-testid="user-coupons-total">
              {total != null ? `Showing ${rows.length} of ${total}` : ''}
            </Typography.Text>
            {coupons.hasNextPage && (
              <Button onClick={() => coupons.fetchNextPage()} loading={coupons.isFetchingNextPage} data-testid="user-coupons-more">
                Load more
              </Button>
            )}
          </Space>
        )}
      />
    </>
  );
}
