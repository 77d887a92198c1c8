import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Progress, Space, Spin, Tag, Typography } from 'antd';
import { gqlRequest } from '../../api/client';
import { errorMessage, userErrorMessage } from '../../errors';
import type { CouponFieldsFragment } from '../../gql/graphql';
import { AddStockDialog } from '../components/AddStockDialog';
import { EditScopeDialog } from '../components/EditScopeDialog';
import { ProductScopeSummary } from '../components/ProductScopeSummary';
import { StatusTag } from '../components/StatusTag';
import { allowedActions, claimWindowSummary, discountSummary, formatMoney, formatTime, stockSummary, type CouponAction } from '../format';
import { useCoupon, useCouponSaved } from '../hooks';
import { useCanOperate } from '../../auth/useAuth';
import { CouponJobsCard } from '../../issuance/components/CouponJobsCard';
import { CodeBatchesCard } from '../../codes/components/CodeBatchesCard';
import { CouponStatsCard } from '../../stats/components/CouponStatsCard';
import { ActivateCouponMutation, EndCouponMutation, PauseCouponMutation } from '../mutations';

const ACTION_LABEL: Record<CouponAction, string> = { activate: 'Activate', pause: 'Pause', end: 'End' };

function list(xs: readonly string[]) {
  return xs.length ? xs.map((x) => <Tag key={x}>{x}</Tag>) : <Typography.Text type="secondary">none</Typography.Text>;
}

