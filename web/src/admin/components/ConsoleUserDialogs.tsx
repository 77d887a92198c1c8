import { useEffect, useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { ConsoleUsersQuery, Role } from '../../gql/graphql';
import { CreateConsoleUserMutation, ResetConsoleUserPasswordMutation, UpdateConsoleUserMutation } from '../mutations';
import { roleOptions } from '../format';

export type ConsoleUserRow = ConsoleUsersQuery['consoleUsers'][number];

/** The console's password rule (internal/auth): bcrypt reads at most 72 bytes. */
const passwordRules = (t: TFunction<'admin'>) => [
  { required: true, message: t('users.password.required') },
  { min: 10, message: t('users.password.min') },
  { max: 72, message: t('users.password.max') },
];
const rolesRules = (t: TFunction<'admin'>) => [{ required: true, type: 'array' as const, min: 1, message: t('rolesRequired') }];
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
  const { t } = useTranslation(['admin', 'common']);
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
      setError(showUserErrors(form, p.userErrors, ['username', 'password', 'roles'], t('users.create.failed')));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      title={t('users.create.title')}
      open={open}
      okText={t('users.create.ok')}
      cancelText={t('common:actions.cancel')}
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
          label={t('users.create.username')}
          extra={t('users.create.usernameExtra')}
          rules={[
            { required: true, whitespace: true, message: t('users.create.usernameRequired') },
            { pattern: USERNAME_PATTERN, message: t('users.create.usernamePattern') },
          ]}
        >
          <Input autoFocus maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('users.create.password')} extra={t('users.password.extra')} rules={passwordRules(t)}>
          <Input.Password maxLength={72} autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="roles" label={t('users.create.roles')} rules={rolesRules(t)}>
          <Checkbox.Group options={roleOptions()} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
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
  const { t } = useTranslation(['admin', 'common']);
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
      setError(showUserErrors(form, p.userErrors, ['roles'], t('users.editRoles.failed')));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      title={user ? t('users.editRoles.title', { name: user.username }) : ''}
      open={user !== null}
      okText={t('users.editRoles.ok')}
      cancelText={t('common:actions.cancel')}
      onOk={submit}
      okButtonProps={{ 'data-testid': 'edit-roles-submit' }}
      confirmLoading={save.isPending}
      onCancel={close}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="edit-roles-error" />}
      <Form form={form} layout="vertical" name="roles" initialValues={{ roles: user ? [...user.roles] : [] }}>
        <Form.Item name="roles" label={t('users.editRoles.roles')} extra={t('users.editRoles.extra')} rules={rolesRules(t)}>
          <Checkbox.Group options={roleOptions()} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} />
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
  const { t } = useTranslation(['admin', 'common']);
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
      setError(showUserErrors(form, p.userErrors, ['password'], t('users.reset.failed')));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal
      title={user ? t('users.reset.title', { name: user.username }) : ''}
      open={user !== null}
      okText={t('users.reset.ok')}
      cancelText={t('common:actions.cancel')}
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
        title={t('users.reset.info')}
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical" name="reset">
        <Form.Item name="password" label={t('users.reset.password')} extra={t('users.password.extra')} rules={passwordRules(t)}>
          <Input.Password maxLength={72} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('users.reset.confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('users.reset.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('users.reset.differ'))),
            }),
          ]}
        >
          <Input.Password maxLength={72} autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
