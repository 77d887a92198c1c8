import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { gqlRequest } from '../../api/client';
import { errorMessage, userErrorMessage } from '../../errors';
import { useMe } from '../../auth/useAuth';
import {
  type ConsoleUserRow as Row,
  CreateConsoleUserDialog,
  EditRolesDialog,
  ResetPasswordDialog,
} from '../components/ConsoleUserDialogs';
import { ROLE_COLORS, ROLE_LABELS, formatTime } from '../format';
import { consoleUsersKey, useConsoleUsers } from '../hooks';
import { UpdateConsoleUserMutation } from '../mutations';

/** The people who sign into the console (ADMIN): create, change roles, reset passwords, disable. */
export default function ConsoleUsersPage() {
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
        message.success(`${r.username} ${disabled ? 'disabled' : 'enabled'}`);
      } else {
        modal.error({
          title: `${r.username} was not ${disabled ? 'disabled' : 'enabled'}`,
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
      title: 'Username',
      dataIndex: 'username',
      render: (n: string, r: Row) => (
        <Space size={4}>
          <Typography.Text strong>{n}</Typography.Text>
          {isMe(r) && <Typography.Text type="secondary">(you)</Typography.Text>}
        </Space>
      ),
    },
    {
      title: 'Roles',
      dataIndex: 'roles',
      render: (rs: string[]) => rs.map((r) => <Tag key={r} color={ROLE_COLORS[r]}>{ROLE_LABELS[r] ?? r}</Tag>),
    },
    {
      title: 'Status',
      dataIndex: 'disabled',
      render: (d: boolean) => (d ? <Tag color="default">Disabled</Tag> : <Tag color="success">Active</Tag>),
    },
    { title: 'Created', dataIndex: 'createdAt', render: (t: string) => formatTime(t) },
    {
      title: '',
      key: 'actions',
      align: 'right',
      render: (_: unknown, r: Row) => (
        <Space size="small" wrap>
          <Button size="small" onClick={() => setEditing(r)} data-testid={`edit-roles-${r.username}`}>
            Roles
          </Button>
          <Button size="small" onClick={() => setResetting(r)} data-testid={`reset-password-${r.username}`}>
            Reset password
          </Button>
          {r.disabled ? (
            <Button size="small" onClick={() => setDisabled(r, false)} data-testid={`enable-${r.username}`}>
              Enable
            </Button>
          ) : (
            <Popconfirm
              title={`Disable ${r.username}?`}
              description="They are signed out at once and cannot sign in until enabled again."
              okText="Disable"
              okButtonProps={{ danger: true, 'data-testid': 'confirm-disable' }}
              onConfirm={() => setDisabled(r, true)}
              disabled={isMe(r)}
            >
              <Button
                size="small"
                danger
                disabled={isMe(r)}
                title={isMe(r) ? 'You cannot disable yourself' : undefined}
                data-testid={`disable-${r.username}`}
              >
                Disable
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
          Console users
        </Typography.Title>
        <Button type="primary" onClick={() => setCreateOpen(true)} data-testid="new-console-user">
          New user
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
              Retry
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
        locale={{ emptyText: users.isError ? 'Could not load the console users.' : 'No console users.' }}
        data-testid="console-users-table"
      />
      <CreateConsoleUserDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(u) => {
          message.success(`User ${u.username} created`);
          qc.setQueryData<Row[]>(consoleUsersKey, (old) => (old ? [...old.filter((x) => x.id !== u.id), u] : old));
          refresh();
        }}
      />
      <EditRolesDialog
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(u) => {
          message.success(`Roles of ${u.username} saved`);
          put(u);
          refresh();
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(u) => message.success(`Password of ${u.username} reset`)}
      />
    </>
  );
}
