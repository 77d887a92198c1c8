import { useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Typography } from 'antd';
import type { ButtonProps, FormRule } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { CodeBatchFieldsFragment } from '../../gql/graphql';
import {
  CODE_LIMITS,
  codeShape,
  countError,
  lengthError,
  normalizePrefix,
  prefixError,
  toGenerateCodesInput,
  type GenerateCodesValues,
} from '../format';
import { formatNumber } from '../../i18n/format';
import { GenerateCodesMutation } from '../mutations';

export interface GenerateCodesDialogProps {
  couponId: string;
  open: boolean;
  onClose: () => void;
  onGenerated: (b: CodeBatchFieldsFragment) => void;
}

/** A form rule from one of the format.ts checks. */
function rule<T>(check: (v: T) => string | null): FormRule {
  return {
    validator: async (_, v: T) => {
      const err = check(v);
      if (err) throw new Error(err);
    },
  };
}

/** generateCodes: how many, an optional prefix and the length after it; generation then runs in the background. */
export function GenerateCodesDialog({ couponId, open, onClose, onGenerated }: GenerateCodesDialogProps) {
  const { t } = useTranslation('codes');
  const [form] = Form.useForm<GenerateCodesValues>();
  const [error, setError] = useState<string | null>(null);
  const prefix = Form.useWatch('prefix', form);
  const length = Form.useWatch('length', form);
  const generate = useMutation({
    mutationFn: (v: GenerateCodesValues) => gqlRequest(GenerateCodesMutation, { input: toGenerateCodesInput(couponId, v) }),
  });

  const close = () => {
    setError(null);
    form.resetFields();
    onClose();
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return; // the form shows what is wrong
    setError(null);
    try {
      const { generateCodes } = await generate.mutateAsync(values);
      if (generateCodes.batch && generateCodes.userErrors.length === 0) {
        onGenerated(generateCodes.batch);
        close();
        return;
      }
      const mapped = mapUserErrors(generateCodes.userErrors, ['count', 'prefix', 'length']);
      form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : t('dialog.failed')));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title={t('dialog.title')}
      open={open}
      okText={t('dialog.ok')}
      onOk={submit}
      okButtonProps={{ 'data-testid': 'generate-codes-submit' } as ButtonProps}
      confirmLoading={generate.isPending}
      onCancel={close}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('dialog.intro')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="generate-codes-error" />}
      <Form
        form={form}
        layout="vertical"
        name="codes"
        initialValues={{ count: undefined, prefix: '', length: CODE_LIMITS.defaultLength }}
      >
        <Form.Item name="count" label={t('dialog.count')} required rules={[rule(countError)]}>
          <InputNumber
            precision={0}
            style={{ width: '100%' }}
            placeholder={t('dialog.countPlaceholder', {
              min: formatNumber(CODE_LIMITS.minCount),
              max: formatNumber(CODE_LIMITS.maxCount),
            })}
          />
        </Form.Item>
        <Form.Item
          name="prefix"
          label={t('dialog.prefix')}
          extra={t('dialog.prefixExtra', { max: CODE_LIMITS.maxPrefix })}
          normalize={(v: string) => normalizePrefix(v)}
          rules={[rule(prefixError)]}
        >
          <Input maxLength={CODE_LIMITS.maxPrefix} placeholder={t('dialog.prefixPlaceholder')} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item
          name="length"
          label={t('dialog.length')}
          required
          rules={[rule(lengthError)]}
          extra={
            <span data-testid="code-shape">
              <Trans
                t={t}
                i18nKey="dialog.shape"
                values={{ shape: codeShape(prefix, length) }}
                components={{ code: <Typography.Text code /> }}
              />
            </span>
          }
        >
          <InputNumber precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
