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
    // the CODE channel shows by its name, and a draft gets no codes yet
    expect(body).toContain('兑换码');
    expect(((await screen.findByTestId('generate-codes')) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('action-activate'));
    const text = await screen.findByTestId('activate-confirm-text');
    expect(text.textContent).toContain('启用后规则即被冻结');
    await waitFor(() => expect(within(document.body).getByTestId('activate-confirm').textContent).toBe('启 用'));
  });
});
