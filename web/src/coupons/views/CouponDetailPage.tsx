import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Progress, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage, userErrorMessage } from '../../errors';
import type { Channel, CouponFieldsFragment } from '../../gql/graphql';
import { formatNumber } from '../../i18n/format';
import { AddStockDialog } from '../components/AddStockDialog';
import { EditScopeDialog } from '../components/EditScopeDialog';
import { ProductScopeSummary } from '../components/ProductScopeSummary';
import { StatusTag } from '../components/StatusTag';
import { allowedActions, claimWindowSummary, discountSummary, formatMoney, formatTime, stockSummary, type CouponAction } from '../format';
import { discountClassOf } from '../formValues';
import { amountLeftSummary, spentSummary, usesTodaySummary } from '../../campaigns/format';
import { useCoupon, useCouponSaved } from '../hooks';
import { useCanOperate } from '../../auth/useAuth';
import { CouponJobsCard } from '../../issuance/components/CouponJobsCard';
import { CodeBatchesCard } from '../../codes/components/CodeBatchesCard';
import { CouponStatsCard } from '../../stats/components/CouponStatsCard';
import { ActivateCouponMutation, EndCouponMutation, PauseCouponMutation } from '../mutations';

function None() {
  const { t } = useTranslation('coupons');
  return <Typography.Text type="secondary">{t('none')}</Typography.Text>;
}

function list(xs: readonly string[], label: (x: string) => string = (x) => x) {
  return xs.length ? xs.map((x) => <Tag key={x}>{label(x)}</Tag>) : <None />;
}

