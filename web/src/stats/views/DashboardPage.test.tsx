import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import DashboardPage from './DashboardPage';

// No canvas in happy-dom: the chart wrapper is replaced by a stub showing what it was given.
vi.mock('../components/EChart', () => ({
  default: ({ option }: { option: { xAxis: { data: string[] }; series: { name: string; data: number[] }[] } }) => (
    <div data-testid="echart-stub" data-labels={option.xAxis.data.join(',')} data-issued={option.series[0].data.join(',')} />
  ),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const ANALYST_ME = { me: { id: 'u2', name: 'ann', kind: 'CONSOLE_USER', roles: ['ANALYST'] } };

const totals = {
  issued: 1200,
  issuedByChannel: [
    { channel: 'CLAIM', count: 1000 },
    { channel: 'CODE', count: 200 },
  ],
  used: 300,
  refunded: 5,
  expired: 7,
  revoked: 1,
  remainingStock: 8800,
  discountTotal: '12345.50',
  orderAmountTotal: '98765.00',
  useRate: 0.25,
  asOf: new Date().toISOString(),
};

const handlers = {
  StatsOverview: (v: Record<string, unknown>) => ({
    statsOverview: {
      // the 7 days before the range: compared with on the KPI cards
      totals: v.from === '2026-02-22T00:00:00Z' ? { ...totals, issued: 1000, used: 300, discountTotal: '0' } : totals,
      topCoupons: [
        {
          coupon: { id: 'c1', name: 'Spring sale', status: 'ACTIVE', currency: 'USD' },
          stats: { issued: 800, used: 200, useRate: 0.25, discountTotal: '1000.00', orderAmountTotal: '5000.00' },
        },
      ],
    },
  }),
  StatsSeries: () => ({
    statsSeries: [
      { at: '2026-03-01T00:00:00Z', issued: 5, used: 1, refunded: 0, discountTotal: '5.00', orderAmountTotal: '50.00' },
      { at: '2026-03-02T00:00:00Z', issued: 7, used: 2, refunded: 0, discountTotal: '10.00', orderAmountTotal: '80.00' },
    ],
  }),
  ProductStats: () => ({
    productStats: [{ product: { id: 'p1', name: 'Red shoe' }, orders: 12, units: 15, salesAmount: '1500.00', discountTotal: '60.00' }],
  }),
};

const URL = '/dashboard?from=2026-03-01&to=2026-03-07&g=DAY';

const CAMPAIGNS = [
  {
    id: 'g1',
    name: 'Double 11',
    currency: 'USD',
    budget: { amount: '5000.00', usesPerDay: 100, spent: '1250.50', amountLeft: '3749.50', usesToday: 40, usesLeftToday: 60 },
    stats: { issued: 4200, used: 1300, discountTotal: '1250.50' },
  },
  {
    // no caps: nothing left to tell
    id: 'g2',
    name: 'Spring fair',
    currency: 'CNY',
    budget: { amount: null, usesPerDay: null, spent: '0', amountLeft: null, usesToday: 0, usesLeftToday: null },
    stats: { issued: 0, used: 0, discountTotal: '0' },
  },
];

describe('DashboardPage', () => {
  it('lists the campaigns with their all-time figures and budgets, dashes for no cap', async () => {
    const { calls } = mockGraphQL({ Me: () => ANALYST_ME, ...handlers, CampaignsOverview: () => ({ campaigns: CAMPAIGNS }) });
    renderPage(<DashboardPage />, { path: '/dashboard', url: URL });
    const card = await screen.findByTestId('dashboard-campaigns-card', {}, { timeout: 5000 });
    expect(card.textContent).toContain('Campaigns (all time)');
    const link = (await within(card).findAllByTestId('campaign-link', {}, { timeout: 5000 }))[0];
    expect(link.textContent).toBe('Double 11');
    expect(link.getAttribute('href')).toBe('/campaigns/g1');
    const cells = (name: string) => [...within(card).getByText(name).closest('tr')!.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells('Double 11')).toEqual(['Double 11', 'USD', '4,200', '1,300', '$1,250.50', '$1,250.50', '$3,749.50', '60']);
    expect(cells('Spring fair')).toEqual(['Spring fair', 'CNY', '0', '0', 'CN¥0.00', 'CN¥0.00', '–', '–']);
    // all time: no range is sent
    expect(calls.find((c) => c.operationName === 'CampaignsOverview')?.variables).toEqual({});
  }, 20_000);

  it('says so when there are no campaigns, in both languages', async () => {
    mockGraphQL({ Me: () => ANALYST_ME, ...handlers, CampaignsOverview: () => ({ campaigns: [] }) });
    const first = renderPage(<DashboardPage />, { path: '/dashboard', url: URL });
    const card = await screen.findByTestId('dashboard-campaigns-card', {}, { timeout: 5000 });
    await waitFor(() => expect(card.textContent).toContain('No campaigns yet.'), { timeout: 5000 });
    first.unmount();
    await i18n.changeLanguage('zh-CN');
    renderPage(<DashboardPage />, { path: '/dashboard', url: URL });
    const zh = await screen.findByTestId('dashboard-campaigns-card', {}, { timeout: 5000 });
    expect(zh.textContent).toContain('活动（累计）');
    await waitFor(() => expect(zh.textContent).toContain('暂无活动。'), { timeout: 5000 });
  }, 20_000);

  it('shows the KPIs, the chart, the top coupons and products for the range, and only reads', async () => {
    const { calls } = mockGraphQL({ Me: () => ANALYST_ME, ...handlers });
    renderPage(<DashboardPage />, { path: '/dashboard', url: URL });

    expect((await screen.findByTestId('kpi-issued-value', {}, { timeout: 5000 })).textContent).toBe('1,200');
    expect(screen.getByTestId('kpi-used-value').textContent).toBe('300');
    expect(screen.getByTestId('kpi-use-rate-value').textContent).toBe('25%');
    // the totals carry the currency their coupons share
    expect(screen.getByTestId('kpi-discount-value').textContent).toBe('$12,345.50');
    expect(screen.getByTestId('kpi-order-amount-value').textContent).toBe('$98,765.00');
    // compared with the 7 days before
    expect((await screen.findByTestId('kpi-issued-change', {}, { timeout: 5000 })).textContent).toBe('+20% vs previous 7 days');
    expect(screen.getByTestId('kpi-used-change').textContent).toBe('no change vs previous 7 days');
    expect(screen.getByTestId('kpi-discount-change').textContent).toBe('new vs previous 7 days');
    expect(screen.getByTestId('kpi-remaining-stock-value').textContent).toBe('8,800');
    expect(screen.getByTestId('kpi-issued').textContent).toContain('Claim 1,000 · Code 200');
    expect(screen.getByTestId('stats-as-of').getAttribute('data-stale')).toBe('false');

    const range = { from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' };
    expect(calls.find((c) => c.operationName === 'StatsOverview')?.variables).toEqual({ ...range, first: 10 });
    expect(calls.filter((c) => c.operationName === 'StatsOverview').map((c) => c.variables.from)).toContain('2026-02-22T00:00:00Z');
    expect(calls.find((c) => c.operationName === 'StatsSeries')?.variables).toEqual({ ...range, granularity: 'DAY' });
    expect(calls.find((c) => c.operationName === 'ProductStats')?.variables).toEqual({ ...range, first: 10 });

    const stub = await screen.findByTestId('echart-stub', {}, { timeout: 5000 });
    expect(stub.getAttribute('data-labels')).toBe('Mar 1,Mar 2');
    expect(stub.getAttribute('data-issued')).toBe('5,7');

    const link = await screen.findByTestId('top-coupon-link', {}, { timeout: 5000 });
    expect(link.textContent).toBe('Spring sale');
    expect(link.getAttribute('href')).toBe('/coupons/c1');
    expect(screen.getByTestId('top-coupons').textContent).toContain('$1,000.00');
    expect((await screen.findByTestId('top-product-name', {}, { timeout: 5000 })).textContent).toContain('Red shoe');
    expect(screen.getByTestId('top-products').textContent).toContain('$1,500.00');

    expect(screen.getByTestId('export-coupons').getAttribute('href')).toBe(
      '/export/stats/coupons?from=2026-03-01T00%3A00%3A00Z&to=2026-03-08T00%3A00%3A00Z',
    );
    expect(screen.getByTestId('export-series').getAttribute('href')).toContain('&granularity=DAY');
    expect(screen.getByTestId('export-products').getAttribute('href')).not.toContain('couponId');

    // read-only: no mutation was sent, and nothing offers one
    expect(calls.every((c) => /^\s*query\s/.test(c.query))).toBe(true);
    }, 20_000);

  it('a tiny use rate is not 0%, small series get a log axis, the table shows every figure', async () => {
    const big = { ...totals, issued: 300_500, used: 104, useRate: 104 / 300_500 };
    mockGraphQL({
      Me: () => ANALYST_ME,
      ...handlers,
      StatsOverview: () => ({
        statsOverview: {
          totals: big,
          topCoupons: [
            { coupon: { id: 'c1', name: 'A', status: 'ACTIVE', currency: 'USD' }, stats: { issued: 1, used: 1, useRate: 1, discountTotal: '1', orderAmountTotal: '1' } },
            { coupon: { id: 'c2', name: 'B', status: 'ACTIVE', currency: 'EUR' }, stats: { issued: 1, used: 1, useRate: 1, discountTotal: '1', orderAmountTotal: '1' } },
          ],
        },
      }),
      StatsSeries: () => ({
        statsSeries: [
          { at: '2026-03-01T00:00:00Z', issued: 300_000, used: 100, refunded: 3, discountTotal: '5.00', orderAmountTotal: '50.00' },
          { at: '2026-03-02T00:00:00Z', issued: 500, used: 4, refunded: 0, discountTotal: '10.00', orderAmountTotal: '80.00' },
        ],
      }),
    });
    renderPage(<DashboardPage />, { path: '/dashboard', url: URL });
    expect((await screen.findByTestId('kpi-use-rate-value', {}, { timeout: 5000 })).textContent).toBe('0.035%');
    // coupons in several currencies: no single currency is claimed, and it says so
    expect(screen.getByTestId('kpi-discount-value').textContent).toBe('12,345.50');
    expect(screen.getByTestId('kpi-discount').textContent).toContain('mixed currencies: EUR, USD');
    const chart = await screen.findByTestId('series-chart', {}, { timeout: 5000 });
    expect(chart.getAttribute('data-view')).toBe('log');
    fireEvent.click(screen.getByTestId('series-view').querySelector('[title="Table"]')!);
    const table = await screen.findByTestId('series-table');
    expect(table.textContent).toContain('300,000');
    expect(table.textContent).toContain('100');
    expect(screen.queryByTestId('echart-stub')).toBeNull();
  });

  it('HOUR is offered up to 31 days only', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, ...handlers });
    renderPage(<DashboardPage />, { path: '/dashboard', url: '/dashboard?from=2026-01-01&to=2026-03-01&g=HOUR' });
    await screen.findByTestId('kpi-issued-value', {}, { timeout: 5000 });
    const item = (label: string) => screen.getByTestId('granularity').querySelector(`[title="${label}"]`)!.closest('label')!;
    expect(item('By hour').querySelector('input')!.disabled).toBe(true);
    expect(item('By day').className).toContain('ant-segmented-item-selected');
    expect(screen.getByTestId('export-series').getAttribute('href')).toContain('&granularity=DAY');
  });

  it('says so when the server has no statistics yet', async () => {
    const unavailable = () => ({ errors: [{ message: 'not available yet', extensions: { code: 'UNAVAILABLE' } }] });
    mockGraphQL({ Me: () => ADMIN_ME, StatsOverview: unavailable, StatsSeries: unavailable, ProductStats: unavailable });
    renderPage(<DashboardPage />, { path: '/dashboard', url: URL });
    await waitFor(() => expect(screen.getAllByTestId('stats-error').length).toBeGreaterThanOrEqual(3), { timeout: 5000 });
    expect(screen.getAllByTestId('stats-error')[0].textContent).toContain('Statistics are not available on this server yet.');
  });

  it('in Chinese: titles, KPIs, money as the language writes it, dates on the axis, tables and exports', async () => {
    mockGraphQL({ Me: () => ANALYST_ME, ...handlers });
    await i18n.changeLanguage('zh-CN');
    renderPage(<DashboardPage />, { path: '/dashboard', url: URL });
    expect((await screen.findByTestId('kpi-issued-value', {}, { timeout: 5000 })).textContent).toBe('1,200');
    expect(screen.getByText('数据看板')).toBeTruthy();
    expect(screen.getByTestId('kpi-issued').textContent).toContain('发放');
    expect(screen.getByTestId('kpi-issued').textContent).toContain('领取 1,000 · 兑换码 200');
    expect(screen.getByTestId('kpi-discount').textContent).toContain('优惠金额');
    expect(screen.getByTestId('kpi-discount-value').textContent).toBe('US$12,345.50');
    expect((await screen.findByTestId('kpi-issued-change', {}, { timeout: 5000 })).textContent).toBe('较前 7 天 +20%');
    expect(screen.getByTestId('stats-as-of').textContent).toMatch(/^数据截至 \d\d:\d\d:\d\d$/);
    expect(screen.getByTestId('stats-refresh').textContent).toMatch(/刷\s*新/);
    expect(screen.getByText('趋势')).toBeTruthy();
    expect(screen.getByText('热门优惠券')).toBeTruthy();
    expect(screen.getByText('按 UTC 日期')).toBeTruthy();
    expect(screen.getByTestId('granularity').textContent).toContain('按小时');
    expect(screen.getByTestId('export-coupons').textContent).toBe('导出优惠券 CSV');
    const stub = await screen.findByTestId('echart-stub', {}, { timeout: 5000 });
    expect(stub.getAttribute('data-labels')).toBe('3月1日,3月2日');
    const coupons = await screen.findByTestId('top-coupons');
    expect(coupons.textContent).toContain('使用率');
    expect(coupons.textContent).toContain('US$1,000.00');
    expect((await screen.findByTestId('top-product-name', {}, { timeout: 5000 })).textContent).toContain('Red shoe');
    expect(screen.getByTestId('top-products').textContent).toContain('销售额');
    expect(screen.getByTestId('top-products').textContent).toContain('US$1,500.00');
    fireEvent.click(screen.getByTestId('series-view').querySelector('[title="表格"]')!);
    const table = await screen.findByTestId('series-table');
    expect(table.textContent).toContain('日期（UTC）');
    expect(table.textContent).toContain('3月2日');
    expect(table.textContent).toContain('US$10.00');
  }, 20_000);

  it('in Chinese: says so when the server has no statistics yet', async () => {
    const unavailable = () => ({ errors: [{ message: 'not available yet', extensions: { code: 'UNAVAILABLE' } }] });
    mockGraphQL({ Me: () => ADMIN_ME, StatsOverview: unavailable, StatsSeries: unavailable, ProductStats: unavailable });
    await i18n.changeLanguage('zh-CN');
    renderPage(<DashboardPage />, { path: '/dashboard', url: URL });
    await waitFor(() => expect(screen.getAllByTestId('stats-error').length).toBeGreaterThanOrEqual(3), { timeout: 5000 });
    expect(screen.getAllByTestId('stats-error')[0].textContent).toContain('此服务器暂未提供统计数据。');
  }, 20_000);
});
