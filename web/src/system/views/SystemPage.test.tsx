import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import SystemPage from './SystemPage';

afterEach(() => vi.unstubAllGlobals());

const REPLICATION = {
  maxLagSeconds: 2,
  pinSeconds: 2.25,
  degraded: null,
  replicas: [
    { database: 'meta', address: '10.0.0.2:3306/coupond_meta', usable: true, lagSeconds: 0.012, problem: null, checkedAt: '2026-03-01T10:00:00Z' },
    { database: 'shard0', address: '10.0.0.3:3306/coupond_s0', usable: false, lagSeconds: 185.2, problem: 'behind', checkedAt: null },
  ],
};

const page = () => renderPage(<SystemPage />, { path: '/system', url: '/system' });

describe('SystemPage', () => {
  it('shows the replicas in English', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Replication: () => ({ replication: REPLICATION }) });
    page();
    expect(await screen.findByText('System')).toBeTruthy();
    expect((await screen.findByTestId('replication-bound')).textContent).toBe(
      '2.0 s (COUPOND_MAX_REPLICA_LAG): a replica further behind serves no reads',
    );
    const rows = within(screen.getByTestId('replication-replicas'));
    expect(rows.getByText('3 min 5 s')).toBeTruthy();
    expect(rows.getByText('not yet')).toBeTruthy();
  });

  it('in Chinese: title, card, columns, lags, states and times', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Replication: () => ({ replication: REPLICATION }) });
    await i18n.changeLanguage('zh-CN');
    page();
    expect(await screen.findByText('系统')).toBeTruthy();
    expect((await screen.findByTestId('replication-bound')).textContent).toBe(
      '2.0 秒（COUPOND_MAX_REPLICA_LAG）：延迟超过此值的副本不再承担读请求',
    );
    expect(screen.getByTestId('replication').textContent).toContain('只读副本');
    expect(screen.getByTestId('replication').textContent).toContain('调用方在 2.3 秒 内读取主库');
    const rows = within(screen.getByTestId('replication-replicas'));
    expect(rows.getAllByText('数据库').length).toBeGreaterThan(0);
    expect(rows.getAllByText('落后').length).toBeGreaterThan(0);
    expect(rows.getByText('12 毫秒')).toBeTruthy();
    expect(rows.getByText('3 分 5 秒')).toBeTruthy();
    expect(rows.getByText('参与读取')).toBeTruthy();
    expect(rows.getByText('已移出：读请求发往主库')).toBeTruthy();
    expect(rows.getByText('尚未检查')).toBeTruthy();
    const when = new Intl.DateTimeFormat('zh-CN', {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).format(new Date('2026-03-01T10:00:00Z'));
    expect(rows.getByText(when)).toBeTruthy();
  });

  it('in Chinese: no replicas at all', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Replication: () => ({ replication: { ...REPLICATION, replicas: [] } }) });
    await i18n.changeLanguage('zh-CN');
    page();
    expect((await screen.findByTestId('replication-none')).textContent).toMatch(/^没有数据库配置只读副本/);
  });
});
