import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Spin, Tag, Typography } from 'antd';
import { gqlRequest } from '../../api/client';
import { useHasRole } from '../../auth/useAuth';
import { errorMessage, userErrorMessage } from '../../errors';
import { tagsKey, useTags } from '../../tags/hooks';
import { userTagsKey, useUserTags } from '../hooks';
import { SetUserTagsMutation } from '../mutations';

/** A user's tags: remove with the x of a tag, add by picking one of the existing tags. */
export function UserTagsEditor({ userId }: { userId: string }) {
  const { t } = useTranslation(['users', 'common']);
  const qc = useQueryClient();
  // setUserTags: OPERATOR, SUPPORT; the tag list: OPERATOR, ANALYST, SUPPORT
  const canEdit = useHasRole('OPERATOR', 'SUPPORT');
  const userTags = useUserTags(userId);
  const allTags = useTags(canEdit);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  const change = useMutation({
    mutationFn: (v: { add?: string[]; remove?: string[] }) => gqlRequest(SetUserTagsMutation, { userId, ...v }),
    onMutate: (v) => {
      setError(null);
      setPending(v.add?.[0] ?? v.remove?.[0] ?? null);
    },
    onSuccess: ({ setUserTags }) => {
      if (setUserTags.userErrors.length) {
        setError(setUserTags.userErrors.map(userErrorMessage).join(' '));
        void qc.invalidateQueries({ queryKey: userTagsKey(userId) });
        return;
      }
      qc.setQueryData(userTagsKey(userId), setUserTags.tags);
      void qc.invalidateQueries({ queryKey: tagsKey }); // user counts changed
    },
    onError: (e) => setError(errorMessage(e)),
    onSettled: () => setPending(null),
  });

  if (userTags.isPending) return <Spin size="small" />;
  if (userTags.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(userTags.error)}
        action={
          <Button size="small" onClick={() => userTags.refetch()}>
            {t('common:actions.retry')}
          </Button>
        }
        data-testid="user-tags-error"
      />
    );
  }

  const current = userTags.data;
  const options = (allTags.data ?? [])
    .filter((tag) => !current.includes(tag.name))
    .map((tag) => ({
      value: tag.name,
      label: tag.name,
      title: tag.name,
      description: tag.description,
    }));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <div data-testid="user-tags">
        {current.length === 0 && (
          <Typography.Text type="secondary" data-testid="user-tags-empty">
            {t('tags.none')}
          </Typography.Text>
        )}
        {current.map((name) => (
          <Tag
            key={name}
            closable={canEdit && !change.isPending}
            onClose={(e) => {
              e.preventDefault(); // the tag goes when the server says so
              change.mutate({ remove: [name] });
            }}
            style={{ marginBottom: 4, opacity: pending === name ? 0.5 : 1 }}
            data-testid={`user-tag-${name}`}
            data-i18n-data
          >
            {name}
          </Tag>
        ))}
      </div>
      {canEdit && (
        <Select<string>
          showSearch
          value={null}
          placeholder={allTags.isError ? t('tags.loadFailed') : t('tags.add')}
          style={{ width: 280 }}
          options={options}
          loading={allTags.isPending || change.isPending}
          disabled={change.isPending || allTags.isError}
          notFoundContent={allTags.isPending ? <Spin size="small" /> : t('tags.noOther')}
          optionRender={(o) => (
            <span>
              {o.data.label}
              {o.data.description ? (
                <Typography.Text type="secondary" style={{ marginLeft: 8 }} data-i18n-data>
                  {o.data.description}
                </Typography.Text>
              ) : null}
            </span>
          )}
          filterOption={(input, o) =>
            String(o?.value ?? '')
              .toLowerCase()
              .includes(input.toLowerCase())
          }
          onChange={(v) => v && change.mutate({ add: [v] })}
          data-testid="add-user-tag"
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          closable={{ onClose: () => setError(null) }}
          data-testid="user-tags-change-error"
        />
      )}
    </Space>
  );
}
