import { useNavigate, useParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { gqlRequest } from '../../api/client';
import { errorMessage } from '../../errors';
import type { CouponInput } from '../../gql/graphql';
import { CouponForm } from '../components/CouponForm';
import { fromCoupon, toCouponInput } from '../formValues';
import { useCoupon, useCouponSaved } from '../hooks';
import { CreateCouponMutation, UpdateCouponMutation } from '../mutations';

export function CouponCreatePage() {
  const { t } = useTranslation('coupons');
  const navigate = useNavigate();
  const saved = useCouponSaved();
  const { message } = App.useApp();
  const create = useMutation({
    mutationFn: (input: CouponInput) => gqlRequest(CreateCouponMutation, { input }),
  });

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={[{ title: <Link to="/coupons">{t('title')}</Link> }, { title: t('edit.newTitle') }]}
      />
      <Typography.Title level={3}>{t('edit.newTitle')}</Typography.Title>
      <CouponForm
        mode="create"
        submitLabel={t('edit.createSubmit')}
        submitting={create.isPending}
        onCancel={() => navigate('/coupons')}
        onSubmit={async (values) => {
          const { createCoupon } = await create.mutateAsync(toCouponInput(values, 'create'));
          if (createCoupon.coupon && createCoupon.userErrors.length === 0) {
            saved(createCoupon.coupon);
            message.success(t('edit.created'));
            navigate(`/coupons/${encodeURIComponent(createCoupon.coupon.id)}`);
          }
          return createCoupon.userErrors;
        }}
      />
    </>
  );
}

export function CouponEditPage() {
  const { t } = useTranslation('coupons');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const saved = useCouponSaved();
  const { message } = App.useApp();
  const coupon = useCoupon(id);
  const update = useMutation({
    mutationFn: (input: CouponInput) => gqlRequest(UpdateCouponMutation, { id, input }),
  });

  if (coupon.isPending) return <Spin />;
  if (coupon.isError) return <Alert type="error" showIcon title={errorMessage(coupon.error)} />;
  const c = coupon.data;
  if (!c) return <Alert type="warning" showIcon title={t('detail.notFound')} />;
  if (c.status === 'ENDED') return <Alert type="warning" showIcon title={t('edit.ended')} />;

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={[
          { title: <Link to="/coupons">{t('title')}</Link> },
          {
            title: (
              <Link to={`/coupons/${encodeURIComponent(c.id)}`} title={c.name}>
                <Typography.Text ellipsis style={{ maxWidth: 480, verticalAlign: 'bottom', color: 'inherit' }}>
                  {c.name}
                </Typography.Text>
              </Link>
            ),
          },
          { title: t('edit.breadcrumb') },
        ]}
      />
      <Typography.Title level={3}>{t('edit.editTitle')}</Typography.Title>
      <CouponForm
        key={c.updatedAt}
        couponId={c.id}
        mode={c.status === 'DRAFT' ? 'draft' : 'live'}
        initialValues={fromCoupon(c)}
        campaign={c.campaign}
        currentClaimEnd={c.claimEndsAt ? dayjs(c.claimEndsAt) : null}
        submitLabel={t('edit.save')}
        submitting={update.isPending}
        onCancel={() => navigate(`/coupons/${encodeURIComponent(c.id)}`)}
        onSubmit={async (values) => {
          const { updateCoupon } = await update.mutateAsync(toCouponInput(values, 'update'));
          if (updateCoupon.coupon && updateCoupon.userErrors.length === 0) {
            saved(updateCoupon.coupon);
            message.success(t('edit.saved'));
            navigate(`/coupons/${encodeURIComponent(updateCoupon.coupon.id)}`);
          }
          return updateCoupon.userErrors;
        }}
      />
    </>
  );
}
