import { useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Typography } from 'antd';
import type { ButtonProps, FormRule } from 'antd';
import { useMutation } from '@tanstack/react-query';
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
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : 'The codes could not be generated.'));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title="Generate codes"
      open={open}
      okText="Generate"
      onOk={submit}
      okButtonProps={{ 'data-testid': 'generate-codes-submit' } as ButtonProps}
      confirmLoading={generate.isPending}
      onCancel={close}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        Single-use codes for this coupon, generated in the background. Each code is the prefix followed by random
        characters (the last ones are a check).
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="generate-codes-error" />}
      <Form
        form={form}
        layout="vertical"
        name="codes"
        initialValues={{ count: undefined, prefix: '', length: CODE_LIMITS.defaultLength }}
      >
        <Form.Item name="count" label="Number of codes" required rules={[rule(countError)]}>
          <InputNumber
            precision={0}
            style={{ width: '100%' }}
            placeholder={`1 to ${CODE_LIMITS.maxCount.toLocaleString('en-US')}`}
          />
        </Form.Item>
        <Form.Item
          name="prefix"
          label="Prefix"
          extra={`Optional: up to ${CODE_LIMITS.maxPrefix} letters A-Z or digits.`}
          normalize={(v: string) => normalizePrefix(v)}
          rules={[rule(prefixError)]}
        >
          <Input maxLength={CODE_LIMITS.maxPrefix} placeholder="e.g. SPRING" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item
          name="length"
          label="Length after the prefix"
          required
          rules={[rule(lengthError)]}
          extra={
            <span data-testid="code-shape">
              Codes look like <Typography.Text code>{codeShape(prefix, length)}</Typography.Text>
            </span>
          }
        >
          <InputNumber precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
