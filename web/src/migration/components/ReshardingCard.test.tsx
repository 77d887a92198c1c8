import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import { ReshardingCard, copiedPercent } from './ReshardingCard';

afterEach(() => vi.unstubAllGlobals());

const RESHARDING = {
  layout: '2x4',
  generation: 0,
  phase: 'FROZEN',
  changedAt: '2026-03-01T10:00:00Z',
  changedBy: 'cli:ops@host',
  note: null,
  target: '4x8',
  tables: [
    { table: 'db0.t00', copied: 500, copiedThrough: 500, lastId: 1000, caughtUpThrough: 40, lastEvent: 52 },
    { table: 'db0.t01', copied: 0, copiedThrough: 0, lastId: 0, caughtUpThrough: 7, lastEvent: 7 },
  ],
  instances: [
    { name: 'a-1', layout: '2x4', generation: 0, frozen: true, stale: false, seenAt: '2026-03-01T10:00:01Z' },
    { name: 'b-1', layout: '2x4', generation: 0, frozen: false, stale: true, seenAt: '2026-03-01T10:00:01Z' },
  ],
};

const card = () => renderPage(<ReshardingCard />, { path: '/migration', url: '/migration' });

describe('ReshardingCard', () => {
  it('shows the layout, a running cut-over, each table and each instance', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Resharding: () => ({ resharding: RESHARDING }) });
    card();
    expect((await screen.findByTestId('resharding-layout')).textContent).toBe('2x4 (databases × tables)');
    expect(screen.getByTestId('resharding-phase').textContent).toBe('FROZEN');
    expect(screen.getByTestId('resharding-target').textContent).toBe('4x8');
    expect(screen.getByTestId('resharding-frozen').textContent).toMatch(/UNAVAILABLE/);
    expect(screen.getAllByTestId('resharding-behind').map((b) => b.textContent)).toEqual(['12 changes behind', 'up to date']);
    const tables = screen.getByTestId('resharding-tables');
    expect(within(tables).getByText(/through id 500 of 1000/)).toBeTruthy();
    const instances = screen.getByTestId('resharding-instances');
    expect(within(instances).getByText('frozen')).toBeTruthy();
    expect(within(instances).getByText(/stale: restart it/)).toBeTruthy();
  });

  it('says when the last cut-over was called off, and when this instance has no new layout', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Resharding: () => ({
        resharding: { ...RESHARDING, phase: 'OPEN', note: 'instances [b-1] did not follow within 10s', target: null, tables: [], instances: [] },
      }),
    });
    card();
    expect((await screen.findByTestId('resharding-note')).textContent).toMatch(/called off: instances \[b-1\] did not follow/);
    expect(screen.getByTestId('resharding-target').textContent).toMatch(/none given/);
    expect(screen.queryByTestId('resharding-frozen')).toBeNull();
    expect(screen.queryByTestId('resharding-tables')).toBeNull();
    expect(screen.getByTestId('resharding-instances').textContent).toMatch(/No instance reported/);
  });

  it('shows a read that failed', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Resharding: () => ({ errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] }) });
    card();
    expect((await screen.findByTestId('resharding-error')).textContent).toMatch(/could not be read/);
  });

  it('counts an empty table as copied', () => {
    expect(copiedPercent({ copiedThrough: 0, lastId: 0 })).toBe(100);
    expect(copiedPercent({ copiedThrough: 250, lastId: 1000 })).toBe(25);
  });
});

describe('ReshardingCard in Chinese', () => {
  it('shows the layout, the phase, the tables and the instances in Chinese', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Resharding: () => ({ resharding: RESHARDING }) });
    await i18n.changeLanguage('zh-CN');
    card();
    expect((await screen.findByTestId('resharding-layout')).textContent).toBe('2x4（库 × 表）');
    expect(screen.getByTestId('resharding-phase').textContent).toBe('写入冻结');
    expect(screen.getByTestId('resharding-frozen').textContent).toContain('读取不受影响');
    expect(screen.getAllByTestId('resharding-behind').map((b) => b.textContent)).toEqual(['落后 12 次变更', '已追平']);
    expect(within(screen.getByTestId('resharding-tables')).getByText(/500 行，已到 ID 500 \/ 1000/)).toBeTruthy();
    const instances = screen.getByTestId('resharding-instances');
    expect(within(instances).getByText('已冻结')).toBeTruthy();
    expect(within(instances).getByText(/已过期/)).toBeTruthy();
    expect(screen.getByText('用户分片的重新分片')).toBeTruthy();
  });
});
