import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { TagKind, TagsQuery } from '../../gql/graphql';
import { CreateTagMutation } from '../mutations';
import { tagKindLabel, TAG_KINDS, TAG_NAME_PATTERN } from '../format';

type TagRow = TagsQuery['tags'][number];

interface Values {
  name: string;
  description?: string;
  kind: TagKind;
}

export interface CreateTagDialogProps {
  open: boolean;
  onClose: () => void;
  onCreated: (tag: TagRow) => void;
}

const FIELDS = ['name', 'description', 'kind'];

export function CreateTagDialog({ open, onClose, onCreated }: CreateTagDialogProps) {
  const { t } = useTranslation('tags');
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: Values) =>
      gqlRequest(CreateTagMutation, {
        input: {
          name: v.name.trim(),
          description: v.description?.trim() ?? '',
          kind: v.kind,
        },
      }),
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
      return; // the form shows what is wrong
    }
    setError(null);
    try {
      const { createTag } = await create.mutateAsync(values);
      if (createTag.tag && createTag.userErrors.length === 0) {
        onCreated(createTag.tag);
        close();
        return;
      }
      const mapped = mapUserErrors(createTag.userErrors, FIELDS);
      form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : t('create.failed')));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title={t('create.title')}
      open={open}
      okText={t('create.ok')}
      onOk={submit}
      okButtonProps={{ 'data-testid': 'create-tag-submit' }}
      confirmLoading={create.isPending}
      onCancel={close}
      destroyOnHidden
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="create-tag-error" />
      )}
      <Form<Values> form={form} layout="vertical" name="tag" initialValues={{ kind: 'REALTIME' }}>
        <Form.Item
          name="name"
          label={t('form.name')}
          extra={t('form.nameExtra')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('form.nameRequired'),
            },
            { pattern: TAG_NAME_PATTERN, message: t('form.namePattern') },
          ]}
        >
          <Input autoFocus maxLength={64} placeholder={t('form.namePlaceholder')} />
        </Form.Item>
        <TagDetailFields />
      </Form>
    </Modal>
  );
}

/** The description and kind items, shared by the new and edit dialogs. */
export function TagDetailFields() {
  const { t } = useTranslation('tags');
  return (
    <>
      <Form.Item name="description" label={t('form.description')}>
        <Input.TextArea rows={2} maxLength={500} placeholder={t('form.descriptionPlaceholder')} />
      </Form.Item>
      <Form.Item name="kind" label={t('form.kind')} extra={t('form.kindExtra')}>
        <Radio.Group optionType="button" options={TAG_KINDS.map((k) => ({ value: k, label: tagKindLabel(k) }))} />
      </Form.Item>
    </>
  );
}
