import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import CampaignListPage from './CampaignListPage';

afterEach(() => vi.unstubAllGlobals());
vi.setConfig({ testTimeout: 30_000 });

const CAMPAIGNS = [
  {
    id: 'k1',
    name: 'Double 11',
    description: 'the big sale',
    currency: 'CNY',
    budget: { amount: '10000', usesPerDay: 500, spent: '2500.5', amountLeft: '7499.5', uses: 900, usesToday: 120, usesLeftToday: 380 },
    coupons: [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }],
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
  },
  {
    id: 'k2',
    name: 'Open house',
    description: '',
    currency: 'USD',
    budget: { amount: null, usesPerDay: null, spent: '12', amountLeft: null, uses: 4, usesToday: 1, usesLeftToday: null },
    coupons: [],
    createdAt: '2026-10-01T00:00:00Z',
    updatedAt: '2026-10-01T00:00:00Z',
  },
];

const ANALYST_ME = { me: { id: 'u2', name: 'ann', kind: 'CONSOLE_USER', roles: ['ANALYST'] } };

describe('CampaignListPage', () => {
  it('lists the campaigns with their budget burn-down and coupon count', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Campaigns: () => ({ campaigns: CAMPAIGNS }) });
    renderPage(<CampaignListPage />, { path: '/campaigns', url: '/campaigns' });
    await screen.findByText('Double 11');
    const budget = screen.getByTestId('campaign-budget-k1').textContent;
    expect(budget).toContain('CN¥2,500.50 / CN¥10,000.00');
    expect(budget).toContain('CN¥7,499.50 left');
    expect(screen.getByTestId('campaign-uses-k1').textContent).toBe('120 / 500');
    expect(screen.getByTestId('campaign-budget-k2').textContent).toBe('$12.00 / no cap');
    expect(screen.getByTestId('campaign-uses-k2').textContent).toBe('1 / no cap');
    const row = screen.getByText('Double 11').closest('tr')!;
    expect(row.textContent).toContain('CNY');
    expect(row.lastElementChild?.textContent).toBe('3');
    expect(screen.getByText('Double 11').closest('a')?.getAttribute('href')).toBe('/campaigns/k1');
    await waitFor(() => expect(screen.getByTestId('new-campaign')).toBeTruthy());
  });

  it('offers no "New campaign" to an analyst', async () => {
    mockGraphQL({ Me: () => ANALYST_ME, Campaigns: () => ({ campaigns: CAMPAIGNS }) });
    renderPage(<CampaignListPage />, { path: '/campaigns', url: '/campaigns' });
    await screen.findByText('Double 11');
    expect(screen.queryByTestId('new-campaign')).toBeNull();
  });

  it('creates a campaign: the dialog sends the input and shows the server userErrors on their fields', async () => {
    let attempt = 0;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Campaigns: () => ({ campaigns: CAMPAIGNS }),
      CreateCampaign: () =>
        ++attempt === 1
          ? {
              createCampaign: {
                campaign: null,
                userErrors: [{ field: ['input', 'budget', 'amount'], message: 'amount must be positive', code: 'INVALID_INPUT' }],
              },
            }
          : { createCampaign: { campaign: { id: 'k9', name: 'Spring fair' }, userErrors: [] } },
    });
    const { router } = renderPage(<CampaignListPage />, { path: '/campaigns', url: '/campaigns' });
    fireEvent.click(await screen.findByTestId('new-campaign'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('New campaign');
    fireEvent.change(document.getElementById('campaign_name')!, { target: { value: '  Spring fair ' } });
    fireEvent.change(document.getElementById('campaign_description')!, { target: { value: 'in March' } });
    fireEvent.change(document.getElementById('campaign_currency')!, { target: { value: 'cny' } });
    fireEvent.change(document.getElementById('campaign_budget_amount')!, { target: { value: '0' } });
    fireEvent.change(document.getElementById('campaign_budget_usesPerDay')!, { target: { value: '200' } });
    fireEvent.click(within(dialog).getByTestId('campaign-submit'));

    await waitFor(() => expect(calls.filter((c) => c.operationName === 'CreateCampaign')).toHaveLength(1));
    expect(calls.find((c) => c.operationName === 'CreateCampaign')!.variables).toEqual({
      input: { name: 'Spring fair', description: 'in March', currency: 'CNY', budget: { amount: '0', usesPerDay: 200 } },
    });
    // the error is shown on the budget amount, the dialog stays open
    await waitFor(() => {
      const item = document.getElementById('campaign_budget_amount')?.closest('.ant-form-item');
      expect(item?.textContent).toContain('Budget amount must be positive');
    });

    fireEvent.change(document.getElementById('campaign_budget_amount')!, { target: { value: '' } });
    fireEvent.click(within(dialog).getByTestId('campaign-submit'));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'CreateCampaign')).toHaveLength(2));
    expect(calls.filter((c) => c.operationName === 'CreateCampaign')[1].variables).toEqual({
      input: { name: 'Spring fair', description: 'in March', currency: 'CNY', budget: { amount: null, usesPerDay: 200 } },
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/campaigns/k9'));
  });

  it('speaks Chinese', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Campaigns: () => ({ campaigns: CAMPAIGNS }) });
    await i18n.changeLanguage('zh-CN');
    renderPage(<CampaignListPage />, { path: '/campaigns', url: '/campaigns' });
    await screen.findByText('Double 11');
    expect(screen.getByText('营销活动')).toBeTruthy();
    expect(screen.getByTestId('campaign-budget-k1').textContent).toContain('剩余 ¥7,499.50');
    expect(screen.getByTestId('campaign-uses-k2').textContent).toBe('1 / 不限');
    await waitFor(() => expect(screen.getByTestId('new-campaign').textContent).toBe('新建活动'));
  });
});
