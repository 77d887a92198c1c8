import { useState } from 'react';
import { Alert, Form, InputNumber, Modal, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { CouponFieldsFragment } from '../../gql/graphql';
import { formatNumber } from '../../i18n/format';
import { AddStockMutation } from '../mutations';

export interface AddStockDialogProps {
  coupon: Pick<CouponFieldsFragment, 'id' | 'remainingStock' | 'totalStock'>;
  open: boolean;
  onClose: () => void;
  onSaved: (c: CouponFieldsFragment) => void;
}

/** Adds stock (positive) or takes back unclaimed stock (negative). */
export function AddStockDialog({ coupon, open, onClose, onSaved }: AddStockDialogProps) {
  const { t } = useTranslation('coupons');
  const [form] = Form.useForm<{ quantity: number }>();
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (quantity: number) => gqlRequest(AddStockMutation, { id: coupon.id, quantity }),
  });

  const submit = async () => {
    const { quantity } = await form.validateFields();
    setError(null);
    try {
      const { addStock } = await add.mutateAsync(quantity);
      if (addStock.coupon && addStock.userErrors.length === 0) {
        onSaved(addStock.coupon);
        form.resetFields();
        onClose();
        return;
      }
      const mapped = mapUserErrors(addStock.userErrors, ['quantity']);
      form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
      setError(mapped.general.join(' ') || null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title={t('addStock.title')}
      open={open}
      okText={t('addStock.ok')}
      onOk={submit}
      confirmLoading={add.isPending}
      onCancel={() => {
        setError(null);
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('addStock.intro', { remaining: formatNumber(coupon.remainingStock), total: formatNumber(coupon.totalStock) })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" name="addStock">
        <Form.Item
          name="quantity"
          label={t('addStock.quantity')}
          rules={[
            { required: true, message: t('addStock.quantityRequired') },
            {
              validator: async (_, v: number | null) => {
                if (v === 0) throw new Error(t('addStock.notZero'));
                if (v != null && v < 0 && -v > coupon.remainingStock) {
                  throw new Error(t('addStock.atMost', { n: formatNumber(coupon.remainingStock) }));
                }
              },
            },
          ]}
        >
          <InputNumber precision={0} style={{ width: '100%' }} placeholder={t('addStock.placeholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
