import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import UserPage from './UserPage';

// a loaded machine renders antd tables slowly
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => vi.unstubAllGlobals());

function userCoupon(i: number, over: Record<string, unknown> = {}) {
  return {
    id: `uc${i}`,
    userId: 'shopper-1',
    coupon: { id: `c${i}`, name: `Coupon ${i}`, currency: 'USD' },
    status: 'UNUSED',
    channel: 'CLAIM',
    discount: { kind: 'AMOUNT_OFF', amountOff: '10.00', percentOff: null, maxDiscount: null, minOrderAmount: '50.00' },
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2026-12-31T00:00:00Z',
    issuedAt: '2026-01-02T00:00:00Z',
    orderId: null,
    usedAt: null,
    discountApplied: null,
    ...over,
  };
}

const TAGS = [
  { name: 'vip', description: 'Big spenders', kind: 'REALTIME', userCount: 3 },
  { name: 'new', description: '', kind: 'BATCH', userCount: 0 },
];

describe('UserPage', () => {
  it('asks for a user id at /users and goes to the user page', async () => {
    mockGraphQL({ Me: () => ADMIN_ME });
    const { router } = renderPage(<UserPage />, { path: '/users/:userId?', url: '/users' });
    expect(await screen.findByTestId('users-empty')).toBeTruthy();
    const input = screen.getByPlaceholderText('User id');
    fireEvent.change(input, { target: { value: ' shopper/1 ' } });
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(router.state.location.pathname).toBe('/users/shopper%2F1'));
  });

  it("shows the user's tags and coupons, and loads more", async () => {
    let tags = ['vip'];
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags: TAGS }),
      UserTags: () => ({ userTags: tags }),
      SetUserTags: (v) => {
        tags = [...tags.filter((t) => !((v.remove as string[] | null) ?? []).includes(t)), ...((v.add as string[] | null) ?? [])];
        return { setUserTags: { tags, userErrors: [] } };
      },
      UserCoupons: (v) =>
        v.after
          ? {
              userCoupons: {
                edges: [{ cursor: 'k2', node: userCoupon(2, { status: 'USED', orderId: 'order-9', usedAt: '2026-02-01T00:00:00Z', discountApplied: '10.00' }) }],
                pageInfo: { hasNextPage: false, endCursor: 'k2' },
                totalCount: 2,
              },
            }
          : {
              userCoupons: {
                edges: [{ cursor: 'k1', node: userCoupon(1) }],
                pageInfo: { hasNextPage: true, endCursor: 'k1' },
                totalCount: 2,
              },
            },
    });
    renderPage(<UserPage />, { path: '/users/:userId?', url: '/users/shopper-1?status=UNUSED,USED,BOGUS' });
    expect((await screen.findByTestId('user-id')).textContent).toBe('shopper-1');
    expect(await screen.findByTestId('user-tag-vip')).toBeTruthy();

    const row = (await screen.findByText('Coupon 1')).closest('tr')!;
    expect(row.textContent).toContain('Unused');
    expect(row.textContent).toContain('Claim');
    expect(row.textContent).toContain('$10.00 off on orders from $50.00');
    expect(screen.getByText('Coupon 1').closest('a')!.getAttribute('href')).toBe('/coupons/c1');
    expect(screen.getByTestId('user-coupons-total').textContent).toBe('Showing 1 of 2');
    const first = calls.find((c) => c.operationName === 'UserCoupons')!;
    expect(first.variables).toEqual({ userId: 'shopper-1', status: ['UNUSED', 'USED'], first: 20, after: null });

    fireEvent.click(screen.getByTestId('user-coupons-more'));
    const used = (await screen.findByText('Coupon 2')).closest('tr')!;
    expect(used.textContent).toContain('order-9');
    expect(used.textContent).toContain('$10.00 off');
    expect(calls.filter((c) => c.operationName === 'UserCoupons').at(-1)!.variables.after).toBe('k1');
    expect(screen.queryByTestId('user-coupons-more')).toBeNull();

    // remove a tag with its x
    const close = screen.getByTestId('user-tag-vip').querySelector('.ant-tag-close-icon')!;
    fireEvent.click(close);
    await waitFor(() => expect(screen.queryByTestId('user-tag-vip')).toBeNull());
    expect(calls.find((c) => c.operationName === 'SetUserTags')!.variables).toEqual({ userId: 'shopper-1', remove: ['vip'] });
    expect(await screen.findByTestId('user-tags-empty')).toBeTruthy();
  });

  it('shows the empty and error states of a user', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags: TAGS }),
      UserTags: () => ({ errors: [{ message: 'userTags is not available', extensions: { code: 'UNAVAILABLE' } }] }),
      UserCoupons: () => ({ userCoupons: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } }),
    });
    renderPage(<UserPage />, { path: '/users/:userId?', url: '/users/nobody' });
    expect((await screen.findByTestId('user-tags-error')).textContent).toMatch(/unavailable/i);
    expect(await screen.findByText('This user holds no coupons.')).toBeTruthy();
  });

  it('shows order, used at and discount applied, and revokes with a required reason', async () => {
    let status = 'LOCKED';
    const { calls } = mockGraphQL({
      Me: () => ({ me: { ...ADMIN_ME.me, roles: ['SUPPORT'] } }),
      Tags: () => ({ tags: TAGS }),
      UserTags: () => ({ userTags: [] }),
      // known (it has coupons): its cache entry must survive the table's in-place update after revoking
      UserKnown: () => ({ userTags: [], userCoupons: { totalCount: 2 } }),
      UserCoupons: () => ({
        userCoupons: {
          edges: [
            { cursor: 'k1', node: userCoupon(1, { status, orderId: 'order-1' }) },
            {
              cursor: 'k2',
              node: userCoupon(2, { status: 'USED', orderId: 'order-2', usedAt: '2026-02-01T10:00:00Z', discountApplied: '7.50' }),
            },
          ],
          pageInfo: { hasNextPage: false, endCursor: 'k2' },
          totalCount: 2,
        },
      }),
      RevokeUserCoupon: (v) => {
        if (v.reason === 'x') {
          return { revokeUserCoupon: { userCoupon: null, userErrors: [{ field: ['reason'], message: 'too short, say more', code: 'INVALID_INPUT' }] } };
        }
        status = 'REVOKED';
        return { revokeUserCoupon: { userCoupon: { id: v.id, status }, userErrors: [] } };
      },
    });
    renderPage(<UserPage />, { path: '/users/:userId?', url: '/users/shopper-1' });
    const used = (await screen.findByText('Coupon 2')).closest('tr')!;
    expect(used.querySelector('[data-testid=user-coupon-order]')!.textContent).toBe('order-2');
    expect(used.querySelector('[data-testid=user-coupon-discount-applied]')!.textContent).toBe('$7.50');
    expect(used.textContent).toMatch(/2026/);
    // only UNUSED and LOCKED coupons can be revoked
    expect(screen.queryByTestId('revoke-uc2')).toBeNull();

    fireEvent.click(screen.getByTestId('revoke-uc1'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(screen.getByTestId('revoke-submit'));
    await screen.findByText('Give a reason; it goes into the audit log');
    expect(calls.some((c) => c.operationName === 'RevokeUserCoupon')).toBe(false);

    fireEvent.change(dialog.querySelector('#revoke_reason')!, { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('revoke-submit'));
    await screen.findByText('too short, say more');
    expect(document.getElementById('revoke_reason')!.closest('.ant-form-item')!.textContent).toContain('too short, say more');

    fireEvent.change(dialog.querySelector('#revoke_reason')!, { target: { value: '  duplicate issue  ' } });
    fireEvent.click(screen.getByTestId('revoke-submit'));
    await waitFor(() => expect(screen.getByRole('link', { name: 'Coupon 1' }).closest('tr')!.textContent).toContain('Revoked'));
    expect(calls.filter((c) => c.operationName === 'RevokeUserCoupon').at(-1)!.variables).toEqual({ id: 'uc1', reason: 'duplicate issue' });
    expect(screen.queryByTestId('revoke-uc1')).toBeNull();
  });

  it('offers no revoke to a reader', async () => {
    mockGraphQL({
      Me: () => ({ me: { ...ADMIN_ME.me, roles: ['ANALYST'] } }),
      UserTags: () => ({ userTags: [] }),
      UserCoupons: () => ({
        userCoupons: { edges: [{ cursor: 'k1', node: userCoupon(1) }], pageInfo: { hasNextPage: false, endCursor: 'k1' }, totalCount: 1 },
      }),
    });
    renderPage(<UserPage />, { path: '/users/:userId?', url: '/users/shopper-1' });
    await screen.findByText('Coupon 1');
    expect(screen.queryByTestId('revoke-uc1')).toBeNull();
  });
});

describe('UserPage for an unknown id', () => {
  it('says the user is not found when they have no coupons and no tags', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags: TAGS }),
      UserTags: () => ({ userTags: [] }),
      UserKnown: () => ({ userTags: [], userCoupons: { totalCount: 0 } }),
      UserCoupons: () => ({ userCoupons: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } }),
    });
    renderPage(<UserPage />, { path: '/users/:userId?', url: '/users/nobody-42' });
    const alert = await screen.findByTestId('user-not-found');
    expect(alert.textContent).toContain('User not found');
    expect(alert.textContent).toContain('nobody-42');
  });

  it('says nothing of the kind for a user with coupons', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags: TAGS }),
      UserTags: () => ({ userTags: [] }),
      UserKnown: () => ({ userTags: [], userCoupons: { totalCount: 1 } }),
      UserCoupons: () => ({
        userCoupons: { edges: [{ cursor: 'k1', node: userCoupon(1) }], pageInfo: { hasNextPage: false, endCursor: 'k1' }, totalCount: 1 },
      }),
    });
    renderPage(<UserPage />, { path: '/users/:userId?', url: '/users/shopper-1' });
    await screen.findByText('Coupon 1');
    expect(screen.queryByTestId('user-not-found')).toBeNull();
  });
});

