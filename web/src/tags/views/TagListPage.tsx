import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { errorMessage } from '../../errors';
import type { TagKind, TagsQuery } from '../../gql/graphql';
import { useHasRole } from '../../auth/useAuth';
import { CreateTagDialog } from '../components/CreateTagDialog';
import { ImportUsersDialog } from '../components/ImportUsersDialog';
import { TAG_KIND_COLORS, TAG_KIND_LABELS } from '../format';
import { tagsKey, useTags } from '../hooks';

type Row = TagsQuery['tags'][number];

export default function TagListPage() {
  const tags = useTags();
  const qc = useQueryClient();
  const { message } = App.useApp();
  // createTag and importUserTags are OPERATOR fields (ADMIN may do anything)
  const canEdit = useHasRole('OPERATOR');
  const [createOpen, setCreateOpen] = useState(false);
  const [importTag, setImportTag] = useState<string | null>(null);

  const refresh = () => void qc.invalidateQueries({ queryKey: tagsKey });

  const columns: ColumnsType<Row> = [
    {
      title: 'Name',
      dataIndex: 'name',
      render: (n: string) => <Typography.Text strong>{n}</Typography.Text>,
      sorter: (a, b) => a.name.localeCompare(b.name),
      defaultSortOrder: 'ascend',
    },
    {
      title: 'Kind',
      dataIndex: 'kind',
      render: (k: TagKind) => <Tag color={TAG_KIND_COLORS[k]}>{TAG_KIND_LABELS[k] ?? k}</Tag>,
      filters: Object.entries(TAG_KIND_LABELS).map(([value, text]) => ({ value, text })),
      onFilter: (v, r) => r.kind === v,
    },
    {
      title: 'Description',
      dataIndex: 'description',
      render: (d: string) => d || <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: 'Users',
      dataIndex: 'userCount',
      align: 'right',
      render: (n: number) => <span data-testid="tag-user-count">{n.toLocaleString('en-US')}</span>,
      sorter: (a, b) => a.userCount - b.userCount,
    },
    ...(canEdit
      ? [
          {
            title: '',
            key: 'actions',
            align: 'right' as const,
            render: (_: unknown, r: Row) => (
              <Button size="small" onClick={() => setImportTag(r.name)} data-testid={`import-users-${r.name}`}>
                Import users
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          Tags
        </Typography.Title>
        {canEdit && (
          <Button type="primary" onClick={() => setCreateOpen(true)} data-testid="new-tag">
            New tag
          </Button>
        )}
      </Space>
      {tags.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(tags.error)}
          style={{ marginBottom: 16 }}
          action={
            <Button size="small" onClick={() => tags.refetch()}>
              Retry
            </Button>
          }
          data-testid="tags-error"
        />
      )}
      <Table<Row>
        rowKey="name"
        columns={columns}
        dataSource={tags.data ?? []}
        loading={tags.isPending && !tags.isError}
        pagination={(tags.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        size="middle"
        locale={{ emptyText: tags.isError ? 'Could not load the tags.' : 'No tags yet. Create one with "New tag".' }}
        data-testid="tags-table"
      />
      <CreateTagDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(t) => {
          message.success(`Tag ${t.name} created`);
          qc.setQueryData<Row[]>(tagsKey, (old) => (old ? [...old.filter((x) => x.name !== t.name), t] : old));
          refresh();
        }}
      />
      <ImportUsersDialog tag={importTag} onClose={() => setImportTag(null)} onImported={refresh} />
    </>
  );
}
