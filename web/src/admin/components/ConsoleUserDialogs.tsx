import { useEffect, useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { ConsoleUsersQuery, Role } from '../../gql/graphql';
import { CreateConsoleUserMutation, ResetConsoleUserPasswordMutation, UpdateConsoleUserMutation } from '../mutations';
import { ROLE_OPTIONS } from '../format';

export type ConsoleUserRow = ConsoleUsersQuery['consoleUsers'][number];

/** The console's password rule (internal/auth): bcrypt reads at most 72 bytes. */
const PASSWORD_RULES = [
  { required: true, message: 'Enter a password' },
  { min: 10, message: 'Use at least 10 characters' },
  { max: 72, message: 'Use at most 72 characters' },
];
const ROLES_RULES = [{ required: true, type: 'array' as const, min: 1, message: 'Pick at least one role' }];
const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;

type UserError = { field?: readonly string[] | null; message: string; code: string };

/** Puts userErrors on the form's fields; returns the text for the ones that belong to none. */
function showUserErrors<T>(
  form: FormInstance<T>,
  errs: readonly UserError[],
  fields: string[],
  fallback: string,
): string | null {
  const mapped = mapUserErrors(errs, fields);
  form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
  return mapped.general.join(' ') || (mapped.fields.length ? null : fallback);
}

interface CreateValues {
  username: string;
  password: string;
  roles: Role[];
}

export function CreateConsoleUserDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (u: ConsoleUserRow) => void;
}) {
  const [form] = Form.useForm<CreateValues>();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      gqlRequest(CreateConsoleUserMutation, { input: { username: v.username.trim(), password: v.password, roles: v.roles } }),
  });
  const close = () => {
    setError(null);
    form.resetFields();
    onClose();
  };
  const submit = async () => {
    let v: CreateValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      const { createConsoleUser: p } = await create.mutateAsync(v);
      if (p.consoleUser && p.userErrors.length === 0) {
        onCreated(p.consoleUser);
        close();
        return;
      }
      setError(showUserErrors(form, p.userErrors, ['username', 'password', 'roles'], 'The user was not created.'));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      title="New console user"
      open={open}
      okText="Create user"
      onOk={submit}
      okButtonProps={{ 'data-testid': 'create-user-submit' }}
      confirmLoading={create.isPending}
      onCancel={close}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="create-user-error" />}
      <Form<CreateValues> form={form} layout="vertical" name="consoleuser" initialValues={{ roles: ['ANALYST'] }}>
        <Form.Item
          name="username"
          label="Username"
          extra="3 to 64 letters, digits, '.', '_' or '-'."
          rules={[
            { required: true, whitespace: true, message: 'Enter a username' },
            { pattern: USERNAME_PATTERN, message: "Use 3-64 letters, digits, '.', '_' or '-'" },
          ]}
        >
          <Input autoFocus maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label="Password" extra="10 to 72 characters." rules={PASSWORD_RULES}>
          <Input.Password maxLength={72} autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="roles" label="Roles" rules={ROLES_RULES}>
          <Checkbox.Group options={ROLE_OPTIONS} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function EditRolesDialog({
  user,
  onClose,
  onSaved,
}: {
  user: ConsoleUserRow | null;
  onClose: () => void;
  onSaved: (u: ConsoleUserRow) => void;
}) {
  const [form] = Form.useForm<{ roles: Role[] }>();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: { id: string; roles: Role[] }) => gqlRequest(UpdateConsoleUserMutation, { id: v.id, roles: v.roles }),
  });
  useEffect(() => {
    if (user) form.setFieldsValue({ roles: [...user.roles] });
  }, [user, form]);
  const close = () => {
    setError(null);
    onClose();
  };
  const submit = async () => {
    if (!user) return;
    let v: { roles: Role[] };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      const { updateConsoleUser: p } = await save.mutateAsync({ id: user.id, roles: v.roles });
      if (p.consoleUser && p.userErrors.length === 0) {
        onSaved(p.consoleUser);
        close();
        return;
      }
      setError(showUserErrors(form, p.userErrors, ['roles'], 'The roles were not changed.'));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      title={user ? `Roles of ${user.username}` : ''}
      open={user !== null}
      okText="Save roles"
      onOk={submit}
      okButtonProps={{ 'data-testid': 'edit-roles-submit' }}
      confirmLoading={save.isPending}
      onCancel={close}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="edit-roles-error" />}
      <Form form={form} layout="vertical" name="roles" initialValues={{ roles: user ? [...user.roles] : [] }}>
        <Form.Item name="roles" label="Roles" extra="The change applies at once, also to open sessions." rules={ROLES_RULES}>
          <Checkbox.Group options={ROLE_OPTIONS} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: ConsoleUserRow | null;
  onClose: () => void;
  onDone: (u: ConsoleUserRow) => void;
}) {
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [error, setError] = useState<string | null>(null);
  const reset = useMutation({
    mutationFn: (v: { id: string; password: string }) => gqlRequest(ResetConsoleUserPasswordMutation, v),
  });
  const close = () => {
    setError(null);
    form.resetFields();
    onClose();
  };
  const submit = async () => {
    if (!user) return;
    let v: { password: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      const { resetConsoleUserPassword: p } = await reset.mutateAsync({ id: user.id, password: v.password });
      if (p.userErrors.length === 0) {
        onDone(user);
        close();
        return;
      }
      setError(showUserErrors(form, p.userErrors, ['password'], 'The password was not changed.'));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      title={user ? `Reset the password of ${user.username}` : ''}
      open={user !== null}
      okText="Set password"
      onOk={submit}
      okButtonProps={{ 'data-testid': 'reset-password-submit' }}
      confirmLoading={reset.isPending}
      onCancel={close}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="reset-password-error" />}
      <Alert
        type="info"
        showIcon
        title="The user is signed out everywhere and signs in with the new password."
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical" name="reset">
        <Form.Item name="password" label="New password" extra="10 to 72 characters." rules={PASSWORD_RULES}>
          <Input.Password maxLength={72} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="Repeat the password"
          dependencies={['password']}
          rules={[
            { required: true, message: 'Repeat the password' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('The passwords differ')),
            }),
          ]}
        >
          <Input.Password maxLength={72} autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
