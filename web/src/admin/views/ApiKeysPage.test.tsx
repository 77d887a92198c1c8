import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import ApiKeysPage from './ApiKeysPage';

afterEach(() => vi.unstubAllGlobals());

const KEYS = [
  { id: '2', name: 'mall-checkout', roles: ['SERVICE'], createdAt: '2026-12-01T10:00:00Z', lastUsedAt: '2026-12-05T09:00:00Z' },
  { id: '1', name: 'reports', roles: ['ANALYST'], createdAt: '2026-11-30T10:00:00Z', lastUsedAt: null },
];

describe('ApiKeysPage', () => {
  it('lists the keys with roles and last use', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, ApiKeys: () => ({ apiKeys: KEYS }) });
    renderPage(<ApiKeysPage />, { path: '/api-keys', url: '/api-keys' });
    const row = (await screen.findByText('mall-checkout')).closest('tr')!;
    expect(row.textContent).toContain('Service');
    expect(screen.getByText('reports').closest('tr')!.textContent).toContain('never');
  });

  it('creates a key, shows its secret once with a warning, and shows userErrors', async () => {
    let attempts = 0;
    let keys = KEYS;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      ApiKeys: () => ({ apiKeys: keys }),
      CreateApiKey: (v) => {
        attempts++;
        if (attempts === 1) {
          return {
            createApiKey: {
              apiKey: null,
              secret: null,
              userErrors: [{ field: ['roles'], message: 'SHOPPER is held through a shopper token, not given', code: 'INVALID_INPUT' }],
            },
          };
        }
        const apiKey = { id: '3', name: v.name as string, roles: v.roles as string[], createdAt: '2026-12-05T10:00:00Z', lastUsedAt: null };
        keys = [apiKey, ...keys];
        return {
          createApiKey: {
            apiKey,
            secret: 'cpk_s3cret',
            userErrors: [],
          },
        };
      },
    });
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderPage(<ApiKeysPage />, { path: '/api-keys', url: '/api-keys' });
    fireEvent.click(await screen.findByTestId('new-api-key'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: ' batch-loader ' } });
    fireEvent.click(screen.getByTestId('create-api-key-submit'));
    await screen.findByText('SHOPPER is held through a shopper token, not given');
    expect(calls.find((c) => c.operationName === 'CreateApiKey')?.variables).toEqual({ name: 'batch-loader', roles: ['SERVICE'] });

    fireEvent.click(screen.getByTestId('create-api-key-submit'));
    const secret = (await screen.findByTestId('api-key-secret')) as HTMLInputElement;
    expect(secret.value).toBe('cpk_s3cret');
    expect(screen.getByTestId('secret-warning').textContent).toContain('cannot be shown again');
    fireEvent.click(screen.getByTestId('copy-secret'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('cpk_s3cret'));
    expect(await screen.findByTestId('copy-secret')).toHaveProperty('textContent', 'Copied');
    expect((await screen.findByText('batch-loader')).closest('tr')!.textContent).toContain('never');
  });

  it('revokes a key after confirmation', async () => {
    let keys = KEYS;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      ApiKeys: () => ({ apiKeys: keys }),
      RevokeApiKey: (v) => {
        keys = keys.filter((k) => k.id !== v.id);
        return { revokeApiKey: true };
      },
    });
    renderPage(<ApiKeysPage />, { path: '/api-keys', url: '/api-keys' });
    fireEvent.click(await screen.findByTestId('revoke-reports'));
    expect(calls.some((c) => c.operationName === 'RevokeApiKey')).toBe(false);
    fireEvent.click(await screen.findByTestId('confirm-revoke'));
    await waitFor(() => expect(screen.queryByText('reports')).toBeNull());
    expect(calls.find((c) => c.operationName === 'RevokeApiKey')?.variables).toEqual({ id: '1' });
  });

  it('shows an error when the list fails', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      ApiKeys: () => ({ errors: [{ message: 'down', extensions: { code: 'UNAVAILABLE' } }] }),
    });
    renderPage(<ApiKeysPage />, { path: '/api-keys', url: '/api-keys' });
    expect((await screen.findByTestId('api-keys-error')).textContent).toContain('temporarily unavailable');
  });
});

describe('ApiKeysPage in Chinese', () => {
  it('shows the list, the roles and the create dialog in Chinese', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, ApiKeys: () => ({ apiKeys: KEYS }) });
    await i18n.changeLanguage('zh-CN');
    renderPage(<ApiKeysPage />, { path: '/api-keys', url: '/api-keys' });
    const row = (await screen.findByText('mall-checkout')).closest('tr')!;
    expect(row.textContent).toContain('服务账号');
    expect(screen.getByText('reports').closest('tr')!.textContent).toContain('从未使用');
    expect(screen.getByText('最近使用')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'API 密钥' })).toBeTruthy();

    fireEvent.click(screen.getByTestId('new-api-key'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('服务账号（商城后端：领取、兑换、使用、退款）')).toBeTruthy();
    expect(within(dialog).getByLabelText('名称')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('名称'), { target: { value: ' ' } });
    fireEvent.click(screen.getByTestId('create-api-key-submit'));
    expect(await within(dialog).findByText('请输入名称')).toBeTruthy();

    fireEvent.click(screen.getByTestId('revoke-reports'));
    expect(await screen.findByText('吊销 reports？')).toBeTruthy();
  });
});
