import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import CouponDetailPage from './CouponDetailPage';

afterEach(() => vi.unstubAllGlobals());
vi.setConfig({ testTimeout: 30_000 });

const DRAFT = {
  id: 'k1',
  name: 'Spring',
  description: '',
  status: 'DRAFT',
  currency: 'CNY',
  discount: { kind: 'AMOUNT_OFF', amountOff: '10', percentOff: null, maxDiscount: null, minOrderAmount: '50' },
  validity: { kind: 'RELATIVE', startsAt: null, endsAt: null, days: 30 },
  claimStartsAt: null,
  claimEndsAt: null,
  channels: ['CLAIM', 'CODE'],
  totalStock: 12000,
  remainingStock: 12000,
  perUserLimit: 1,
  stockSlots: 4,
  productScope: { kind: 'WHITELIST', productIds: [], categoryIds: [] },
  tagRule: { anyOf: [], allOf: [], noneOf: [] },
  class: 'PRODUCT',
  combinesWith: ['ORDER', 'SHIPPING'],
  exclusive: false,
  campaign: null,
  budget: { amount: null, usesPerDay: null, spent: '0', amountLeft: null, uses: 0, usesToday: 0, usesLeftToday: null },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('CouponDetailPage', () => {
  it('speaks Chinese: status, actions, stock, scope, rules and the activation warning', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Coupon: () => ({ coupon: DRAFT }), CodeBatches: () => ({ codeBatches: [] }) });
    await i18n.changeLanguage('zh-CN');
    renderPage(<CouponDetailPage />, { path: '/coupons/:id', url: '/coupons/k1' });
    await screen.findByTestId('coupon-title');
    expect(screen.getAllByTestId('status-tag')[0].textContent).toBe('草稿');
    expect(screen.getByTestId('action-activate').textContent).toBe('启 用');
    expect(screen.getByTestId('stock').textContent).toBe('12,000 / 12,000');
    expect(screen.getByTestId('scope-kind-label').textContent).toBe('仅限指定商品');
    const body = document.body.textContent ?? '';
    expect(body).toContain('满 ¥50.00 立减 ¥10.00');
    expect(body).toContain('发放后 30 天内有效');
    expect(body).toContain('金额立减');
    expect(body).toContain('随时可领取');
    // the combinations
    expect(screen.getByTestId('coupon-class').textContent).toBe('商品优惠');
    expect(screen.getByTestId('coupon-combines-with').textContent).toBe('订单优惠运费优惠');
    expect(screen.getByTestId('coupon-exclusive').textContent).toBe('否');
    // the CODE channel shows by its name, and a draft gets no codes yet
    expect(body).toContain('兑换码');
    expect(((await screen.findByTestId('generate-codes')) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('action-activate'));
    const text = await screen.findByTestId('activate-confirm-text');
    expect(text.textContent).toContain('启用后规则即被冻结');
    await waitFor(() => expect(within(document.body).getByTestId('activate-confirm').textContent).toBe('启 用'));
  });

  it('shows an exclusive coupon as combining with nothing', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Coupon: () => ({ coupon: { ...DRAFT, class: 'SHIPPING', combinesWith: [], exclusive: true } }),
      CodeBatches: () => ({ codeBatches: [] }),
    });
    renderPage(<CouponDetailPage />, { path: '/coupons/:id', url: '/coupons/k1' });
    await screen.findByTestId('coupon-title');
    expect(screen.getByTestId('coupon-class').textContent).toBe('Shipping discount');
    expect(screen.getByTestId('coupon-exclusive').textContent).toBe('Yes: combines with no other coupon');
    expect(screen.getByTestId('coupon-combines-with').textContent).toBe('No other coupon (one coupon per order)');
  });

  it("links the coupon's campaign and shows its own budget", async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Coupon: () => ({
        coupon: {
          ...DRAFT,
          campaign: { id: 'k7', name: 'Double 11', currency: 'CNY' },
          budget: { amount: '500', usesPerDay: 20, spent: '120.5', amountLeft: '379.5', uses: 40, usesToday: 3, usesLeftToday: 17 },
        },
      }),
      CodeBatches: () => ({ codeBatches: [] }),
    });
    const { router } = renderPage(<CouponDetailPage />, { path: '/coupons/:id', url: '/coupons/k1' });
    await screen.findByTestId('coupon-title');
    expect(screen.getByTestId('coupon-budget-spent').textContent).toBe('CN¥120.50 / CN¥500.00');
    expect(screen.getByTestId('coupon-budget-left').textContent).toBe('CN¥379.50');
    expect(screen.getByTestId('coupon-budget-uses-today').textContent).toBe('3 / 20');
    fireEvent.click(within(screen.getByTestId('coupon-campaign')).getByText('Double 11'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/campaigns/k7'));
  });

  it('shows a coupon without a campaign nor caps', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Coupon: () => ({ coupon: DRAFT }), CodeBatches: () => ({ codeBatches: [] }) });
    await i18n.changeLanguage('zh-CN');
    renderPage(<CouponDetailPage />, { path: '/coupons/:id', url: '/coupons/k1' });
    await screen.findByTestId('coupon-title');
    expect(screen.getByTestId('coupon-campaign').textContent).toBe('无');
    await waitFor(() => expect(screen.getByTestId('coupon-budget-spent').textContent).toBe('¥0.00 / 不限'));
    expect(screen.getByTestId('coupon-budget-left').textContent).toBe('不限');
    expect(screen.getByTestId('coupon-budget-uses-today').textContent).toBe('0 / 不限');
  });
});
