import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import i18n from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import AuditLogPage from './AuditLogPage';

afterEach(() => vi.unstubAllGlobals());

const entry = (id: string, actor: string, action: string) => ({
  id,
  at: '2026-12-05T10:00:00Z',
  actor,
  action,
  entityType: 'Coupon',
  entityId: `c${id}`,
  detail: JSON.stringify({ args: { id: `c${id}`, password: '[redacted]' }, errors: 0 }),
});

const page = (nodes: ReturnType<typeof entry>[], hasNextPage = false) => ({
  auditLog: {
    edges: nodes.map((node) => ({ cursor: `k${node.id}`, node })),
    pageInfo: { hasNextPage, endCursor: nodes.at(-1) ? `k${nodes.at(-1)!.id}` : null },
  },
});

describe('AuditLogPage', () => {
  it('lists entries, pages on, filters by actor and opens an entry', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      AuditLog: (v) => {
        if (v.actor === 'ops') return page([entry('7', 'ops', 'pauseCoupon')]);
        if (v.after === 'k2') return page([entry('1', 'admin', 'createTag')]);
        return page([entry('3', 'admin', 'createCoupon'), entry('2', 'key:mall', 'claimCoupon')], true);
      },
    });
    renderPage(<AuditLogPage />, { path: '/audit', url: '/audit' });
    const row = (await screen.findByText('createCoupon')).closest('tr')!;
    expect(row.textContent).toContain('admin');
    expect(row.textContent).toContain('Coupon');
    expect(row.textContent).toContain('c3');
    expect(screen.getByText('key:mall')).toBeTruthy();

    fireEvent.click(await screen.findByTestId('audit-more'));
    await screen.findByText('createTag');
    expect(calls.filter((c) => c.operationName === 'AuditLog').at(-1)?.variables).toMatchObject({ after: 'k2', first: 50 });

    fireEvent.change(screen.getByTestId('audit-actor'), { target: { value: ' ops ' } });
    fireEvent.click(screen.getByTestId('audit-filter'));
    await screen.findByText('pauseCoupon');
    await waitFor(() => expect(screen.queryByText('createCoupon')).toBeNull());
    expect(calls.at(-1)?.variables).toMatchObject({ actor: 'ops', action: null, since: null, until: null, after: null });

    fireEvent.click(screen.getByText('pauseCoupon'));
    const json = await screen.findByTestId('audit-detail-json');
    expect(json.textContent).toContain('"password": "[redacted]"');
    expect(json.textContent).toContain('\n  "args": {');
  });

  it('shows an error when the log cannot be read', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      AuditLog: () => ({ errors: [{ message: 'forbidden', extensions: { code: 'FORBIDDEN' } }] }),
    });
    renderPage(<AuditLogPage />, { path: '/audit', url: '/audit' });
    expect((await screen.findByTestId('audit-error')).textContent).toContain('You do not have permission');
  });
});

describe('AuditLogPage in Chinese', () => {
  it('names the known actions and entities in Chinese, keeps the raw ones and unknown ones as they are', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      AuditLog: () =>
        page([
          entry('3', 'admin', 'createCoupon'),
          { ...entry('2', 'key:mall', 'someFutureAction'), entityType: 'Gadget', entityId: 'g1' },
        ]),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<AuditLogPage />, { path: '/audit', url: '/audit' });
    const row = (await screen.findByText('createCoupon')).closest('tr')!;
    expect(row.textContent).toContain('创建优惠券');
    expect(row.textContent).toContain('优惠券');
    expect(row.textContent).toContain(formatDateTime('2026-12-05T10:00:00Z', { seconds: true }));
    expect(row.textContent).toMatch(/2026\/12\/05/);
    const unknown = screen.getByText('someFutureAction').closest('tr')!;
    expect(unknown.textContent).toContain('Gadget');
    expect(screen.getByText('审计日志')).toBeTruthy();
    expect(screen.getAllByText('操作人').length).toBeGreaterThan(1); // the filter and the column
    expect(screen.getByRole('button', { name: /筛\s*选/ })).toBeTruthy();
    expect(screen.getByPlaceholderText('类型原名')).toBeTruthy();

    fireEvent.click(screen.getByText('createCoupon'));
    const detail = await screen.findByTestId('audit-detail');
    expect(detail.textContent).toContain('创建优惠券');
    expect(detail.textContent).toContain('Coupon');
    expect(await screen.findByText('admin：创建优惠券')).toBeTruthy();
    expect(screen.getByText('详情')).toBeTruthy();
  });
});
