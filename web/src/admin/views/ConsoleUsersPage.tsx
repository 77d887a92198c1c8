import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage, userErrorMessage } from '../../errors';
import { useMe } from '../../auth/useAuth';
import {
  type ConsoleUserRow as Row,
  CreateConsoleUserDialog,
  EditRolesDialog,
  ResetPasswordDialog,
} from '../components/ConsoleUserDialogs';
import { ROLE_COLORS, formatTime, roleLabel } from '../format';
import { consoleUsersKey, useConsoleUsers } from '../hooks';
import { UpdateConsoleUserMutation } from '../mutations';

/** The people who sign into the console (ADMIN): create, change roles, reset passwords, disable. */
export default function ConsoleUsersPage() {
  const { t } = useTranslation(['admin', 'common']);
  const users = useConsoleUsers();
  const me = useMe();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [createOpen, setCreateOpen] = useState(false);
  const [editing, setEditing] = useState<Row | null>(null);
  const [resetting, setResetting] = useState<Row | null>(null);
  const toggle = useMutation({
    mutationFn: (v: { id: string; disabled: boolean }) => gqlRequest(UpdateConsoleUserMutation, v),
  });

  const put = (u: Row) => qc.setQueryData<Row[]>(consoleUsersKey, (old) => old?.map((x) => (x.id === u.id ? u : x)));
  const refresh = () => void qc.invalidateQueries({ queryKey: consoleUsersKey });
  const isMe = (r: Row) => me.data?.kind === 'CONSOLE_USER' && me.data.id === r.id;

  const setDisabled = async (r: Row, disabled: boolean) => {
    try {
      const { updateConsoleUser: p } = await toggle.mutateAsync({ id: r.id, disabled });
      if (p.consoleUser && p.userErrors.length === 0) {
        put(p.consoleUser);
        message.success(t(disabled ? 'users.disabledDone' : 'users.enabledDone', { name: r.username }));
      } else {
        modal.error({
          title: t(disabled ? 'users.notDisabled' : 'users.notEnabled', { name: r.username }),
          content: <span data-testid="toggle-user-error">{p.userErrors.map(userErrorMessage).join(' ')}</span>,
        });
      }
    } catch (e) {
      message.error(errorMessage(e));
    }
    refresh();
  };

  const columns: ColumnsType<Row> = [
    {
      title: t('users.columns.username'),
      dataIndex: 'username',
      render: (n: string, r: Row) => (
        <Space size={4}>
          <Typography.Text strong data-i18n-data>
            {n}
          </Typography.Text>
          {isMe(r) && <Typography.Text type="secondary">{t('users.you')}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('users.columns.roles'),
      dataIndex: 'roles',
      render: (rs: string[]) => rs.map((r) => <Tag key={r} color={ROLE_COLORS[r]}>{roleLabel(r)}</Tag>),
    },
    {
      title: t('users.columns.status'),
      dataIndex: 'disabled',
      render: (d: boolean) => (d ? <Tag color="default">{t('users.disabled')}</Tag> : <Tag color="success">{t('users.active')}</Tag>),
    },
    { title: t('users.columns.created'), dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
    {
      title: '',
      key: 'actions',
      align: 'right',
      render: (_: unknown, r: Row) => (
        <Space size="small" wrap>
          <Button size="small" onClick={() => setEditing(r)} data-testid={`edit-roles-${r.username}`}>
            {t('users.roles')}
          </Button>
          <Button size="small" onClick={() => setResetting(r)} data-testid={`reset-password-${r.username}`}>
            {t('users.resetPassword')}
          </Button>
          {r.disabled ? (
            <Button size="small" onClick={() => setDisabled(r, false)} data-testid={`enable-${r.username}`}>
              {t('users.enable')}
            </Button>
          ) : (
            <Popconfirm
              title={t('users.disableTitle', { name: r.username })}
              description={t('users.disableDescription')}
              okText={t('users.disable')}
              cancelText={t('common:actions.cancel')}
              okButtonProps={{ danger: true, 'data-testid': 'confirm-disable' }}
              onConfirm={() => setDisabled(r, true)}
              disabled={isMe(r)}
            >
              <Button
                size="small"
                danger
                disabled={isMe(r)}
                title={isMe(r) ? t('users.cannotDisableSelf') : undefined}
                data-testid={`disable-${r.username}`}
              >
                {t('users.disable')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreateOpen(true)} data-testid="new-console-user">
          {t('users.new')}
        </Button>
      </Space>
      {users.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(users.error)}
          style={{ marginBottom: 16 }}
          action={
            <Button size="small" onClick={() => users.refetch()}>
              {t('common:actions.retry')}
            </Button>
          }
          data-testid="console-users-error"
        />
      )}
      <Table<Row>
        rowKey="id"
        columns={columns}
        dataSource={users.data ?? []}
        loading={users.isPending && !users.isError}
        pagination={(users.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        size="middle"
        locale={{ emptyText: users.isError ? t('users.loadError') : t('users.empty') }}
        data-testid="console-users-table"
      />
      <CreateConsoleUserDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(u) => {
          message.success(t('users.created', { name: u.username }));
          qc.setQueryData<Row[]>(consoleUsersKey, (old) => (old ? [...old.filter((x) => x.id !== u.id), u] : old));
          refresh();
        }}
      />
      <EditRolesDialog
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(u) => {
          message.success(t('users.rolesSaved', { name: u.username }));
          put(u);
          refresh();
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(u) => message.success(t('users.passwordReset', { name: u.username }))}
      />
    </>
  );
}