export default function CouponDetailPage() {
  const { id = '' } = useParams();
  const coupon = useCoupon(id);
  const saved = useCouponSaved();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const canOperate = useCanOperate();
  const [stockOpen, setStockOpen] = useState(false);
  const [scopeOpen, setScopeOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const action = useMutation({
    mutationFn: async (a: CouponAction) => {
      if (a === 'activate') return (await gqlRequest(ActivateCouponMutation, { id })).activateCoupon;
      if (a === 'pause') return (await gqlRequest(PauseCouponMutation, { id })).pauseCoupon;
      return (await gqlRequest(EndCouponMutation, { id })).endCoupon;
    },
    onMutate: () => setActionError(null),
    onSuccess: (p, a) => {
      if (p.coupon && p.userErrors.length === 0) {
        saved(p.coupon);
        message.success(`Coupon ${a === 'activate' ? 'activated' : a === 'pause' ? 'paused' : 'ended'}`);
      } else {
        setActionError(p.userErrors.map(userErrorMessage).join(' ') || 'The action failed.');
        void coupon.refetch();
      }
    },
    onError: (e) => setActionError(errorMessage(e)),
  });

  if (coupon.isPending) return <Spin />;
  if (coupon.isError) return <Alert type="error" showIcon title={errorMessage(coupon.error)} />;
  const c = coupon.data;
  if (!c) return <Alert type="warning" showIcon title="This coupon does not exist." />;

  const run = (a: CouponAction) => {
    if (a === 'activate' && c.status === 'DRAFT') {
      modal.confirm({
        title: 'Activate this coupon?',
        content: (
          <div data-testid="activate-confirm-text">
            Once active, its rules freeze: the discount, currency, validity, claim start, total stock, per-user limit,
            stock slots and tag rule can no longer change. Only the name, description, channels and a later end of the
            claim window can be edited; stock can be added and the product scope changed with "Edit scope".
          </div>
        ),
        okText: 'Activate',
        okButtonProps: { 'data-testid': 'activate-confirm' },
        onOk: () => action.mutateAsync('activate'),
      });
    } else if (a === 'end') {
      modal.confirm({
        title: 'End this coupon?',
        content: 'Nobody can claim it any more and this cannot be undone. Coupons already issued stay usable until they expire.',
        okText: 'End coupon',
        okButtonProps: { danger: true },
        onOk: () => action.mutateAsync('end'),
      });
    } else {
      action.mutate(a);
    }
  };

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={[
          { title: <Link to="/coupons">Coupons</Link> },
          {
            title: (
              <Typography.Text ellipsis={{ tooltip: c.name }} style={{ maxWidth: 480, verticalAlign: 'bottom' }}>
                {c.name}
              </Typography.Text>
            ),
          },
        ]}
      />
      <div style={{ marginBottom: 16, display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}>
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', minWidth: 0, flex: '1 1 320px' }}>
          <Typography.Title
            level={3}
            style={{ margin: 0, minWidth: 0 }}
            ellipsis={{ tooltip: c.name }}
            title={c.name}
            data-testid="coupon-title"
          >
            {c.name}
          </Typography.Title>
          <StatusTag status={c.status} />
        </div>
        <Space wrap>
          {(canOperate ? allowedActions(c.status) : []).map((a) => (
            <Button
              key={a}
              type={a === 'activate' ? 'primary' : 'default'}
              danger={a === 'end'}
              loading={action.isPending && action.variables === a}
              onClick={() => run(a)}
              data-testid={`action-${a}`}
            >
              {ACTION_LABEL[a]}
            </Button>
          ))}
          {canOperate && c.status !== 'ENDED' && (
            <Button onClick={() => navigate(`/coupons/${encodeURIComponent(c.id)}/edit`)} data-testid="edit">
              Edit
            </Button>
          )}
        </Space>
      </div>
      {actionError && (
        <Alert type="error" showIcon closable title={actionError} style={{ marginBottom: 16 }} onClose={() => setActionError(null)} />
      )}

      <Card title="Stock" size="small" style={{ marginBottom: 16 }} extra={
        canOperate && c.status !== 'ENDED' && (
          <Button size="small" onClick={() => setStockOpen(true)} data-testid="add-stock">
            Add stock
          </Button>
        )
      }>
        <Space size="large" align="center">
          <Typography.Text strong style={{ fontSize: 20 }} data-testid="stock">
            {stockSummary(c.remainingStock, c.totalStock)}
          </Typography.Text>
          <Progress
            style={{ width: 240 }}
            percent={c.totalStock > 0 ? Math.round((c.remainingStock / c.totalStock) * 100) : 0}
            format={() => 'remaining'}
          />
        </Space>
      </Card>

      <Card
        title="Product scope"
        size="small"
        style={{ marginBottom: 16 }}
        extra={
          canOperate &&
          c.status !== 'ENDED' && (
            <Button size="small" onClick={() => setScopeOpen(true)} data-testid="edit-scope">
              Edit scope
            </Button>
          )
        }
      >
        <ProductScopeSummary scope={c.productScope} />
      </Card>

      <CouponDescriptions c={c} />

      <CouponStatsCard coupon={c} />

      <CouponJobsCard coupon={c} />

      <CodeBatchesCard coupon={c} />

      <EditScopeDialog
        key={c.updatedAt}
        coupon={c}
        open={scopeOpen}
        onClose={() => setScopeOpen(false)}
        onSaved={(nc) => {
          saved(nc);
          message.success('Product scope saved');
        }}
      />

      <AddStockDialog coupon={c} open={stockOpen} onClose={() => setStockOpen(false)} onSaved={(nc) => {
        saved(nc);
        message.success('Stock updated');
      }} />
    </>
  );
}

function CouponDescriptions({ c }: { c: CouponFieldsFragment }) {
  const d = c.discount;
  return (
    <Card title="Rules" size="small">
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label="ID">
          <Typography.Text code copyable>
            {c.id}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="Currency">{c.currency}</Descriptions.Item>
        <Descriptions.Item label="Description" span={{ xs: 1, md: 2 }}>
          <span style={{ overflowWrap: 'anywhere' }}>{c.description || <Typography.Text type="secondary">none</Typography.Text>}</span>
        </Descriptions.Item>
        <Descriptions.Item label="Discount" span={{ xs: 1, md: 2 }}>
          {discountSummary(d, c.currency)}
        </Descriptions.Item>
        <Descriptions.Item label="Discount kind">{d.kind}</Descriptions.Item>
        {d.kind === 'AMOUNT_OFF' && <Descriptions.Item label="Amount off">{formatMoney(d.amountOff, c.currency)}</Descriptions.Item>}
        {d.kind === 'PERCENT_OFF' && <Descriptions.Item label="Percent off">{d.percentOff}%</Descriptions.Item>}
        {d.kind === 'PERCENT_OFF' && (
          <Descriptions.Item label="Maximum discount">{formatMoney(d.maxDiscount, c.currency) || 'no cap'}</Descriptions.Item>
        )}
        <Descriptions.Item label="Minimum order">{formatMoney(d.minOrderAmount, c.currency) || 'none'}</Descriptions.Item>
        <Descriptions.Item label="Validity">
          {c.validity.kind === 'FIXED'
            ? `${formatTime(c.validity.startsAt)} → ${formatTime(c.validity.endsAt)}`
            : `${c.validity.days} days from issue`}
        </Descriptions.Item>
        <Descriptions.Item label="Claim window">{claimWindowSummary(c.claimStartsAt, c.claimEndsAt)}</Descriptions.Item>
        <Descriptions.Item label="Channels">{list(c.channels)}</Descriptions.Item>
        <Descriptions.Item label="Per-user limit">{c.perUserLimit}</Descriptions.Item>
        <Descriptions.Item label="Stock slots">{c.stockSlots}</Descriptions.Item>
        <Descriptions.Item label="Tags: any of">{list(c.tagRule.anyOf)}</Descriptions.Item>
        <Descriptions.Item label="Tags: all of">{list(c.tagRule.allOf)}</Descriptions.Item>
        <Descriptions.Item label="Tags: none of">{list(c.tagRule.noneOf)}</Descriptions.Item>
        <Descriptions.Item label="Created">{formatTime(c.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="Updated" span="filled">{formatTime(c.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
