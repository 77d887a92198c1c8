import { useState } from 'react';
import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { TagKind, TagsQuery } from '../../gql/graphql';
import { CreateTagMutation } from '../mutations';
import { TAG_KIND_LABELS, TAG_KINDS, TAG_NAME_PATTERN } from '../format';

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
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: Values) =>
      gqlRequest(CreateTagMutation, {
        input: { name: v.name.trim(), description: v.description?.trim() ?? '', kind: v.kind },
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
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : 'The tag was not created.'));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title="New tag"
      open={open}
      okText="Create tag"
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
          label="Name"
          extra="Letters, digits and _ . : - (up to 64), starting with a letter or digit, e.g. vip or city:berlin."
          rules={[
            { required: true, whitespace: true, message: 'Enter a name' },
            { pattern: TAG_NAME_PATTERN, message: 'Use 1-64 letters, digits, _ . : - starting with a letter or digit' },
          ]}
        >
          <Input autoFocus maxLength={64} placeholder="e.g. vip" />
        </Form.Item>
        <Form.Item name="description" label="Description">
          <Input.TextArea rows={2} placeholder="Who carries this tag" />
        </Form.Item>
        <Form.Item
          name="kind"
          label="Kind"
          extra="Realtime tags are set by the mall as things happen; batch tags are loaded from files."
        >
          <Radio.Group optionType="button" options={TAG_KINDS.map((k) => ({ value: k, label: TAG_KIND_LABELS[k] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
