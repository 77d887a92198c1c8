import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import CouponListPage, { filterFromParams, orderFromParams } from './CouponListPage';

afterEach(() => vi.unstubAllGlobals());
vi.setConfig({ testTimeout: 30_000 });

describe('filterFromParams', () => {
  it('reads status, channel and search from the URL', () => {
    expect(filterFromParams(new URLSearchParams('status=ACTIVE,PAUSED&channel=CODE&q=%20spring%20'))).toEqual({
      status: ['ACTIVE', 'PAUSED'],
      channel: 'CODE',
      search: 'spring',
    });
  });
  it('reads the campaign from the URL', () => {
    expect(filterFromParams(new URLSearchParams('campaign=k9&channel=CODE'))).toEqual({ campaignId: 'k9', channel: 'CODE' });
  });
  it('ignores unknown and empty values', () => {
    expect(filterFromParams(new URLSearchParams('status=BOGUS,&channel=MAIL&q=&campaign='))).toEqual({});
    expect(filterFromParams(new URLSearchParams(''))).toEqual({});
  });
});

describe('orderFromParams', () => {
  it('reads the order from the URL, newest first by default', () => {
    expect(orderFromParams(new URLSearchParams('sort=NAME.ASC'))).toEqual({ field: 'NAME', direction: 'ASC' });
    expect(orderFromParams(new URLSearchParams('sort=TOTAL_STOCK.DESC'))).toEqual({ field: 'TOTAL_STOCK', direction: 'DESC' });
    expect(orderFromParams(new URLSearchParams('sort=BOGUS.ASC'))).toBeNull();
    expect(orderFromParams(new URLSearchParams(''))).toBeNull();
  });
});

