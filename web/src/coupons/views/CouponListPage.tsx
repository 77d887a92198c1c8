import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType, SortOrder } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage, userErrorMessage } from '../../errors';
import type { Channel, CouponFilter, CouponOrder, CouponOrderField, CouponStatus, CouponsQuery as CouponsQueryResult } from '../../gql/graphql';
import { StatusTag } from '../components/StatusTag';
import { ALL_STATUSES, claimWindowSummary, discountSummary, formatTime, statusLabel, stockSummary } from '../format';
import { couponsKey } from '../hooks';
import { CouponsQuery } from '../queries';
import { EndCouponMutation, PauseCouponMutation } from '../mutations';
import { runBulk, splitEligible, type BulkAction, type BulkResult } from '../bulk';
import { formatNumber } from '../../i18n/format';
import { useCanOperate } from '../../auth/useAuth';
import { campaignOptions, campaignsKey } from '../../campaigns/hooks';

const PAGE_SIZE = 20;
type Row = CouponsQueryResult['coupons']['edges'][number]['node'];
const CHANNELS: Channel[] = ['CLAIM', 'TARGETED', 'CODE'];

/** Filters live in the URL: ?status=ACTIVE,PAUSED&channel=CODE&q=spring&campaign=<id> */
export function filterFromParams(p: URLSearchParams): CouponFilter {
  const status = (p.get('status') ?? '')
    .split(',')
    .filter((s): s is CouponStatus => (ALL_STATUSES as string[]).includes(s));
  const channel = p.get('channel');
  const q = p.get('q')?.trim();
  const campaign = p.get('campaign')?.trim();
  const f: CouponFilter = {};
  if (status.length) f.status = status;
  if (channel && (CHANNELS as string[]).includes(channel)) f.channel = channel as Channel;
  if (q) f.search = q;
  if (campaign) f.campaignId = campaign;
  return f;
}

const ORDER_FIELDS: CouponOrderField[] = ['CREATED_AT', 'NAME', 'STATUS', 'TOTAL_STOCK'];

/**
 * The order lives in the URL too: ?sort=NAME.ASC (server-side, over all the
 * pages). Nothing (or anything unknown) is the server's default: newest first.
 */
export function orderFromParams(p: URLSearchParams): CouponOrder | null {
  const [field, dir] = (p.get('sort') ?? '').split('.');
  if (!(ORDER_FIELDS as string[]).includes(field)) return null;
  return { field: field as CouponOrderField, direction: dir === 'ASC' ? 'ASC' : 'DESC' };
}

function sortOrderOf(order: CouponOrder | null, field: CouponOrderField): SortOrder {
  if (!order) return field === 'CREATED_AT' ? 'descend' : null;
  return order.field === field ? (order.direction === 'ASC' ? 'ascend' : 'descend') : null;
}

