import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { gqlRequest } from '../../api/client';
import { errorMessage } from '../../errors';
import type { ApiKeysQuery } from '../../gql/graphql';
import { CreateApiKeyDialog } from '../components/CreateApiKeyDialog';
import { SecretDialog } from '../components/SecretDialog';
import { ROLE_COLORS, ROLE_LABELS, formatTime } from '../format';
import { apiKeysKey, useApiKeys } from '../hooks';
import { RevokeApiKeyMutation } from '../mutations';

type Row = ApiKeysQuery['apiKeys'][number];

/** The services' credentials (ADMIN): list, create (the secret shown once), revoke. */
export default function ApiKeysPage() {
  const keys = useApiKeys();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [createOpen, setCreateOpen] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const revoke = useMutation({ mutationFn: (id: string) => gqlRequest(RevokeApiKeyMutation, { id }) });

  const refresh = () => void qc.invalidateQueries({ queryKey: apiKeysKey });

  const doRevoke = async (r: Row) => {
    try {
      const { revokeApiKey } = await revoke.mutateAsync(r.id);
      if (revokeApiKey) message.success(`API key ${r.name} revoked`);
      else message.warning(`API key ${r.name} was already revoked`);
      qc.setQueryData<Row[]>(apiKeysKey, (old) => old?.filter((k) => k.id !== r.id));
    } catch (e) {
      message.error(`Could not revoke ${r.name}: ${errorMessage(e)}`);
    }
    refresh();
  };

  const columns: ColumnsType<Row> = [
    { title: 'Name', dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
    {
      title: 'Roles',
      dataIndex: 'roles',
      render: (rs: string[]) => rs.map((r) => <Tag key={r} color={ROLE_COLORS[r]}>{ROLE_LABELS[r] ?? r}</Tag>),
    },
    { title: 'Created', dataIndex: 'createdAt', render: (t: string) => formatTime(t) },
    {
      title: 'Last used',
      dataIndex: 'lastUsedAt',
      render: (t: string | null) => (t ? formatTime(t) : <Typography.Text type="secondary">never</Typography.Text>),
    },
    {
      title: '',
      key: 'actions',
      align: 'right',
      render: (_: unknown, r: Row) => (
        <Popconfirm
          title={`Revoke ${r.name}?`}
          description="Every service using this key is refused at once. This cannot be undone."
          okText="Revoke"
          okButtonProps={{ danger: true, 'data-testid': 'confirm-revoke' }}
          onConfirm={() => doRevoke(r)}
        >
          <Button size="small" danger data-testid={`revoke-${r.name}`}>
            Revoke
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          API keys
        </Typography.Title>
        <Button type="primary" onClick={() => setCreateOpen(true)} data-testid="new-api-key">
          New API key
        </Button>
      </Space>
      {keys.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(keys.error)}
          style={{ marginBottom: 16 }}
          action={
            <Button size="small" onClick={() => keys.refetch()}>
              Retry
            </Button>
          }
          data-testid="api-keys-error"
        />
      )}
      <Table<Row>
        rowKey="id"
        columns={columns}
        dataSource={keys.data ?? []}
        loading={keys.isPending && !keys.isError}
        pagination={(keys.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        size="middle"
        locale={{ emptyText: keys.isError ? 'Could not load the API keys.' : 'No API keys. Create one with "New API key".' }}
        data-testid="api-keys-table"
      />
      <CreateApiKeyDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(k, s) => {
          qc.setQueryData<Row[]>(apiKeysKey, (old) => (old ? [k, ...old.filter((x) => x.id !== k.id)] : old));
          setSecret({ name: k.name, secret: s });
          refresh();
        }}
      />
      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}
