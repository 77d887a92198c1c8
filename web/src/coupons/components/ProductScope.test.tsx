import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import CouponDetailPage from '../views/CouponDetailPage';

afterEach(() => vi.unstubAllGlobals());
// these drive the dialog and the pickers: slow on a busy machine
vi.setConfig({ testTimeout: 30_000 });

const CATEGORIES = [
  { id: 'c1', name: 'Clothing', parentId: null },
  { id: 'c2', name: 'Shoes', parentId: 'c1' },
];
const PRODUCTS = [
  { id: 'p1', name: 'Red shoe', categoryId: 'c2', superBlacklisted: false },
  { id: 'p10', name: 'Blue shoe', categoryId: 'c2', superBlacklisted: false },
  { id: 'p2', name: 'Hat', categoryId: 'c1', superBlacklisted: true },
];

function coupon(scope: { kind: string; productIds: string[]; categoryIds: string[] }) {
  return {
    id: 'k1',
    name: 'Spring',
    description: '',
    status: 'ACTIVE',
    currency: 'USD',
    discount: { kind: 'AMOUNT_OFF', amountOff: '5.00', percentOff: null, maxDiscount: null, minOrderAmount: null },
    validity: { kind: 'RELATIVE', startsAt: null, endsAt: null, days: 30 },
    claimStartsAt: null,
    claimEndsAt: null,
    channels: ['CLAIM'],
    totalStock: 10,
    remainingStock: 10,
    perUserLimit: 1,
    stockSlots: 4,
    productScope: scope,
    tagRule: { anyOf: [], allOf: [], noneOf: [] },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

function search(v: Record<string, unknown>) {
  const term = String(v.search ?? '').toLowerCase();
  const nodes = PRODUCTS.filter((p) => p.id.toLowerCase().includes(term) || p.name.toLowerCase().includes(term));
  return {
    products: {
      edges: nodes.map((n) => ({ cursor: n.id, node: n })),
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: nodes.length,
    },
  };
}

describe('product scope on the coupon page', () => {
  it('shows the scope with product and category names', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Coupon: () => ({ coupon: coupon({ kind: 'WHITELIST', productIds: ['p1', 'gone'], categoryIds: ['c2'] }) }),
      Categories: () => ({ categories: CATEGORIES }),
      Products: search,
    });
    renderPage(<CouponDetailPage />, { path: '/coupons/:id', url: '/coupons/k1' });
    const summary = await screen.findByTestId('scope-summary');
    expect(within(summary).getByTestId('scope-kind-label').textContent).toBe('Only these');
    await waitFor(() => expect(within(summary).getByTestId('scope-product-p1').textContent).toContain('Red shoe'));
    // searched by id; "p1" also finds p10, which is not taken for p1
    expect(within(summary).getByTestId('scope-product-p1').textContent).not.toContain('Blue');
    await waitFor(() => expect(within(summary).getByTestId('scope-product-gone').textContent).toContain('unknown product'));
    await waitFor(() => expect(within(summary).getByTestId('scope-category-c2').textContent).toContain('Clothing / Shoes'));
    expect(calls.filter((c) => c.operationName === 'Products').map((c) => c.variables.search).sort()).toEqual(['gone', 'p1']);
  });

  it('edits the scope with the pickers and maps userErrors onto the fields', async () => {
    let attempts = 0;
    let current = coupon({ kind: 'WHITELIST', productIds: ['p1'], categoryIds: [] });
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Coupon: () => ({ coupon: current }),
      Categories: () => ({ categories: CATEGORIES }),
      Products: search,
      SetProductScope: (v) => {
        attempts++;
        if (attempts === 1) {
          return {
            setProductScope: {
              coupon: null,
              userErrors: [{ field: ['scope', 'productIds'], message: 'unknown products: p10', code: 'INVALID_INPUT' }],
            },
          };
        }
        current = { ...current, productScope: v.scope as typeof current.productScope, updatedAt: '2026-01-02T00:00:00Z' };
        return { setProductScope: { coupon: current, userErrors: [] } };
      },
    });
    renderPage(<CouponDetailPage />, { path: '/coupons/:id', url: '/coupons/k1' });
    fireEvent.click(await screen.findByTestId('edit-scope'));
    const dialog = await screen.findByRole('dialog');
    // the chosen product shows with its name
    const picker = within(dialog).getByTestId('product-picker');
    await waitFor(() => expect(picker.textContent).toContain('Red shoe'));

    // remote search: typing asks the server, and the options show name and id
    const input = within(picker).getByRole('combobox');
    fireEvent.mouseDown(picker.querySelector('.ant-select-content, .ant-select-selector') ?? input);
    fireEvent.change(input, { target: { value: 'blue' } });
    await waitFor(() => expect(calls.some((c) => c.operationName === 'Products' && c.variables.search === 'blue')).toBe(true));
    const option = await screen.findByTitle('Blue shoe (p10)');
    expect(option.textContent).toContain('p10');
    fireEvent.click(option);
    await waitFor(() => expect(picker.textContent).toContain('Blue shoe'));

    fireEvent.click(within(dialog).getByTestId('scope-submit'));
    await screen.findByText('unknown products: p10');
    const item = document.getElementById('scope_productScope_productIds')?.closest('.ant-form-item');
    expect(item?.textContent).toContain('unknown products: p10');
    expect(calls.find((c) => c.operationName === 'SetProductScope')!.variables).toEqual({
      couponId: 'k1',
      scope: { kind: 'WHITELIST', productIds: ['p1', 'p10'], categoryIds: [] },
    });

    // switch to "All products": no ids are sent
    fireEvent.click(within(dialog).getByText('All products'));
    fireEvent.click(within(dialog).getByTestId('scope-submit'));
    await waitFor(() => expect(attempts).toBe(2));
    expect(calls.filter((c) => c.operationName === 'SetProductScope')[1].variables.scope).toEqual({
      kind: 'ALL',
      productIds: [],
      categoryIds: [],
    });
    await waitFor(() => expect(screen.getByTestId('scope-kind-label').textContent).toBe('All products'));
  });

  it('Enter picks the highlighted search result, never takes a chosen product away, and the search clears', async () => {
    let current = coupon({ kind: 'WHITELIST', productIds: ['p1'], categoryIds: [] });
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Coupon: () => ({ coupon: current }),
      Categories: () => ({ categories: CATEGORIES }),
      Products: search,
      SetProductScope: (v) => {
        current = { ...current, productScope: v.scope as typeof current.productScope, updatedAt: '2026-01-02T00:00:00Z' };
        return { setProductScope: { coupon: current, userErrors: [] } };
      },
    });
    renderPage(<CouponDetailPage />, { path: '/coupons/:id', url: '/coupons/k1' });
    fireEvent.click(await screen.findByTestId('edit-scope'));
    const dialog = await screen.findByRole('dialog');
    const picker = within(dialog).getByTestId('product-picker');
    await waitFor(() => expect(picker.textContent).toContain('Red shoe'));
    const input = within(picker).getByRole('combobox') as HTMLInputElement;
    const enter = () => fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13 });
    fireEvent.mouseDown(picker.querySelector('.ant-select-content, .ant-select-selector') ?? input);

    // "p1" finds p1 (chosen: not offered again) and p10: Enter takes p10
    fireEvent.change(input, { target: { value: 'p1' } });
    await screen.findByTitle('Blue shoe (p10)');
    expect(screen.queryByTitle('Red shoe (p1)')).toBeNull();
    enter();
    await waitFor(() => expect(picker.textContent).toContain('Blue shoe'));
    expect(picker.textContent).toContain('Red shoe');
    // the search text is gone after the pick
    expect(input.value).toBe('');

    // "red" finds only the chosen p1: Enter changes nothing
    fireEvent.change(input, { target: { value: 'red' } });
    await waitFor(() => expect(calls.some((c) => c.operationName === 'Products' && c.variables.search === 'red')).toBe(true));
    await screen.findByText('All the matching products are chosen.');
    enter();
    // Backspace in the empty box does not take the last one away either
    fireEvent.change(input, { target: { value: '' } });
    fireEvent.keyDown(input, { key: 'Backspace', code: 'Backspace', keyCode: 8, which: 8 });
    expect(picker.textContent).toContain('Red shoe');
    expect(picker.textContent).toContain('Blue shoe');

    fireEvent.click(within(dialog).getByTestId('scope-submit'));
    await waitFor(() => expect(calls.some((c) => c.operationName === 'SetProductScope')).toBe(true));
    expect(calls.find((c) => c.operationName === 'SetProductScope')!.variables.scope).toEqual({
      kind: 'WHITELIST',
      productIds: ['p1', 'p10'],
      categoryIds: [],
    });
    // the saved scope shows both
    await waitFor(() => expect(screen.getByTestId('scope-product-p10').textContent).toContain('Blue shoe'));
    expect(screen.getByTestId('scope-product-p1').textContent).toContain('Red shoe');
  });

  it('requires a product or a category for a whitelist', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Coupon: () => ({ coupon: coupon({ kind: 'BLACKLIST', productIds: [], categoryIds: [] }) }),
      Categories: () => ({ categories: CATEGORIES }),
      Products: search,
    });
    renderPage(<CouponDetailPage />, { path: '/coupons/:id', url: '/coupons/k1' });
    fireEvent.click(await screen.findByTestId('edit-scope'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByText('Only these'));
    fireEvent.click(within(dialog).getByTestId('scope-submit'));
    await within(dialog).findByText('Choose at least one product or category');
    expect(calls.some((c) => c.operationName === 'SetProductScope')).toBe(false);
  });
});
