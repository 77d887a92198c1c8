import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { App as AntApp } from 'antd';
import { mockGraphQL } from './test/render';
import { createQueryClient, createRouter } from './App';
import i18n from './i18n';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

const me = (roles: string[]) => () => ({ me: { id: 'u9', name: 'ann', kind: 'CONSOLE_USER', roles } });

function renderApp(url: string) {
  window.history.replaceState(null, '', url);
  const qc = createQueryClient();
  render(
    <AntApp>
      <QueryClientProvider client={qc}>
        <RouterProvider router={createRouter()} />
      </QueryClientProvider>
    </AntApp>,
  );
}

describe('the console shell', () => {
  it('an unknown address shows a 404 with a way home', async () => {
    mockGraphQL({ Me: me(['OPERATOR']) });
    renderApp('/no/such/page');
    const nf = await screen.findByTestId('not-found', {}, { timeout: 5000 });
    expect(nf.textContent).toContain('There is no page at this address.');
    expect(nf.textContent).not.toContain('coming soon');
    expect(nf.querySelector('a')!.getAttribute('href')).toBe('/');
  });

  it("a page the roles may not use shows 'no access' and sends none of its queries", async () => {
    const { calls } = mockGraphQL({ Me: me(['ANALYST']) });
    renderApp('/users/u1');
    expect((await screen.findByTestId('no-access', {}, { timeout: 5000 })).textContent).toContain('No access');
    // the menu holds no link to it
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Dashboard' })).toBeTruthy();
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.map((c) => c.operationName)).toEqual(['Me']);
  });

  it('pages load lazily behind a skeleton, inside the layout', async () => {
    mockGraphQL({ Me: me(['OPERATOR']), Tags: () => ({ tags: [] }) });
    renderApp('/tags');
    await screen.findByTestId('principal-name', {}, { timeout: 5000 });
    // the layout is there at once; the page's chunk comes after the skeleton
    await waitFor(() => expect(screen.queryByTestId('page-skeleton')).toBeNull(), { timeout: 5000 });
    expect(screen.queryByTestId('no-access')).toBeNull();
  });

  it('the header switches the language in place and remembers it', async () => {
    mockGraphQL({ Me: me(['OPERATOR', 'SUPPORT']) });
    renderApp('/no/such/page');
    await screen.findByTestId('not-found', {}, { timeout: 5000 });
    fireEvent.click(screen.getByTestId('language-switch'));
    fireEvent.click(await screen.findByTestId('language-zh-CN'));
    await screen.findByText('此地址没有页面。', {}, { timeout: 5000 });
    expect(screen.getByRole('link', { name: '优惠券' })).toBeTruthy();
    expect(screen.getByText('运营')).toBeTruthy();
    expect(screen.getByText('客服')).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem('coupond.language')).toBe('zh-CN');
    await i18n.changeLanguage('en-US');
    localStorage.removeItem('coupond.language');
  });
});