describe('UserPage in Chinese', () => {
  it('shows the lookup, the tags and the coupons in Chinese', async () => {
    mockGraphQL({
      Me: () => ({ me: { ...ADMIN_ME.me, roles: ['SUPPORT'] } }),
      Tags: () => ({ tags: TAGS }),
      UserTags: () => ({ userTags: [] }),
      UserKnown: () => ({ userTags: [], userCoupons: { totalCount: 1 } }),
      UserCoupons: () => ({
        userCoupons: {
          edges: [
            {
              cursor: 'k1',
              node: userCoupon(1, { status: 'USED', orderId: 'o-1', usedAt: '2026-02-01T10:00:00Z', discountApplied: '7.50' }),
            },
          ],
          pageInfo: { hasNextPage: false, endCursor: 'k1' },
          totalCount: 1,
        },
      }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<UserPage />, { path: '/users/:userId?', url: '/users/shopper-1' });
    const row = (await screen.findByText('Coupon 1')).closest('tr')!;
    expect(row.textContent).toContain('已使用');
    expect(row.textContent).toContain('领取');
    expect(row.querySelector('[data-testid=user-coupon-discount-applied]')!.textContent).toBe('US$7.50');
    expect(row.textContent).toContain('2026/02/01');
    expect(screen.getByText('用户标签')).toBeTruthy();
    expect(screen.getAllByText('实际优惠').length).toBeGreaterThan(0);
    expect(screen.getByPlaceholderText('用户 ID')).toBeTruthy();
    expect(screen.getByTestId('user-tags-empty').textContent).toBe('暂无标签。');
    expect(screen.getByTestId('user-coupons-total').textContent).toBe('已显示 1 / 共 1 张');
    expect(screen.getByText('添加标签…')).toBeTruthy();
  });

  it('asks for a user id, and says an unknown user is not found, in Chinese', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags: TAGS }),
      UserTags: () => ({ userTags: [] }),
      UserKnown: () => ({ userTags: [], userCoupons: { totalCount: 0 } }),
      UserCoupons: () => ({ userCoupons: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<UserPage />, { path: '/users/:userId?', url: `/users/${encodeURIComponent('<b>x</b>')}` });
    const alert = await screen.findByTestId('user-not-found');
    expect(alert.textContent).toContain('未找到用户');
    // the id is data: shown as typed, never read as markup
    expect(alert.querySelector('code')!.textContent).toBe('<b>x</b>');
    expect(screen.getByRole('button', { name: /查\s*询/ })).toBeTruthy();
  });

  it('revokes in Chinese, the coupon name shown as typed', async () => {
    mockGraphQL({
      Me: () => ({ me: { ...ADMIN_ME.me, roles: ['SUPPORT'] } }),
      UserTags: () => ({ userTags: [] }),
      UserKnown: () => ({ userTags: [], userCoupons: { totalCount: 1 } }),
      UserCoupons: () => ({
        userCoupons: {
          edges: [{ cursor: 'k1', node: userCoupon(1, { status: 'LOCKED', coupon: { id: 'c1', name: '<i>满减</i>', currency: 'CNY' } }) }],
          pageInfo: { hasNextPage: false, endCursor: 'k1' },
          totalCount: 1,
        },
      }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<UserPage />, { path: '/users/:userId?', url: '/users/shopper-1' });
    fireEvent.click(await screen.findByTestId('revoke-uc1'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('撤销优惠券');
    expect(dialog.textContent).toContain('该用户将无法再使用 <i>满减</i>（该券已被一笔未支付订单锁定）');
    fireEvent.click(screen.getByTestId('revoke-submit'));
    expect(await screen.findByText('请填写原因，它会记入审计日志')).toBeTruthy();
  });
});
