import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import CampaignDetailPage from './CampaignDetailPage';

afterEach(() => vi.unstubAllGlobals());
vi.setConfig({ testTimeout: 30_000 });

const NO_CAPS = { amount: null, usesPerDay: null, spent: '0', amountLeft: null, uses: 0, usesToday: 0, usesLeftToday: null };

const CAMPAIGN = {
  id: 'k1',
  name: 'Double 11',
  description: 'the big sale',
  currency: 'CNY',
  budget: { amount: '1000', usesPerDay: 200, spent: '750', amountLeft: '250', uses: 900, usesToday: 50, usesLeftToday: 150 },
  coupons: [
    {
      id: 'c1',
      name: 'Ten off',
      status: 'ACTIVE',
      currency: 'CNY',
      class: 'ORDER',
      discount: { kind: 'AMOUNT_OFF', amountOff: '10', percentOff: null, maxDiscount: null, minOrderAmount: '50' },
      totalStock: 1000,
      remainingStock: 400,
      budget: { amount: '300', usesPerDay: null, spent: '120', amountLeft: '180', uses: 12, usesToday: 2, usesLeftToday: null },
    },
    {
      id: 'c2',
      name: 'Free shipping',
      status: 'PAUSED',
      currency: 'CNY',
      class: 'SHIPPING',
      discount: { kind: 'FREE_SHIPPING', amountOff: null, percentOff: null, maxDiscount: null, minOrderAmount: null },
      totalStock: 50,
      remainingStock: 50,
      budget: NO_CAPS,
    },
  ],
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

const STATS = {
  campaign: {
    id: 'k1',
    stats: { issued: 1200, used: 900, useRate: 0.75, discountTotal: '750', orderAmountTotal: '45000.5', asOf: '2026-11-11T00:00:00Z' },
  },
};

const SUPPORT_ME = { me: { id: 'u3', name: 'sue', kind: 'CONSOLE_USER', roles: ['SUPPORT'] } };

describe('CampaignDetailPage', () => {
  it('shows the budget burn-down, the figures and the coupons', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Campaign: () => ({ campaign: CAMPAIGN }), CampaignStats: () => STATS });
    renderPage(<CampaignDetailPage />, { path: '/campaigns/:id', url: '/campaigns/k1' });
    expect((await screen.findByTestId('campaign-title')).textContent).toBe('Double 11');
    expect(screen.getByTestId('budget-spent').textContent).toBe('CN¥750.00 / CN¥1,000.00');
    expect(screen.getByTestId('budget-left').textContent).toBe('CN¥250.00 left');
    expect(screen.getByTestId('budget-spent-progress').textContent).toBe('75%');
    expect(screen.getByTestId('budget-uses-today').textContent).toBe('50 / 200');
    expect(screen.getByTestId('budget-uses-progress').textContent).toBe('25%');
    expect(screen.getByTestId('budget-uses-left').textContent).toBe('150 uses left today');
    expect(screen.getByTestId('budget-uses-total').textContent).toBe('900 uses in all');

    await waitFor(() => expect(screen.getByTestId('stat-issued').textContent).toContain('1,200'));
    expect(screen.getByTestId('stat-used').textContent).toContain('900');
    expect(screen.getByTestId('stat-use-rate').textContent).toContain('75%');
    expect(screen.getByTestId('stat-discount-total').textContent).toContain('CN¥750.00');
    expect(screen.getByTestId('stat-order-amount-total').textContent).toContain('CN¥45,000.50');

    const table = screen.getByTestId('campaign-coupons');
    expect(within(table).getByText('Ten off').closest('a')?.getAttribute('href')).toBe('/coupons/c1');
    const row = within(table).getByText('Ten off').closest('tr')!;
    expect(row.textContent).toContain('Active');
    expect(row.textContent).toContain('Order discount');
    expect(row.textContent).toContain('400 / 1,000');
    expect(screen.getByTestId('coupon-budget-c1').textContent).toBe('CN¥120.00 / CN¥300.00CN¥180.00 left');
    expect(screen.getByTestId('coupon-budget-c2').textContent).toBe('CN¥0.00 / no cap');
    const inList = screen.getByTestId('campaign-coupons-in-list');
    expect(inList.textContent).toBe('All its coupons in the coupon list');
    expect(inList.getAttribute('href')).toBe('/coupons?campaign=k1');
  });

  it('says "no cap" for a budget without caps, and shows support no figures', async () => {
    const { calls } = mockGraphQL({
      Me: () => SUPPORT_ME,
      Campaign: () => ({ campaign: { ...CAMPAIGN, budget: { ...NO_CAPS, spent: '42', uses: 3, usesToday: 1 }, coupons: [] } }),
    });
    renderPage(<CampaignDetailPage />, { path: '/campaigns/:id', url: '/campaigns/k1' });
    await screen.findByTestId('campaign-title');
    expect(screen.getByTestId('budget-spent').textContent).toBe('CN¥42.00 / no cap');
    expect(screen.getByTestId('budget-left').textContent).toBe('No cap on the total discount');
    expect(screen.getByTestId('budget-uses-today').textContent).toBe('1 / no cap');
    expect(screen.getByTestId('budget-uses-left').textContent).toBe('No cap on uses per day');
    expect(screen.queryByTestId('budget-spent-progress')).toBeNull();
    expect(screen.queryByTestId('campaign-stats')).toBeNull();
    expect(screen.queryByTestId('edit-campaign')).toBeNull();
    expect(calls.some((c) => c.operationName === 'CampaignStats')).toBe(false);
    expect(screen.getByTestId('campaign-coupons').textContent).toContain('No coupons belong to this campaign yet');
    expect(screen.queryByTestId('campaign-coupons-in-list')).toBeNull();
  });

  it('edits the campaign: the currency is fixed once it has coupons, a cleared cap is sent as null', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Campaign: () => ({ campaign: CAMPAIGN }),
      CampaignStats: () => STATS,
      UpdateCampaign: () => ({ updateCampaign: { campaign: { id: 'k1', name: 'Double 11 (2026)' }, userErrors: [] } }),
    });
    renderPage(<CampaignDetailPage />, { path: '/campaigns/:id', url: '/campaigns/k1' });
    fireEvent.click(await screen.findByTestId('edit-campaign'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Edit campaign');
    const currency = document.getElementById('campaign_currency') as HTMLInputElement;
    await waitFor(() => expect(currency.value).toBe('CNY'));
    expect(currency.disabled).toBe(true);
    expect(dialog.textContent).toContain('Fixed: coupons belong to the campaign.');
    expect((document.getElementById('campaign_budget_amount') as HTMLInputElement).value).toBe('1000');
    fireEvent.change(document.getElementById('campaign_name')!, { target: { value: 'Double 11 (2026)' } });
    fireEvent.change(document.getElementById('campaign_budget_usesPerDay')!, { target: { value: '' } });
    fireEvent.click(within(dialog).getByTestId('campaign-submit'));
    await waitFor(() => expect(calls.some((c) => c.operationName === 'UpdateCampaign')).toBe(true));
    expect(calls.find((c) => c.operationName === 'UpdateCampaign')!.variables).toEqual({
      id: 'k1',
      input: { name: 'Double 11 (2026)', description: 'the big sale', currency: 'CNY', budget: { amount: '1000', usesPerDay: null } },
    });
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'Campaign').length).toBeGreaterThan(1));
  });

  it('speaks Chinese', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Campaign: () => ({ campaign: CAMPAIGN }), CampaignStats: () => STATS });
    await i18n.changeLanguage('zh-CN');
    renderPage(<CampaignDetailPage />, { path: '/campaigns/:id', url: '/campaigns/k1' });
    await screen.findByTestId('campaign-title');
    expect(screen.getByTestId('budget-left').textContent).toBe('剩余 ¥250.00');
    expect(screen.getByTestId('budget-uses-left').textContent).toBe('今日还可使用 150 次');
    expect(screen.getByTestId('campaign-budget').textContent).toContain('预算');
    await waitFor(() => expect(screen.getByTestId('coupon-budget-c2').textContent).toBe('¥0.00 / 不限'));
    expect(screen.getByTestId('campaign-coupons').textContent).toContain('生效中');
    expect(screen.getByTestId('campaign-coupons-in-list').textContent).toBe('在优惠券列表中查看其全部优惠券');
  });

  it('says so when there is no such campaign', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Campaign: () => ({ campaign: null }), CampaignStats: () => ({ campaign: null }) });
    renderPage(<CampaignDetailPage />, { path: '/campaigns/:id', url: '/campaigns/nope' });
    expect((await screen.findByTestId('campaign-not-found')).textContent).toContain('No such campaign');
  });
});
