import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import i18n from '../i18n';
import { mockGraphQL, renderPage } from '../test/render';
import LoginPage from './LoginPage';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('LoginPage', () => {
  it('ties each label to its input (the e2e ids stay)', async () => {
    mockGraphQL({});
    renderPage(<LoginPage />, { path: '/login', url: '/login' });
    const user = await screen.findByLabelText('Username');
    expect(user.id).toBe('login-username');
    expect(user.tagName).toBe('INPUT');
    const pass = screen.getByLabelText('Password');
    expect(pass.id).toBe('login-password');
    expect(pass.getAttribute('type')).toBe('password');
  });

  it('tells how to reset a forgotten admin password', async () => {
    mockGraphQL({});
    renderPage(<LoginPage />, { path: '/login', url: '/login' });
    expect((await screen.findByTestId('login-admin-hint')).textContent).toContain('COUPOND_ADMIN_PASSWORD');
  });
});

describe('LoginPage, asking', () => {
  it('asks for both fields before sending anything', async () => {
    const { calls } = mockGraphQL({});
    renderPage(<LoginPage />, { path: '/login', url: '/login' });
    fireEvent.click(await screen.findByRole('button', { name: /sign in/i }));
    expect(await screen.findByText('Enter your username')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    expect(calls.filter((c) => c.operationName === 'Login')).toHaveLength(0);
  });

  it('shows a failed sign-in, in the chosen language', async () => {
    mockGraphQL({
      Login: () => ({ login: { principal: null, userErrors: [{ field: null, message: '', code: 'INVALID_INPUT' }] } }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<LoginPage />, { path: '/login', url: '/login' });
    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect((await screen.findByTestId('login-error')).textContent).toContain('此值无效');
  });
});