function node(id: string, name: string, status: string) {
  return {
    id,
    name,
    status,
    currency: 'USD',
    discount: { kind: 'AMOUNT_OFF', amountOff: '5.00', percentOff: null, maxDiscount: null, minOrderAmount: null },
    claimStartsAt: null,
    claimEndsAt: null,
    channels: ['CLAIM'],
    totalStock: 10,
    remainingStock: 10,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

const NODES = [node('k1', 'Spring', 'ACTIVE'), node('k2', 'Summer', 'ACTIVE'), node('k3', 'Draft one', 'DRAFT')];

const CAMPAIGNS = [
  { id: 'g1', name: 'Double 11', currency: 'USD' },
  { id: 'g2', name: 'Spring fair', currency: 'USD' },
];

describe('CouponListPage', () => {
  it("shows each coupon's campaign, linking to it, or a dash", async () => {
    const withCampaign = { ...node('k1', 'Spring', 'ACTIVE'), campaign: { id: 'g1', name: 'Double 11' } };
    const without = { ...node('k2', 'Summer', 'ACTIVE'), campaign: null };
    mockGraphQL({
      Me: () => ADMIN_ME,
      CampaignOptions: () => ({ campaigns: CAMPAIGNS }),
      Coupons: () => ({
        coupons: {
          edges: [withCampaign, without].map((n) => ({ cursor: n.id, node: n })),
          pageInfo: { hasNextPage: false, endCursor: null },
          totalCount: 2,
        },
      }),
    });
    renderPage(<CouponListPage />, { path: '/coupons', url: '/coupons' });
    await screen.findByText('Spring');
    expect(screen.getAllByText('Campaign', { selector: 'th' }).length).toBeGreaterThan(0);
    const link = within(screen.getByText('Spring').closest('tr')!).getByTestId('coupon-campaign');
    expect(link.textContent).toBe('Double 11');
    expect(link.getAttribute('href')).toBe('/campaigns/g1');
    expect(within(screen.getByText('Summer').closest('tr')!).getByTestId('coupon-campaign').textContent).toBe('–');
  });

  it('filters by the campaign chosen, kept in the URL, and clears it', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      CampaignOptions: () => ({ campaigns: CAMPAIGNS }),
      Coupons: () => ({
        coupons: { edges: NODES.map((n) => ({ cursor: n.id, node: n })), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 3 },
      }),
    });
    const { router } = renderPage(<CouponListPage />, { path: '/coupons', url: '/coupons?status=ACTIVE' });
    await screen.findByText('Spring');
    expect(calls.find((c) => c.operationName === 'Coupons')!.variables.filter).toEqual({ status: ['ACTIVE'] });
    const picker = screen.getByTestId('filter-campaign');
    const box = within(picker).getByRole('combobox');
    fireEvent.mouseDown(picker.querySelector('.ant-select-content, .ant-select-selector') ?? box);
    const option = await waitFor(() => {
      const o = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((e) => e.getAttribute('title') === 'Spring fair');
      expect(o).toBeTruthy();
      return o!;
    });
    fireEvent.click(option);
    await waitFor(() => expect(router.state.location.search).toBe('?status=ACTIVE&campaign=g2'));
    await waitFor(() =>
      expect(calls.filter((c) => c.operationName === 'Coupons').at(-1)!.variables.filter).toEqual({ status: ['ACTIVE'], campaignId: 'g2' }),
    );
    await waitFor(() => expect(picker.textContent).toContain('Spring fair'));
    // cleared: every campaign again
    const clear = picker.querySelector('.ant-select-clear');
    expect(clear).toBeTruthy();
    fireEvent.mouseDown(clear!);
    fireEvent.click(clear!);
    await waitFor(() => expect(router.state.location.search).toBe('?status=ACTIVE'));
    await waitFor(() =>
      expect(calls.filter((c) => c.operationName === 'Coupons').at(-1)!.variables.filter).toEqual({ status: ['ACTIVE'] }),
    );
  });

  it('starts filtered by the campaign in the URL (a campaign page links so)', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      CampaignOptions: () => ({ campaigns: CAMPAIGNS }),
      Coupons: () => ({
        coupons: { edges: [{ cursor: 'k1', node: NODES[0] }], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1 },
      }),
    });
    renderPage(<CouponListPage />, { path: '/coupons', url: '/coupons?campaign=g1' });
    await screen.findByText('Spring');
    expect(calls.find((c) => c.operationName === 'Coupons')!.variables.filter).toEqual({ campaignId: 'g1' });
    await waitFor(() => expect(screen.getByTestId('filter-campaign').textContent).toContain('Double 11'));
  });

  it('sorts on the server by the clicked column, and keeps the order in the URL', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Coupons: () => ({
        coupons: { edges: NODES.map((n) => ({ cursor: n.id, node: n })), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 3 },
      }),
    });
    const { router } = renderPage(<CouponListPage />, { path: '/coupons', url: '/coupons' });
    await screen.findByText('Spring');
    expect(calls.find((c) => c.operationName === 'Coupons')!.variables.orderBy).toBeNull();
    fireEvent.click(screen.getAllByText('Name', { selector: '.ant-table-column-title' })[0]);
    await waitFor(() => expect(router.state.location.search).toBe('?sort=NAME.ASC'));
    await waitFor(() =>
      expect(calls.filter((c) => c.operationName === 'Coupons').at(-1)!.variables.orderBy).toEqual({ field: 'NAME', direction: 'ASC' }),
    );
    // the ID shows, in code style
    expect(screen.getAllByTestId('coupon-id')[0].textContent).toContain('k1');
  });

  it('pauses the selected coupons after a confirmation, and lists the ones that failed', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Coupons: () => ({
        coupons: { edges: NODES.map((n) => ({ cursor: n.id, node: n })), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 3 },
      }),
      PauseCoupon: (v) =>
        v.id === 'k2'
          ? { pauseCoupon: { coupon: null, userErrors: [{ field: null, message: 'It changed meanwhile', code: 'CONFLICT' }] } }
          : { pauseCoupon: { coupon: { ...NODES[0], status: 'PAUSED' }, userErrors: [] } },
    });
    renderPage(<CouponListPage />, { path: '/coupons', url: '/coupons' });
    await screen.findByText('Spring');
    const rowOf = (name: string) => screen.getByText(name).closest('tr')!;
    for (const n of ['Spring', 'Summer', 'Draft one']) fireEvent.click(within(rowOf(n)).getByRole('checkbox'));
    expect((await screen.findByTestId('bulk-count')).textContent).toBe('3 selected');
    fireEvent.click(screen.getByTestId('bulk-pause'));
    const text = await screen.findByTestId('bulk-confirm-text');
    expect(text.textContent).toContain('2 of the 3 selected will be paused; 1 cannot be paused');
    fireEvent.click(screen.getByTestId('bulk-confirm'));
    const failures = await screen.findByTestId('bulk-failures');
    expect(failures.textContent).toContain('1 paused, 2 not');
    expect(failures.textContent).toContain('Summer');
    expect(failures.textContent).toContain('It changed meanwhile');
    expect(failures.textContent).toContain('Draft coupons cannot be paused');
    expect(calls.filter((c) => c.operationName === 'PauseCoupon').map((c) => c.variables.id)).toEqual(['k1', 'k2']);
  });

  it('speaks Chinese: columns, statuses, discounts and the bulk confirmation', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Coupons: () => ({
        coupons: { edges: NODES.map((n) => ({ cursor: n.id, node: n })), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 3 },
      }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<CouponListPage />, { path: '/coupons', url: '/coupons' });
    await screen.findByText('Spring');
    expect(screen.getAllByText('名称', { selector: '.ant-table-column-title' }).length).toBeGreaterThan(0);
    expect(screen.getAllByText('活动', { selector: 'th' }).length).toBeGreaterThan(0);
    expect(screen.getByTestId('filter-campaign').textContent).toContain('全部活动');
    const row = screen.getByText('Draft one').closest('tr')!;
    expect(within(row).getByTestId('status-tag').textContent).toBe('草稿');
    expect(row.textContent).toContain('立减 US$5.00');
    expect(row.textContent).toContain('随时可领取');
    expect(screen.getByText('已显示 3 个，共 3 个')).toBeTruthy();
    for (const n of ['Spring', 'Draft one']) fireEvent.click(within(screen.getByText(n).closest('tr')!).getByRole('checkbox'));
    expect((await screen.findByTestId('bulk-count')).textContent).toBe('已选 2 项');
    fireEvent.click(screen.getByTestId('bulk-end'));
    expect((await screen.findByTestId('bulk-confirm-text')).textContent).toBe(
      '所选 2 张中的 1 张将被结束；另有 1 张因当前状态不能结束，保持不变。结束后无法撤销：已结束的优惠券无人能再领取。',
    );
    expect(screen.getAllByText('结束 2 张优惠券？').length).toBeGreaterThan(0);
    expect(screen.getByTestId('bulk-confirm').textContent).toBe('结束 1 张');
  });
});
