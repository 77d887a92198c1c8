import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { CouponFieldsFragment } from '../../gql/graphql';
import { toProductScopeInput, type ProductScopeFormValues } from '../formValues';
import { SetProductScopeMutation } from '../mutations';
import { ProductScopeFields } from './ProductScopeFields';

const SCOPE_FIELDS = ['productScope', 'productScope.kind', 'productScope.productIds', 'productScope.categoryIds'];
/** setProductScope's argument is `scope`; the form calls it productScope */
const SCOPE_ALIASES = { scope: 'productScope' };

export interface EditScopeDialogProps {
  coupon: CouponFieldsFragment;
  open: boolean;
  onClose: () => void;
  onSaved: (c: CouponFieldsFragment) => void;
}

/** Changes the product scope of a DRAFT, ACTIVE or PAUSED coupon (setProductScope). */
export function EditScopeDialog({ coupon, open, onClose, onSaved }: EditScopeDialogProps) {
  const { t } = useTranslation('coupons');
  const [form] = Form.useForm<{ productScope: ProductScopeFormValues }>();
  const [general, setGeneral] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (scope: ProductScopeFormValues) =>
      gqlRequest(SetProductScopeMutation, { couponId: coupon.id, scope: toProductScopeInput(scope) }),
  });

  const close = () => {
    setGeneral([]);
    onClose();
  };

  const finish = async ({ productScope }: { productScope: ProductScopeFormValues }) => {
    setGeneral([]);
    try {
      const { setProductScope: p } = await save.mutateAsync(productScope);
      if (p.coupon && p.userErrors.length === 0) {
        onSaved(p.coupon);
        close();
        return;
      }
      const mapped = mapUserErrors(p.userErrors, SCOPE_FIELDS, SCOPE_ALIASES);
      form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
      setGeneral(mapped.general.length || mapped.fields.length ? mapped.general : [t('editScope.notSavedSentence')]);
    } catch (e) {
      setGeneral([errorMessage(e)]);
    }
  };

  return (
    <Modal
      title={t('editScope.title')}
      open={open}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('editScope.ok')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'scope-submit' }}
      width={760}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('editScope.intro')}
      </Typography.Paragraph>
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="scope-errors"
          title={general.length === 1 ? general[0] : t('editScope.notSaved')}
          description={general.length > 1 ? <ul style={{ margin: 0 }}>{general.map((g, i) => <li key={i}>{g}</li>)}</ul> : undefined}
        />
      )}
      <Form
        form={form}
        name="scope"
        layout="vertical"
        preserve={false}
        initialValues={{
          productScope: {
            kind: coupon.productScope.kind,
            productIds: [...coupon.productScope.productIds],
            categoryIds: [...coupon.productScope.categoryIds],
          },
        }}
        onFinish={finish}
      >
        <ProductScopeFields />
      </Form>
    </Modal>
  );
}
