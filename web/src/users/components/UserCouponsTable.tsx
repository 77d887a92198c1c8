import { Link } from 'react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { keepPreviousData, useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { Alert, App, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useHasRole } from '../../auth/useAuth';
import type { ColumnsType } from 'antd/es/table';
import { gqlRequest } from '../../api/client';
import { errorMessage } from '../../errors';
import type { Channel, UserCouponStatus, UserCouponsQuery as UserCouponsResult } from '../../gql/graphql';
import { discountSummary, formatMoney, formatTime } from '../../coupons/format';
import { formatNumber } from '../../i18n/format';
import { USER_COUPON_STATUSES } from '../format';
import { userCouponsKey } from '../hooks';
import { UserCouponsQuery } from '../queries';
import { UserCouponStatusTag } from './UserCouponStatusTag';
import { RevokeUserCouponDialog, type RevokeTarget } from './RevokeUserCouponDialog';

const PAGE_SIZE = 20;
type Page = UserCouponsResult['userCoupons'];
type Row = Page['edges'][number]['node'];
/** revokeUserCoupon takes coupons the user has not spent */
const REVOCABLE = new Set<UserCouponStatus>(['UNUSED', 'LOCKED']);

/** the columns everybody sees, in the console's language */
function baseColumns(t: TFunction<['users', 'coupons', 'common']>): ColumnsType<Row> {
  return [
    {
      title: t('coupons.columns.coupon'),
      key: 'coupon',
      width: 240,
      ellipsis: { showTitle: false },
      render: (_, r) => (
        <Link
          to={`/coupons/${encodeURIComponent(r.coupon.id)}`}
          title={r.coupon.name}
          data-testid="user-coupon-link"
          data-i18n-data
        >
          {r.coupon.name}
        </Link>
      ),
    },
    {
      title: t('coupons.columns.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: UserCouponStatus) => <UserCouponStatusTag status={s} />,
    },
    {
      title: t('coupons.columns.channel'),
      dataIndex: 'channel',
      width: 110,
      render: (c: Channel) => <Tag>{t(`channel.${c}`, { defaultValue: c })}</Tag>,
    },
    {
      title: t('coupons.columns.discount'),
      key: 'discount',
      width: 200,
      ellipsis: true,
      render: (_, r) => discountSummary(r.discount, r.coupon.currency),
    },
    {
      title: t('coupons.columns.validFrom'),
      dataIndex: 'validFrom',
      width: 160,
      render: (t: string) => formatTime(t),
    },
    {
      title: t('coupons.columns.validUntil'),
      dataIndex: 'validUntil',
      width: 160,
      render: (t: string) => formatTime(t),
    },
    {
      title: t('coupons.columns.issued'),
      dataIndex: 'issuedAt',
      width: 160,
      render: (t: string) => formatTime(t),
    },
    {
      title: t('coupons.columns.order'),
      dataIndex: 'orderId',
      width: 160,
      ellipsis: true,
      render: (o: string | null) =>
        o ? (
          <Typography.Text copyable data-testid="user-coupon-order" data-i18n-data>
            {o}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('coupons.columns.usedAt'),
      dataIndex: 'usedAt',
      width: 160,
      render: (t: string | null) => (t ? formatTime(t) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('coupons.columns.discountApplied'),
      dataIndex: 'discountApplied',
      align: 'right',
      width: 140,
      render: (d: string | null, r) =>
        d != null && d !== '' ? (
          <span data-testid="user-coupon-discount-applied">{formatMoney(d, r.coupon.currency)}</span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];
}

export interface UserCouponsTableProps {
  userId: string;
  status: UserCouponStatus[];
  onStatusChange: (s: UserCouponStatus[]) => void;
}

/** The coupons a user holds, newest first as the server orders them, a page at a time. */
export function UserCouponsTable({ userId, status, onStatusChange }: UserCouponsTableProps) {
  // the coupons namespace: discountSummary speaks it
  const { t } = useTranslation(['users', 'coupons', 'common']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  // revokeUserCoupon is a SUPPORT field (ADMIN may do anything)
  const canRevoke = useHasRole('SUPPORT');
  const [revoking, setRevoking] = useState<RevokeTarget | null>(null);
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

  const columns: ColumnsType<Row> = canRevoke
    ? [
        ...baseColumns(t),
        {
          title: '',
          key: 'actions',
          align: 'right',
          // always in view, however wide the rest
          fixed: 'right',
          width: 100,
          render: (_, r) =>
            REVOCABLE.has(r.status) ? (
              <Button
                size="small"
                danger
                onClick={() =>
                  setRevoking({
                    id: r.id,
                    couponName: r.coupon.name,
                    status: r.status,
                  })
                }
                data-testid={`revoke-${r.id}`}
              >
                {t('coupons.revoke')}
              </Button>
            ) : null,
        },
      ]
    : baseColumns(t);

  /** the server revoked it: show the new status at once, then reload the list */
  const revoked = (uc: { id: string; status: UserCouponStatus }) => {
    qc.setQueriesData<InfiniteData<Page>>(
      { queryKey: userCouponsKey(userId) },
      (old) =>
        old && {
          ...old,
          pages: old.pages.map((pg) => ({
            ...pg,
            edges: pg.edges.map((e) => (e.node.id === uc.id ? { ...e, node: { ...e.node, status: uc.status } } : e)),
          })),
        },
    );
    void qc.invalidateQueries({ queryKey: userCouponsKey(userId) });
    message.success(t('coupons.revoked'));
  };
  const total = coupons.data?.pages[0]?.totalCount;

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<UserCouponStatus[]>
          mode="multiple"
          allowClear
          placeholder={t('coupons.anyStatus')}
          style={{ minWidth: 260 }}
          value={status}
          options={USER_COUPON_STATUSES.map((s) => ({
            value: s,
            label: t(`status.${s}`),
          }))}
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
              {t('common:actions.retry')}
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
        tableLayout="fixed"
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: coupons.isError
            ? t('coupons.loadError')
            : status.length
              ? t('coupons.emptyFiltered')
              : t('coupons.empty'),
        }}
        data-testid="user-coupons-table"
        footer={() => (
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary" data-testid="user-coupons-total">
              {total != null
                ? t('coupons.showing', {
                    shown: formatNumber(rows.length),
                    total: formatNumber(total),
                  })
                : ''}
            </Typography.Text>
            {coupons.hasNextPage && (
              <Button
                onClick={() => coupons.fetchNextPage()}
                loading={coupons.isFetchingNextPage}
                data-testid="user-coupons-more"
              >
                {t('coupons.loadMore')}
              </Button>
            )}
          </Space>
        )}
      />
      <RevokeUserCouponDialog
        target={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={(uc) => revoked(uc as { id: string; status: UserCouponStatus })}
      />
    </>
  );
}