/** the table's columns; `order` marks the sorted one */
function columnsFor(order: CouponOrder | null, t: TFunction<'coupons'>): ColumnsType<Row> {
  const sortable = (field: CouponOrderField) => ({
    key: field,
    sorter: true,
    sortOrder: sortOrderOf(order, field),
    sortDirections: ['ascend', 'descend'] as SortOrder[],
  });
  return [
    {
      title: t('list.columns.id'),
      dataIndex: 'id',
      width: 130,
      ellipsis: { showTitle: false },
      render: (id: string) => (
        <Typography.Text code copyable={{ text: id }} title={id} style={{ fontFamily: 'monospace' }} data-testid="coupon-id">
          {id}
        </Typography.Text>
      ),
    },
    {
      title: t('list.columns.name'),
      dataIndex: 'name',
      ...sortable('NAME'),
      width: 260,
      ellipsis: { showTitle: false },
      render: (name: string, r) => (
        <Link to={`/coupons/${encodeURIComponent(r.id)}`} title={name}>
          {name}
        </Link>
      ),
    },
    {
      title: t('list.columns.campaign'),
      key: 'campaign',
      width: 180,
      ellipsis: { showTitle: false },
      render: (_, r) =>
        r.campaign ? (
          <Link to={`/campaigns/${encodeURIComponent(r.campaign.id)}`} title={r.campaign.name} data-testid="coupon-campaign" data-i18n-data>
            {r.campaign.name}
          </Link>
        ) : (
          <span data-testid="coupon-campaign">–</span>
        ),
    },
    { title: t('list.columns.status'), dataIndex: 'status', ...sortable('STATUS'), width: 110, render: (s: CouponStatus) => <StatusTag status={s} /> },
    {
      title: t('list.columns.discount'),
      key: 'discount',
      width: 220,
      ellipsis: true,
      render: (_, r) => discountSummary(r.discount, r.currency),
    },
    {
      title: t('list.columns.stock'),
      ...sortable('TOTAL_STOCK'),
      align: 'right',
      width: 170,
      render: (_, r) => stockSummary(r.remainingStock, r.totalStock),
    },
    {
      title: t('list.columns.claimWindow'),
      key: 'window',
      width: 220,
      ellipsis: true,
      render: (_, r) => claimWindowSummary(r.claimStartsAt, r.claimEndsAt),
    },
    { title: t('list.columns.created'), dataIndex: 'createdAt', ...sortable('CREATED_AT'), width: 170, render: (t: string) => formatTime(t) },
    { title: t('list.columns.updated'), dataIndex: 'updatedAt', width: 170, render: (t: string) => formatTime(t) },
  ];
}

