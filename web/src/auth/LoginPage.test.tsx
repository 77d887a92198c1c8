import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
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
