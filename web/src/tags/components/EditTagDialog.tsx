import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { TagKind, TagsQuery } from '../../gql/graphql';
import { UpdateTagMutation } from '../mutations';
import { TagDetailFields } from './CreateTagDialog';

type TagRow = TagsQuery['tags'][number];

interface Values {
  name: string;
  description?: string;
  kind: TagKind;
}

export interface EditTagDialogProps {
  /** the tag to edit; null when closed */
  tag: TagRow | null;
  onClose: () => void;
  onSaved: (tag: TagRow) => void;
}

const FIELDS = ['description', 'kind'];

/** Changes a tag's description and kind (updateTag); the name is its key and shows read-only. */
export function EditTagDialog({ tag, onClose, onSaved }: EditTagDialogProps) {
  const { t } = useTranslation(['tags', 'common']);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const update = useMutation({
    mutationFn: (v: { name: string; description: string; kind: TagKind }) =>
      gqlRequest(UpdateTagMutation, {
        name: v.name,
        input: { description: v.description, kind: v.kind },
      }),
  });

  const close = () => {
    setError(null);
    onClose();
  };

  const submit = async () => {
    if (!tag) return;
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      const { updateTag } = await update.mutateAsync({
        name: tag.name,
        description: values.description?.trim() ?? '',
        kind: values.kind,
      });
      if (updateTag.tag && updateTag.userErrors.length === 0) {
        onSaved(updateTag.tag);
        close();
        return;
      }
      const mapped = mapUserErrors(updateTag.userErrors, FIELDS);
      form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : t('edit.failed')));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title={tag ? t('edit.title', { name: tag.name }) : ''}
      open={tag != null}
      okText={t('common:actions.save')}
      onOk={submit}
      okButtonProps={{ 'data-testid': 'edit-tag-submit' }}
      confirmLoading={update.isPending}
      onCancel={close}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="edit-tag-error" />}
      <Form<Values>
        key={tag?.name}
        form={form}
        layout="vertical"
        name="editTag"
        preserve={false}
        initialValues={tag ? { name: tag.name, description: tag.description, kind: tag.kind } : undefined}
      >
        <Form.Item name="name" label={t('form.name')} extra={t('form.nameFixed')}>
          <Input readOnly disabled />
        </Form.Item>
        <TagDetailFields />
      </Form>
    </Modal>
  );
}
