import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { mockGraphQL, renderPage } from '../../test/render';
import { CouponStatsCard } from './CouponStatsCard';

vi.mock('./EChart', () => ({
  default: ({ option }: { option: { yAxis: { name: string }[] } }) => (
    <div data-testid="echart-stub" data-axis={option.yAxis[1].name} />
  ),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const me = (roles: string[]) => () => ({ me: { id: 'u9', name: 'x', kind: 'CONSOLE_USER', roles } });
const old = new Date(Date.now() - 5 * 60_000).toISOString();

const card = () =>
  renderPage(<CouponStatsCard coupon={{ id: 'c1', currency: 'EUR' }} />, {
    path: '/coupons/:id',
    url: '/coupons/c1?from=2026-03-10&to=2026-03-10&g=HOUR',
  });

describe('CouponStatsCard', () => {
  it("shows the coupon's all-time figures, its series and products for the range, scoped exports", async () => {
    const { calls } = mockGraphQL({
      Me: me(['ANALYST']),
      CouponStats: () => ({
        couponStats: {
          issued: 3,
          issuedByChannel: [{ channel: 'CLAIM', count: 3 }],
          used: 2,
          refunded: 1,
          expired: 0,
          revoked: 0,
          remainingStock: 97,
          discountTotal: '10.00',
          orderAmountTotal: '85.00',
          useRate: 2 / 3,
          asOf: old,
        },
      }),
      StatsSeries: () => ({ statsSeries: [] }),
      ProductStats: () => ({ productStats: [] }),
    });
    card();
    expect((await screen.findByTestId('kpi-use-rate-value', {}, { timeout: 5000 })).textContent).toBe('66.7%');
    expect(screen.getByTestId('kpi-discount-value').textContent).toBe('€10.00');
    expect(screen.getByTestId('stats-as-of').getAttribute('data-stale')).toBe('true');
    // the funnel: issued -> used -> refunded, each with its share of the step before
    expect(screen.getByTestId('funnel-issued').textContent).toBe('3');
    expect(screen.getByTestId('funnel-used').textContent).toBe('2 · 66.7% of issued');
    expect(screen.getByTestId('funnel-refunded').textContent).toBe('1 · 50% of used');
    expect(calls.find((c) => c.operationName === 'CouponStats')?.variables).toEqual({ couponId: 'c1' });
    await waitFor(() =>
      expect(calls.find((c) => c.operationName === 'StatsSeries')?.variables).toEqual({
        couponId: 'c1',
        from: '2026-03-10T00:00:00Z',
        to: '2026-03-11T00:00:00Z',
        granularity: 'HOUR',
      }),
    );
    expect((await screen.findByTestId('echart-stub', {}, { timeout: 5000 })).getAttribute('data-axis')).toBe('Discount (EUR)');
    expect(screen.queryByTestId('export-coupons')).toBeNull();
    expect(screen.getByTestId('export-series').getAttribute('href')).toMatch(/granularity=HOUR&couponId=c1$/);
    expect(screen.getByTestId('export-products').getAttribute('href')).toMatch(/&couponId=c1$/);
  });

  it('is not shown to support', async () => {
    const { calls } = mockGraphQL({ Me: me(['SUPPORT']) });
    card();
    await waitFor(() => expect(calls.some((c) => c.operationName === 'Me')).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('coupon-stats')).toBeNull();
    expect(calls.map((c) => c.operationName)).toEqual(['Me']);
  });
});
