import { describe, expect, it } from 'vitest';
import { runBulk, splitEligible } from './bulk';

const rows = [
  { id: 'a', name: 'A', status: 'ACTIVE' as const },
  { id: 'b', name: 'B', status: 'DRAFT' as const },
  { id: 'c', name: 'C', status: 'PAUSED' as const },
  { id: 'd', name: 'D', status: 'ACTIVE' as const },
];

describe('bulk coupon actions', () => {
  it('pauses only active coupons, ends active and paused ones', () => {
    expect(splitEligible(rows, 'pause').eligible.map((r) => r.id)).toEqual(['a', 'd']);
    expect(splitEligible(rows, 'end').eligible.map((r) => r.id)).toEqual(['a', 'c', 'd']);
    expect(splitEligible(rows, 'end').skipped).toEqual([{ id: 'b', name: 'B', message: 'Draft coupons cannot be ended' }]);
  });

  it('reports each failure with its row', async () => {
    const seen: string[] = [];
    const res = await runBulk(rows, 'end', async (r) => {
      seen.push(r.id);
      if (r.id === 'c') return 'It was changed by someone else meanwhile.';
      if (r.id === 'd') throw new Error('network down');
      return null;
    });
    expect(seen).toEqual(['a', 'c', 'd']);
    expect(res.done).toEqual(['a']);
    expect(res.failed).toEqual([
      { id: 'b', name: 'B', message: 'Draft coupons cannot be ended' },
      { id: 'c', name: 'C', message: 'It was changed by someone else meanwhile.' },
      { id: 'd', name: 'D', message: 'network down' },
    ]);
  });
});
