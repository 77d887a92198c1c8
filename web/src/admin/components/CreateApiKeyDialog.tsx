import { useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { CreateApiKeyMutation as Result, Role } from '../../gql/graphql';
import { CreateApiKeyMutation } from '../mutations';
import { ROLE_OPTIONS } from '../format';

type Key = NonNullable<Result['createApiKey']['apiKey']>;

interface Values {
  name: string;
  roles: Role[];
}

export interface CreateApiKeyDialogProps {
  open: boolean;
  onClose: () => void;
  onCreated: (key: Key, secret: string) => void;
}

const FIELDS = ['name', 'roles'];

export function CreateApiKeyDialog({ open, onClose, onCreated }: CreateApiKeyDialogProps) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: Values) => gqlRequest(CreateApiKeyMutation, { name: v.name.trim(), roles: v.roles }),
  });

  const close = () => {
    setError(null);
    form.resetFields();
    onClose();
  };

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      const { createApiKey } = await create.mutateAsync(values);
      if (createApiKey.apiKey && createApiKey.secret && createApiKey.userErrors.length === 0) {
        onCreated(createApiKey.apiKey, createApiKey.secret);
        close();
        return;
      }
      const mapped = mapUserErrors(createApiKey.userErrors, FIELDS);
      form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : 'The key was not created.'));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title="New API key"
      open={open}
      okText="Create key"
      onOk={submit}
      okButtonProps={{ 'data-testid': 'create-api-key-submit' }}
      confirmLoading={create.isPending}
      onCancel={close}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="create-api-key-error" />}
      <Form<Values> form={form} layout="vertical" name="apikey" initialValues={{ roles: ['SERVICE'] }}>
        <Form.Item
          name="name"
          label="Name"
          extra="Who uses the key, e.g. mall-checkout."
          rules={[
            { required: true, whitespace: true, message: 'Enter a name' },
            { max: 100, message: 'Use at most 100 characters' },
          ]}
        >
          <Input autoFocus maxLength={100} placeholder="e.g. mall-checkout" />
        </Form.Item>
        <Form.Item name="roles" label="Roles" rules={[{ required: true, type: 'array', min: 1, message: 'Pick at least one role' }]}>
          <Checkbox.Group options={ROLE_OPTIONS} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
