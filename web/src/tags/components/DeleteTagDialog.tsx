import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Modal, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { gqlRequest } from '../../api/client';
import { errorMessage, userErrorMessage } from '../../errors';
import type { TagsQuery } from '../../gql/graphql';
import { formatNumber } from '../../i18n/format';
import { DeleteTagMutation } from '../mutations';

type TagRow = TagsQuery['tags'][number];

export interface DeleteTagDialogProps {
  /** the tag to delete; null when closed */
  tag: TagRow | null;
  onClose: () => void;
  onDeleted: (name: string) => void;
}

/**
 * Asks before deleting a tag (deleteTag): it says how many users lose the
 * tag. A refusal (the tag is named by a coupon's rule or an unfinished
 * issuance job) shows the server's reason and keeps the dialog open.
 */
export function DeleteTagDialog({ tag, onClose, onDeleted }: DeleteTagDialogProps) {
  const { t } = useTranslation('tags');
  const [error, setError] = useState<{ title: string; detail?: string } | null>(null);
  const remove = useMutation({
    mutationFn: (name: string) => gqlRequest(DeleteTagMutation, { name }),
  });

  const close = () => {
    setError(null);
    onClose();
  };

  const confirm = async () => {
    if (!tag) return;
    setError(null);
    try {
      const { deleteTag } = await remove.mutateAsync(tag.name);
      if (deleteTag.userErrors.length === 0) {
        onDeleted(deleteTag.deletedName ?? tag.name);
        close();
        return;
      }
      setError({
        title: t('delete.refused'),
        detail: deleteTag.userErrors.map(userErrorMessage).join(' '),
      });
    } catch (e) {
      setError({ title: errorMessage(e) });
    }
  };

  return (
    <Modal
      title={tag ? t('delete.title', { name: tag.name }) : ''}
      open={tag != null}
      okText={t('delete.ok')}
      onOk={confirm}
      okButtonProps={{ danger: true, 'data-testid': 'delete-tag-confirm' }}
      confirmLoading={remove.isPending}
      onCancel={close}
      destroyOnHidden
    >
      {tag && (
        <Typography.Paragraph data-testid="delete-tag-users">
          {tag.userCount > 0
            ? t('delete.users', {
                count: tag.userCount,
                n: formatNumber(tag.userCount),
              })
            : t('delete.noUsers')}{' '}
          {t('delete.irreversible')}
        </Typography.Paragraph>
      )}
      {error && (
        <Alert type="error" showIcon title={error.title} description={error.detail} data-testid="delete-tag-error" />
      )}
    </Modal>
  );
}
