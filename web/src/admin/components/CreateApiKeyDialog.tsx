import { useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { CreateApiKeyMutation as Result, Role } from '../../gql/graphql';
import { CreateApiKeyMutation } from '../mutations';
import { roleOptions } from '../format';

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
  const { t } = useTranslation(['admin', 'common']);
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
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : t('apiKeys.create.failed')));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title={t('apiKeys.create.title')}
      open={open}
      okText={t('apiKeys.create.ok')}
      cancelText={t('common:actions.cancel')}
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
          label={t('apiKeys.create.name')}
          extra={t('apiKeys.create.nameExtra')}
          rules={[
            { required: true, whitespace: true, message: t('apiKeys.create.nameRequired') },
            { max: 100, message: t('apiKeys.create.nameMax') },
          ]}
        >
          <Input autoFocus maxLength={100} placeholder={t('apiKeys.create.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="roles" label={t('apiKeys.create.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('rolesRequired') }]}
        >
          <Checkbox.Group options={roleOptions()} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
