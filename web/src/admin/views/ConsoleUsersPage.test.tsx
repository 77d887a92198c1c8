import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import ConsoleUsersPage from './ConsoleUsersPage';

afterEach(() => vi.unstubAllGlobals());

const USERS = [
  { id: 'u1', username: 'admin', roles: ['ADMIN'], disabled: false, createdAt: '2026-11-25T10:00:00Z' },
  { id: 'u2', username: 'ana', roles: ['ANALYST'], disabled: false, createdAt: '2026-12-01T10:00:00Z' },
  { id: 'u3', username: 'old', roles: ['SUPPORT'], disabled: true, createdAt: '2026-12-02T10:00:00Z' },
];

describe('ConsoleUsersPage', () => {
  it('lists the users; the caller cannot disable themselves', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, ConsoleUsers: () => ({ consoleUsers: USERS }) });
    renderPage(<ConsoleUsersPage />, { path: '/console-users', url: '/console-users' });
    const ana = (await screen.findByText('ana')).closest('tr')!;
    expect(ana.textContent).toContain('Analyst');
    expect(ana.textContent).toContain('Active');
    expect(screen.getByText('old').closest('tr')!.textContent).toContain('Disabled');
    expect(await screen.findByText('(you)')).toBeTruthy();
    expect((screen.getByTestId('disable-admin') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('enable-old')).toBeTruthy();
  });

  it('creates a user and shows userErrors on the form', async () => {
    let attempts = 0;
    let users = USERS;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      ConsoleUsers: () => ({ consoleUsers: users }),
      CreateConsoleUser: (v) => {
        attempts++;
        const input = v.input as { username: string; roles: string[] };
        if (attempts === 1) {
          return {
            createConsoleUser: {
              consoleUser: null,
              userErrors: [{ field: ['input', 'username'], message: 'username "bob" is taken', code: 'CONFLICT' }],
            },
          };
        }
        const consoleUser = { id: 'u4', username: input.username, roles: input.roles, disabled: false, createdAt: '2026-12-05T10:00:00Z' };
        users = [...users, consoleUser];
        return { createConsoleUser: { consoleUser, userErrors: [] } };
      },
    });
    renderPage(<ConsoleUsersPage />, { path: '/console-users', url: '/console-users' });
    fireEvent.click(await screen.findByTestId('new-console-user'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Username'), { target: { value: 'bob' } });
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByTestId('create-user-submit'));
    await screen.findByText('Use at least 10 characters');
    expect(calls.some((c) => c.operationName === 'CreateConsoleUser')).toBe(false);

    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'long enough pass' } });
    fireEvent.click(screen.getByTestId('create-user-submit'));
    await screen.findByText('username "bob" is taken');
    expect(calls.find((c) => c.operationName === 'CreateConsoleUser')?.variables).toEqual({
      input: { username: 'bob', password: 'long enough pass', roles: ['ANALYST'] },
    });
    fireEvent.click(screen.getByTestId('create-user-submit'));
    await screen.findByText('User bob created');
    expect((await screen.findByText('bob', { selector: 'strong' })).closest('tr')!.textContent).toContain('Analyst');
  });

  it('shows why a user could not be disabled', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      ConsoleUsers: () => ({ consoleUsers: USERS }),
      UpdateConsoleUser: () => ({
        updateConsoleUser: {
          consoleUser: null,
          userErrors: [{ field: ['disabled'], message: 'ana is the last enabled ADMIN; make another user ADMIN first', code: 'INVALID_STATE' }],
        },
      }),
    });
    renderPage(<ConsoleUsersPage />, { path: '/console-users', url: '/console-users' });
    fireEvent.click(await screen.findByTestId('disable-ana'));
    fireEvent.click(await screen.findByTestId('confirm-disable'));
    expect((await screen.findByTestId('toggle-user-error')).textContent).toContain('last enabled ADMIN');
    expect(calls.find((c) => c.operationName === 'UpdateConsoleUser')?.variables).toEqual({ id: 'u2', disabled: true });
  });

  it('changes roles and resets a password', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      ConsoleUsers: () => ({ consoleUsers: USERS }),
      UpdateConsoleUser: (v) => ({
        updateConsoleUser: { consoleUser: { ...USERS[1], roles: v.roles }, userErrors: [] },
      }),
      ResetConsoleUserPassword: () => ({ resetConsoleUserPassword: { consoleUser: { id: 'u2' }, userErrors: [] } }),
    });
    renderPage(<ConsoleUsersPage />, { path: '/console-users', url: '/console-users' });
    fireEvent.click(await screen.findByTestId('edit-roles-ana'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText(/^Support/));
    fireEvent.click(screen.getByTestId('edit-roles-submit'));
    await waitFor(() =>
      expect(calls.find((c) => c.operationName === 'UpdateConsoleUser')?.variables).toEqual({ id: 'u2', roles: ['ANALYST', 'SUPPORT'] }),
    );
    await screen.findByText('Roles of ana saved');

    fireEvent.click(screen.getByTestId('reset-password-ana'));
    fireEvent.change(await screen.findByLabelText('New password'), { target: { value: 'a new password 1' } });
    fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: 'a new password 2' } });
    fireEvent.click(screen.getByTestId('reset-password-submit'));
    await screen.findByText('The passwords differ', undefined, { timeout: 3000 });
    fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: 'a new password 1' } });
    fireEvent.click(screen.getByTestId('reset-password-submit'));
    await screen.findByText('Password of ana reset');
    expect(calls.find((c) => c.operationName === 'ResetConsoleUserPassword')?.variables).toEqual({ id: 'u2', password: 'a new password 1' });
  });

  it('shows an error when the list fails', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      ConsoleUsers: () => ({ errors: [{ message: 'forbidden', extensions: { code: 'FORBIDDEN' } }] }),
    });
    renderPage(<ConsoleUsersPage />, { path: '/console-users', url: '/console-users' });
    expect((await screen.findByTestId('console-users-error')).textContent).toContain('You do not have permission');
  });
});

describe('ConsoleUsersPage in Chinese', () => {
  it('shows the users, roles and statuses, and the dialogs in Chinese', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, ConsoleUsers: () => ({ consoleUsers: USERS }) });
    await i18n.changeLanguage('zh-CN');
    renderPage(<ConsoleUsersPage />, { path: '/console-users', url: '/console-users' });
    const ana = (await screen.findByText('ana')).closest('tr')!;
    expect(ana.textContent).toContain('分析师');
    expect(ana.textContent).toContain('正常');
    expect(ana.textContent).toContain('重置密码');
    expect(screen.getByText('old').closest('tr')!.textContent).toContain('已停用');
    expect(screen.getByText('old').closest('tr')!.textContent).toContain('客服');
    expect(await screen.findByText('（你）')).toBeTruthy();
    expect(screen.getByRole('heading', { name: '控制台用户' })).toBeTruthy();

    fireEvent.click(screen.getByTestId('reset-password-ana'));
    expect(await screen.findByText('重置 ana 的密码')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('新密码'), { target: { value: 'short' } });
    fireEvent.click(screen.getByTestId('reset-password-submit'));
    expect(await screen.findByText('至少 10 个字符')).toBeTruthy();
  });
});
