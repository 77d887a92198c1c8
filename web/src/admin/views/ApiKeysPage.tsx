import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage } from '../../errors';
import type { ApiKeysQuery } from '../../gql/graphql';
import { CreateApiKeyDialog } from '../components/CreateApiKeyDialog';
import { SecretDialog } from '../components/SecretDialog';
import { ROLE_COLORS, formatTime, roleLabel } from '../format';
import { apiKeysKey, useApiKeys } from '../hooks';
import { RevokeApiKeyMutation } from '../mutations';

type Row = ApiKeysQuery['apiKeys'][number];

/** The services' credentials (ADMIN): list, create (the secret shown once), revoke. */
export default function ApiKeysPage() {
  const { t } = useTranslation(['admin', 'common']);
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
      if (revokeApiKey) message.success(t('apiKeys.revoked', { name: r.name }));
      else message.warning(t('apiKeys.alreadyRevoked', { name: r.name }));
      qc.setQueryData<Row[]>(apiKeysKey, (old) => old?.filter((k) => k.id !== r.id));
    } catch (e) {
      message.error(t('apiKeys.revokeFailed', { name: r.name, error: errorMessage(e) }));
    }
    refresh();
  };

  const columns: ColumnsType<Row> = [
    { title: t('apiKeys.columns.name'), dataIndex: 'name', render: (n: string) => (
        <Typography.Text strong data-i18n-data>
          {n}
        </Typography.Text>
      ),
    },
    {
      title: t('apiKeys.columns.roles'),
      dataIndex: 'roles',
      render: (rs: string[]) => rs.map((r) => <Tag key={r} color={ROLE_COLORS[r]}>{roleLabel(r)}</Tag>),
    },
    { title: t('apiKeys.columns.created'), dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
    {
      title: t('apiKeys.columns.lastUsed'),
      dataIndex: 'lastUsedAt',
      render: (at: string | null) => (at ? formatTime(at) : <Typography.Text type="secondary">{t('apiKeys.never')}</Typography.Text>),
    },
    {
      title: '',
      key: 'actions',
      align: 'right',
      render: (_: unknown, r: Row) => (
        <Popconfirm
          title={t('apiKeys.revokeTitle', { name: r.name })}
          description={t('apiKeys.revokeDescription')}
          okText={t('apiKeys.revoke')}
          cancelText={t('common:actions.cancel')}
          okButtonProps={{ danger: true, 'data-testid': 'confirm-revoke' }}
          onConfirm={() => doRevoke(r)}
        >
          <Button size="small" danger data-testid={`revoke-${r.name}`}>
            {t('apiKeys.revoke')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('apiKeys.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreateOpen(true)} data-testid="new-api-key">
          {t('apiKeys.new')}
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
              {t('common:actions.retry')}
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
        locale={{ emptyText: keys.isError ? t('apiKeys.loadError') : t('apiKeys.empty') }}
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
