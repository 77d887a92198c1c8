import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { errorMessage } from '../../errors';
import type { TagKind, TagsQuery } from '../../gql/graphql';
import { useHasRole } from '../../auth/useAuth';
import { formatNumber } from '../../i18n/format';
import { CreateTagDialog } from '../components/CreateTagDialog';
import { DeleteTagDialog } from '../components/DeleteTagDialog';
import { EditTagDialog } from '../components/EditTagDialog';
import { ImportUsersDialog } from '../components/ImportUsersDialog';
import { filterTags, TAG_KIND_COLORS, TAG_KINDS, tagKindLabel } from '../format';
import { tagsKey, useTags } from '../hooks';

type Row = TagsQuery['tags'][number];

export default function TagListPage() {
  const { t } = useTranslation(['tags', 'common']);
  const tags = useTags();
  const qc = useQueryClient();
  const { message } = App.useApp();
  // createTag, updateTag, deleteTag and importUserTags are OPERATOR fields (ADMIN may do anything)
  const canEdit = useHasRole('OPERATOR');
  const [createOpen, setCreateOpen] = useState(false);
  const [importTag, setImportTag] = useState<string | null>(null);
  const [editing, setEditing] = useState<Row | null>(null);
  const [deleting, setDeleting] = useState<Row | null>(null);
  // The tags query answers every tag (the API has no paging), so the search filters here.
  const [query, setQuery] = useState('');

  const refresh = () => void qc.invalidateQueries({ queryKey: tagsKey });
  const all = tags.data ?? [];
  const shown = filterTags(all, query);

  const columns: ColumnsType<Row> = [
    {
      title: t('list.columns.name'),
      dataIndex: 'name',
      render: (n: string) => (
        <Typography.Text strong data-i18n-data>
          {n}
        </Typography.Text>
      ),
      sorter: (a, b) => a.name.localeCompare(b.name),
      defaultSortOrder: 'ascend',
    },
    {
      title: t('list.columns.kind'),
      dataIndex: 'kind',
      render: (k: TagKind) => <Tag color={TAG_KIND_COLORS[k]}>{tagKindLabel(k)}</Tag>,
      filters: TAG_KINDS.map((k) => ({ value: k, text: tagKindLabel(k) })),
      onFilter: (v, r) => r.kind === v,
    },
    {
      title: t('list.columns.description'),
      dataIndex: 'description',
      render: (d: string) =>
        d ? <span data-i18n-data>{d}</span> : <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('list.columns.users'),
      dataIndex: 'userCount',
      align: 'right',
      render: (n: number) => <span data-testid="tag-user-count">{formatNumber(n)}</span>,
      sorter: (a, b) => a.userCount - b.userCount,
    },
    ...(canEdit
      ? [
          {
            title: '',
            key: 'actions',
            align: 'right' as const,
            render: (_: unknown, r: Row) => (
              <Space size="small">
                <Button size="small" onClick={() => setImportTag(r.name)} data-testid={`import-users-${r.name}`}>
                  {t('list.importUsers')}
                </Button>
                <Button size="small" onClick={() => setEditing(r)} data-testid={`edit-tag-${r.name}`}>
                  {t('common:actions.edit')}
                </Button>
                <Button size="small" danger onClick={() => setDeleting(r)} data-testid={`delete-tag-${r.name}`}>
                  {t('common:actions.delete')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const replace = (tag: Row) =>
    qc.setQueryData<Row[]>(tagsKey, (old) => (old ? [...old.filter((x) => x.name !== tag.name), tag] : old));

  return (
    <>
      <Space
        style={{
          width: '100%',
          justifyContent: 'space-between',
          marginBottom: 16,
        }}
        wrap
      >
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('list.title')}
        </Typography.Title>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('list.search')}
            aria-label={t('list.search')}
            style={{ width: 320 }}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="tag-search"
          />
          {canEdit && (
            <Button type="primary" onClick={() => setCreateOpen(true)} data-testid="new-tag">
              {t('list.newTag')}
            </Button>
          )}
        </Space>
      </Space>
      {tags.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(tags.error)}
          style={{ marginBottom: 16 }}
          action={
            <Button size="small" onClick={() => tags.refetch()}>
              {t('common:actions.retry')}
            </Button>
          }
          data-testid="tags-error"
        />
      )}
      {query.trim() !== '' && tags.isSuccess && (
        <Typography.Paragraph type="secondary" data-testid="tag-search-count">
          {t('list.matching', {
            shown: formatNumber(shown.length),
            total: formatNumber(all.length),
          })}
        </Typography.Paragraph>
      )}
      <Table<Row>
        rowKey="name"
        columns={columns}
        dataSource={shown}
        loading={tags.isPending && !tags.isError}
        pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        size="middle"
        locale={{
          emptyText: tags.isError
            ? t('list.loadError')
            : all.length > 0 && query.trim() !== ''
              ? t('list.noMatch', { query: query.trim() })
              : t('list.empty'),
        }}
        data-testid="tags-table"
      />
      <CreateTagDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(tag) => {
          message.success(t('list.created', { name: tag.name }));
          replace(tag);
          refresh();
        }}
      />
      <EditTagDialog
        tag={editing}
        onClose={() => setEditing(null)}
        onSaved={(tag) => {
          message.success(t('list.updated', { name: tag.name }));
          replace(tag);
          refresh();
        }}
      />
      <DeleteTagDialog
        tag={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(name) => {
          message.success(t('list.deleted', { name }));
          qc.setQueryData<Row[]>(tagsKey, (old) => old?.filter((x) => x.name !== name));
          refresh();
          void qc.invalidateQueries({ queryKey: ['userTags'] }); // users lost the tag
        }}
      />
      <ImportUsersDialog tag={importTag} onClose={() => setImportTag(null)} onImported={refresh} />
    </>
  );
}
