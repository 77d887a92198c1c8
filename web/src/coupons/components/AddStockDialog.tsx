import { useState } from 'react';
import { Alert, Form, InputNumber, Modal, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { CouponFieldsFragment } from '../../gql/graphql';
import { AddStockMutation } from '../mutations';

export interface AddStockDialogProps {
  coupon: Pick<CouponFieldsFragment, 'id' | 'remainingStock' | 'totalStock'>;
  open: boolean;
  onClose: () => void;
  onSaved: (c: CouponFieldsFragment) => void;
}

/** Adds stock (positive) or takes back unclaimed stock (negative). */
export function AddStockDialog({ coupon, open, onClose, onSaved }: AddStockDialogProps) {
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
      title="Add stock"
      open={open}
      okText="Apply"
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
        Remaining {coupon.remainingStock} of {coupon.totalStock}. A negative quantity takes back unclaimed stock (never
        below zero).
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" name="addStock">
        <Form.Item
          name="quantity"
          label="Quantity"
          rules={[
            { required: true, message: 'Enter a quantity' },
            {
              validator: async (_, v: number | null) => {
                if (v === 0) throw new Error('Enter a quantity other than zero');
                if (v != null && v < 0 && -v > coupon.remainingStock) {
                  throw new Error(`At most ${coupon.remainingStock} can be taken back`);
                }
              },
            },
          ]}
        >
          <InputNumber precision={0} style={{ width: '100%' }} placeholder="e.g. 100 or -20" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
