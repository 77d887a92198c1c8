import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import { ReplicationCard } from './ReplicationCard';

afterEach(() => vi.unstubAllGlobals());

const REPLICATION = {
  maxLagSeconds: 2,
  pinSeconds: 2.25,
  degraded: null,
  replicas: [
    { database: 'meta', address: '10.0.0.2:3306/coupond_meta', usable: true, lagSeconds: 0.012, problem: null, checkedAt: '2026-03-01T10:00:00Z' },
    {
      database: 'shard0',
      address: '10.0.0.3:3306/coupond_s0',
      usable: false,
      lagSeconds: 7.5,
      problem: 'behind by more than 2s: out of the read rotation until within 1s',
      checkedAt: '2026-03-01T10:00:00Z',
    },
  ],
};

const card = () => renderPage(<ReplicationCard />, { path: '/system', url: '/system' });

describe('ReplicationCard', () => {
  it('shows each replica, its lag and whether it serves reads', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Replication: () => ({ replication: REPLICATION }) });
    card();
    expect((await screen.findByTestId('replication-bound')).textContent).toMatch(/^2\.0 s/);
    const rows = within(screen.getByTestId('replication-replicas'));
    expect(rows.getByText('12 ms')).toBeTruthy();
    expect(rows.getByText('7.5 s')).toBeTruthy();
    expect(rows.getByText('in rotation')).toBeTruthy();
    expect(rows.getByText(/out: reads go to the primary/)).toBeTruthy();
    expect(screen.queryByTestId('replication-degraded')).toBeNull();
  });

  it('says when a database has no usable replica, and when there are none', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Replication: () => ({ replication: { ...REPLICATION, degraded: 'no usable replica for meta: reads go to the primary' } }),
    });
    card();
    expect((await screen.findByTestId('replication-degraded')).textContent).toMatch(/Degraded: no usable replica for meta/);
  });

  it('says when no database has replicas', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Replication: () => ({ replication: { ...REPLICATION, replicas: [] } }) });
    card();
    expect((await screen.findByTestId('replication-none')).textContent).toMatch(/No database has read replicas/);
  });
});