export default function CouponListPage() {
  const { t } = useTranslation('coupons');
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const canOperate = useCanOperate();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const order = useMemo(() => orderFromParams(params), [params]);
  const columns = useMemo(() => columnsFor(order, t), [order, t]);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const qc = useQueryClient();
  const campaigns = useQuery({ queryKey: [...campaignsKey, 'options'], queryFn: campaignOptions });
  const { message, modal } = App.useApp();
  const [selected, setSelected] = useState<Row[]>([]);
  const [bulkRunning, setBulkRunning] = useState<BulkAction | null>(null);
  const [bulkResult, setBulkResult] = useState<(BulkResult & { action: BulkAction }) | null>(null);

  const coupons = useInfiniteQuery({
    queryKey: [...couponsKey, filter, order],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      (await gqlRequest(CouponsQuery, { first: PAGE_SIZE, after: pageParam, filter, orderBy: order })).coupons,
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

  const bulk = (action: BulkAction) => {
    const { eligible, skipped } = splitEligible(selected, action);
    const n = selected.length;
    modal.confirm({
      title: t(`bulk.${action}.title`, { count: n }),
      content: (
        <div data-testid="bulk-confirm-text">
          {skipped.length > 0
            ? t(`bulk.${action}.confirmSkipping`, { eligible: eligible.length, n, skipped: skipped.length })
            : t(`bulk.${action}.confirm`, { eligible: eligible.length, n })}
        </div>
      ),
      okText: t(`bulk.${action}.ok`, { n: eligible.length }),
      okButtonProps: { danger: action === 'end', disabled: eligible.length === 0, 'data-testid': 'bulk-confirm' },
      onOk: async () => {
        setBulkRunning(action);
        setBulkResult(null);
        const res = await runBulk(selected, action, async (r) => {
          const p =
            action === 'pause'
              ? (await gqlRequest(PauseCouponMutation, { id: r.id })).pauseCoupon
              : (await gqlRequest(EndCouponMutation, { id: r.id })).endCoupon;
          return p.coupon && p.userErrors.length === 0 ? null : p.userErrors.map(userErrorMessage).join(' ') || t('bulk.failed');
        }).catch((e): BulkResult => ({ done: [], failed: [{ id: '', name: '', message: errorMessage(e) }] }));
        setBulkRunning(null);
        setBulkResult({ ...res, action });
        setSelected((sel) => sel.filter((r) => !res.done.includes(r.id)));
        if (res.done.length) message.success(t(`bulk.${action}.done`, { count: res.done.length }));
        void qc.invalidateQueries({ queryKey: couponsKey });
      },
    });
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canOperate && (
          <Button type="primary" onClick={() => navigate('/coupons/new')} data-testid="new-coupon">
            {t('list.newCoupon')}
          </Button>
        )}
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select<CouponStatus[]>
            mode="multiple"
            allowClear
            placeholder={t('list.anyStatus')}
            style={{ minWidth: 240 }}
            value={filter.status ?? []}
            options={ALL_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
            onChange={(v) => setParam('status', v.join(','))}
            data-testid="filter-status"
          />
          <Select<Channel>
            allowClear
            placeholder={t('list.anyChannel')}
            style={{ width: 160 }}
            value={filter.channel ?? undefined}
            options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
            onChange={(v) => setParam('channel', v ?? null)}
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('list.anyCampaign')}
            style={{ width: 220 }}
            value={filter.campaignId != null ? String(filter.campaignId) : undefined}
            loading={campaigns.isPending}
            options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            onChange={(v) => setParam('campaign', v ?? null)}
            notFoundContent={campaigns.isError ? t('list.campaignsLoadError') : undefined}
            data-testid="filter-campaign"
          />
          <Input.Search
            allowClear
            placeholder={t('list.search')}
            style={{ width: 260 }}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => setParam('q', v.trim() || null)}
            data-testid="filter-search"
          />
        </Space>
      </Card>
      {canOperate && selected.length > 0 && (
        <Space style={{ marginBottom: 12 }} wrap data-testid="bulk-bar">
          <Typography.Text data-testid="bulk-count">{t('list.selected', { n: selected.length })}</Typography.Text>
          <Button onClick={() => bulk('pause')} loading={bulkRunning === 'pause'} data-testid="bulk-pause">
            {t('bulk.pause.button')}
          </Button>
          <Button danger onClick={() => bulk('end')} loading={bulkRunning === 'end'} data-testid="bulk-end">
            {t('bulk.end.button')}
          </Button>
          <Button type="link" onClick={() => setSelected([])}>
            {t('list.clearSelection')}
          </Button>
        </Space>
      )}
      {bulkResult && bulkResult.failed.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setBulkResult(null)}
          style={{ marginBottom: 12 }}
          data-testid="bulk-failures"
          title={t(`bulk.${bulkResult.action}.result`, { done: bulkResult.done.length, failed: bulkResult.failed.length })}
          description={
            <ul style={{ margin: 0 }}>
              {bulkResult.failed.map((f) => (
                <li key={f.id} style={{ overflowWrap: 'anywhere' }}>
                  <Typography.Text strong ellipsis={{ tooltip: f.name }} style={{ maxWidth: 360, verticalAlign: 'bottom' }}>
                    {f.name || f.id}
                  </Typography.Text>
                  : {f.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {coupons.isError && <Alert type="error" showIcon title={errorMessage(coupons.error)} style={{ marginBottom: 16 }} />}
      <Table<Row>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={coupons.isPending || coupons.isPlaceholderData}
        pagination={false}
        size="middle"
        rowSelection={
          canOperate
            ? {
                selectedRowKeys: selected.map((r) => r.id),
                preserveSelectedRowKeys: true,
                onChange: (_keys, rs) => setSelected(rs.filter(Boolean)),
              }
            : undefined
        }
        tableLayout="fixed"
        scroll={{ x: 1640 }}
        onChange={(_p, _f, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          const field = one?.order ? (one.columnKey as CouponOrderField) : null;
          setParam('sort', field ? `${field}.${one.order === 'ascend' ? 'ASC' : 'DESC'}` : null);
        }}
        footer={() => (
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary">
              {total != null ? t('list.showing', { shown: formatNumber(rows.length), total: formatNumber(total) }) : ''}
            </Typography.Text>
            {coupons.hasNextPage && (
              <Button onClick={() => coupons.fetchNextPage()} loading={coupons.isFetchingNextPage}>
                {t('list.loadMore')}
              </Button>
            )}
          </Space>
        )}
      />
    </>
  );
}