export default function CouponDetailPage() {
  const { t } = useTranslation(['coupons', 'common']);
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
        message.success(t(`detail.actionDone.${a}`));
      } else {
        setActionError(p.userErrors.map(userErrorMessage).join(' ') || t('detail.actionFailed'));
        void coupon.refetch();
      }
    },
    onError: (e) => setActionError(errorMessage(e)),
  });

  if (coupon.isPending) return <Spin />;
  if (coupon.isError) return <Alert type="error" showIcon title={errorMessage(coupon.error)} />;
  const c = coupon.data;
  if (!c) return <Alert type="warning" showIcon title={t('detail.notFound')} />;

  const run = (a: CouponAction) => {
    if (a === 'activate' && c.status === 'DRAFT') {
      modal.confirm({
        title: t('detail.activateConfirm.title'),
        content: <div data-testid="activate-confirm-text">{t('detail.activateConfirm.text')}</div>,
        okText: t('detail.activateConfirm.ok'),
        okButtonProps: { 'data-testid': 'activate-confirm' },
        onOk: () => action.mutateAsync('activate'),
      });
    } else if (a === 'end') {
      modal.confirm({
        title: t('detail.endConfirm.title'),
        content: t('detail.endConfirm.text'),
        okText: t('detail.endConfirm.ok'),
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
          { title: <Link to="/coupons">{t('title')}</Link> },
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
              {t(`detail.action.${a}`)}
            </Button>
          ))}
          {canOperate && c.status !== 'ENDED' && (
            <Button onClick={() => navigate(`/coupons/${encodeURIComponent(c.id)}/edit`)} data-testid="edit">
              {t('common:actions.edit')}
            </Button>
          )}
        </Space>
      </div>
      {actionError && (
        <Alert type="error" showIcon closable title={actionError} style={{ marginBottom: 16 }} onClose={() => setActionError(null)} />
      )}

      <Card title={t('detail.stock')} size="small" style={{ marginBottom: 16 }} extra={
        canOperate && c.status !== 'ENDED' && (
          <Button size="small" onClick={() => setStockOpen(true)} data-testid="add-stock">
            {t('detail.addStock')}
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
            format={() => t('detail.remaining')}
          />
        </Space>
      </Card>

      <Card
        title={t('detail.scope')}
        size="small"
        style={{ marginBottom: 16 }}
        extra={
          canOperate &&
          c.status !== 'ENDED' && (
            <Button size="small" onClick={() => setScopeOpen(true)} data-testid="edit-scope">
              {t('detail.editScope')}
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
          message.success(t('detail.scopeSaved'));
        }}
      />

      <AddStockDialog coupon={c} open={stockOpen} onClose={() => setStockOpen(false)} onSaved={(nc) => {
        saved(nc);
        message.success(t('detail.stockUpdated'));
      }} />
    </>
  );
}

function CouponDescriptions({ c }: { c: CouponFieldsFragment }) {
  // the budget texts come from the campaigns catalogue
  const { t } = useTranslation(['coupons', 'campaigns']);
  const d = c.discount;
  // a copy cached before these fields existed lacks them: derived, and "combines with nothing"
  const cls = c.class ?? discountClassOf(d.kind, c.productScope.kind);
  const combinesWith = c.exclusive ? [] : (c.combinesWith ?? []);
  const budget = c.budget as CouponFieldsFragment['budget'] | undefined;
  return (
    <Card title={t('detail.rules')} size="small">
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('detail.id')}>
          <Typography.Text code copyable>
            {c.id}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.currency')}>{c.currency}</Descriptions.Item>
        <Descriptions.Item label={t('detail.description')} span={{ xs: 1, md: 2 }}>
          <span style={{ overflowWrap: 'anywhere' }}>{c.description || <None />}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.discount')} span={{ xs: 1, md: 2 }}>
          {discountSummary(d, c.currency)}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.discountKind')}>{t(`discountKind.${d.kind}`, { defaultValue: d.kind })}</Descriptions.Item>
        {d.kind === 'AMOUNT_OFF' && (
          <Descriptions.Item label={t('detail.amountOff')}>{formatMoney(d.amountOff, c.currency)}</Descriptions.Item>
        )}
        {d.kind === 'PERCENT_OFF' && <Descriptions.Item label={t('detail.percentOff')}>{d.percentOff}%</Descriptions.Item>}
        {d.kind === 'PERCENT_OFF' && (
          <Descriptions.Item label={t('detail.maxDiscount')}>{formatMoney(d.maxDiscount, c.currency) || t('detail.noCap')}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('detail.minOrder')}>{formatMoney(d.minOrderAmount, c.currency) || t('none')}</Descriptions.Item>
        <Descriptions.Item label={t('detail.validity')}>
          {c.validity.kind === 'FIXED'
            ? t('detail.validityFixed', { from: formatTime(c.validity.startsAt), to: formatTime(c.validity.endsAt) })
            : t('detail.validityDays', { count: c.validity.days ?? 0 })}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.claimWindow')}>{claimWindowSummary(c.claimStartsAt, c.claimEndsAt)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.channels')}>{list(c.channels, (ch) => t(`channel.${ch as Channel}`, { defaultValue: ch }))}</Descriptions.Item>
        <Descriptions.Item label={t('detail.perUserLimit')}>{formatNumber(c.perUserLimit)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.stockSlots')}>{formatNumber(c.stockSlots)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.tagsAny')}>{list(c.tagRule.anyOf)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.tagsAll')}>{list(c.tagRule.allOf)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.tagsNone')}>{list(c.tagRule.noneOf)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.discountClass')}>
          <span data-testid="coupon-class">{t(`discountClass.${cls}`, { defaultValue: cls })}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.exclusive')}>
          <span data-testid="coupon-exclusive">{c.exclusive ? t('detail.exclusiveYes') : t('detail.exclusiveNo')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.combinesWith')}>
          <span data-testid="coupon-combines-with">
            {combinesWith.length > 0
              ? combinesWith.map((k) => <Tag key={k}>{t(`discountClass.${k}`, { defaultValue: k })}</Tag>)
              : t('detail.combinesWithNone')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.campaign')}>
          <span data-testid="coupon-campaign">
            {c.campaign ? (
              <Link to={`/campaigns/${encodeURIComponent(c.campaign.id)}`} data-i18n-data>
                {c.campaign.name}
              </Link>
            ) : (
              <Typography.Text type="secondary">{t('detail.noCampaign')}</Typography.Text>
            )}
          </span>
        </Descriptions.Item>
        {/* the coupon's own caps (its campaign's cap it too); a copy cached before budgets existed has none */}
        {budget && (
          <>
            <Descriptions.Item label={t('detail.budgetSpent')}>
              <span data-testid="coupon-budget-spent">{spentSummary(budget, c.currency)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.budgetLeft')}>
              <span data-testid="coupon-budget-left">{amountLeftSummary(budget, c.currency)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('detail.usesToday')}>
              <span data-testid="coupon-budget-uses-today">{usesTodaySummary(budget)}</span>
            </Descriptions.Item>
          </>
        )}
        <Descriptions.Item label={t('detail.created')}>{formatTime(c.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('detail.updated')} span="filled">
          {formatTime(c.updatedAt)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
