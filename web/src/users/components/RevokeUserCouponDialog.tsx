import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import { RevokeUserCouponMutation } from '../mutations';

export interface RevokeTarget {
  id: string;
  couponName: string;
  status: string;
}

export interface RevokeUserCouponDialogProps {
  /** the user coupon to revoke; null when closed */
  target: RevokeTarget | null;
  onClose: () => void;
  onRevoked: (uc: { id: string; status: string }) => void;
}

const MAX_REASON = 500;

/** Revokes an UNUSED or LOCKED user coupon with a reason (revokeUserCoupon, SUPPORT). */
export function RevokeUserCouponDialog({ target, onClose, onRevoked }: RevokeUserCouponDialogProps) {
  const { t } = useTranslation('users');
  const [form] = Form.useForm<{ reason: string }>();
  const [general, setGeneral] = useState<string[]>([]);
  const revoke = useMutation({
    mutationFn: (v: { id: string; reason: string }) => gqlRequest(RevokeUserCouponMutation, v),
  });

  const close = () => {
    setGeneral([]);
    onClose();
  };

  const finish = async ({ reason }: { reason: string }) => {
    if (!target) return;
    setGeneral([]);
    try {
      const { revokeUserCoupon: p } = await revoke.mutateAsync({
        id: target.id,
        reason: reason.trim(),
      });
      if (p.userCoupon && p.userErrors.length === 0) {
        onRevoked(p.userCoupon);
        close();
        return;
      }
      const mapped = mapUserErrors(p.userErrors, ['reason']);
      form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
      setGeneral(mapped.general.length || mapped.fields.length ? mapped.general : [t('revoke.failed')]);
    } catch (e) {
      setGeneral([errorMessage(e)]);
    }
  };

  return (
    <Modal
      title={t('revoke.title')}
      open={target != null}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('revoke.ok')}
      okButtonProps={{
        danger: true,
        loading: revoke.isPending,
        'data-testid': 'revoke-submit',
      }}
      destroyOnHidden
    >
      {target && (
        <Typography.Paragraph>
          <Trans
            t={t}
            i18nKey={target.status === 'LOCKED' ? 'revoke.textLocked' : 'revoke.text'}
            values={{ name: target.couponName }}
            components={{ b: <Typography.Text strong /> }}
          />
        </Typography.Paragraph>
      )}
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={general.join(' ')}
          data-testid="revoke-errors"
        />
      )}
      <Form form={form} name="revoke" layout="vertical" preserve={false} onFinish={finish}>
        <Form.Item
          name="reason"
          label={t('revoke.reason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('revoke.reasonRequired'),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={MAX_REASON} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
