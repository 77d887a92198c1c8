import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage, type GraphQLCall } from '../../test/render';
import SimulatorPage from './SimulatorPage';

// an antd form with several rows and a remote select: slow on a busy machine
vi.setConfig({ testTimeout: 30_000 });
configure({ asyncUtilTimeout: 5000 });
afterEach(() => vi.unstubAllGlobals());

const discount = (kind: string, over: Record<string, unknown> = {}) => ({
  kind,
  amountOff: null,
  percentOff: null,
  maxDiscount: null,
  minOrderAmount: null,
  ...over,
});

const COUPONS = [
  { id: 'a', name: 'Shoes 10 off', status: 'ACTIVE', currency: 'USD', class: 'PRODUCT', combinesWith: ['ORDER', 'SHIPPING'], exclusive: false, discount: discount('AMOUNT_OFF', { amountOff: '10.00' }) },
  { id: 'b', name: 'Free ship', status: 'DRAFT', currency: 'USD', class: 'SHIPPING', combinesWith: ['PRODUCT'], exclusive: false, discount: discount('FREE_SHIPPING') },
  { id: 'c', name: 'Big spender', status: 'ACTIVE', currency: 'USD', class: 'ORDER', combinesWith: [], exclusive: true, discount: discount('AMOUNT_OFF', { amountOff: '30.00', minOrderAmount: '500' }) },
];

const couponsAnswer = (v: Record<string, unknown>) => {
  const q = String(v.search ?? '').toLowerCase();
  const nodes = COUPONS.filter((c) => !q || c.name.toLowerCase().includes(q));
  return { coupons: { edges: nodes.map((node) => ({ node })), totalCount: nodes.length } };
};

const ref = (c: (typeof COUPONS)[number]) => ({ id: c.id, name: c.name, currency: c.currency, class: c.class });

const STACK = {
  simulateStack: {
    coupons: [
      { coupon: ref(COUPONS[0]), discount: '10.00', lines: ['8.33', '1.67'], shipping: '0' },
      { coupon: ref(COUPONS[1]), discount: '8.00', lines: ['0', '0'], shipping: '8.00' },
    ],
    discount: '18.00',
    itemsTotal: '110.00',
    shippingFee: '0.00',
    leftOut: [{ coupon: ref(COUPONS[2]), why: 'NOT_APPLICABLE', reason: 'THRESHOLD_NOT_MET', discount: '0' }],
    maxCoupons: 3,
  },
};

const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const type = (id: string, value: string) => fireEvent.change(input(id), { target: { value } });
const errorOf = (id: string) => input(id)?.closest('.ant-form-item')?.querySelector('.ant-form-item-explain')?.textContent;
const simulations = (calls: GraphQLCall[]) => calls.filter((c) => c.operationName === 'SimulateStack');

/** opens the coupon picker, searches `term` and picks the option titled `name` */
async function pick(term: string, name: string) {
  const picker = screen.getByTestId('sim-coupon-picker');
  const box = within(picker).getByRole('combobox');
  fireEvent.mouseDown(picker.querySelector('.ant-select-content, .ant-select-selector') ?? box);
  fireEvent.change(box, { target: { value: term } });
  const option = await waitFor(() => {
    const o = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((e) => e.getAttribute('title') === name);
    expect(o).toBeTruthy();
    return o!;
  });
  fireEvent.click(option);
  await waitFor(() => expect(picker.textContent).toContain(name));
}

/** a cart of two rows: p1 (category c1) 50.00 × 2, p2 20 × 1; USD, shipping 8 */
async function fillCart() {
  type('simulator_currency', 'usd');
  type('simulator_shippingFee', '8');
  type('simulator_items_0_productId', 'p1');
  type('simulator_items_0_categoryId', 'c1');
  type('simulator_items_0_unitPrice', '50.00');
  type('simulator_items_0_quantity', '2');
  fireEvent.click(screen.getByTestId('sim-add-row'));
  await waitFor(() => expect(input('simulator_items_1_productId')).toBeTruthy());
  type('simulator_items_1_productId', 'p2');
  type('simulator_items_1_unitPrice', '20');
}

describe('SimulatorPage', () => {
  it('checks the cart, then simulates the chosen coupons and shows the stack, the lines and the left-out', async () => {
    const { calls } = mockGraphQL({ Me: () => ADMIN_ME, SimulatorCoupons: couponsAnswer, SimulateStack: () => STACK });
    renderPage(<SimulatorPage />, { path: '/simulator', url: '/simulator' });
    await screen.findByTestId('sim-coupon-picker');

    // nothing chosen, nothing filled: said, not sent
    fireEvent.click(screen.getByTestId('sim-submit'));
    await waitFor(() => expect(errorOf('simulator_couponIds')).toBe('Choose at least one coupon'));
    expect(errorOf('simulator_items_0_productId')).toBe('Enter a product ID');
    expect(errorOf('simulator_items_0_unitPrice')).toBe('Enter the unit price');
    // a price that is not an amount, or with more decimals than the currency has
    type('simulator_items_0_unitPrice', '-3');
    await waitFor(() => expect(errorOf('simulator_items_0_unitPrice')).toBe('A non-negative amount such as 19.99'));
    type('simulator_currency', 'jpy');
    type('simulator_items_0_unitPrice', '3.5');
    await waitFor(() => expect(errorOf('simulator_items_0_unitPrice')).toBe('JPY amounts have at most 0 decimals'));
    type('simulator_items_0_quantity', '0');
    await waitFor(() => expect(errorOf('simulator_items_0_quantity')).toBe('A whole number from 1 to 100,000'));
    expect(simulations(calls)).toHaveLength(0);

    await pick('shoe', 'Shoes 10 off');
    await pick('free', 'Free ship');
    await pick('big', 'Big spender');
    await fillCart();
    // a row can be added and removed
    fireEvent.click(screen.getByTestId('sim-add-row'));
    await waitFor(() => expect(screen.getByTestId('sim-row-2')).toBeTruthy());
    fireEvent.click(screen.getByTestId('sim-remove-2'));
    await waitFor(() => expect(screen.queryByTestId('sim-row-2')).toBeNull());

    fireEvent.click(screen.getByTestId('sim-submit'));
    const result = await screen.findByTestId('sim-result');
    expect(simulations(calls)[0].variables).toEqual({
      couponIds: ['a', 'b', 'c'],
      cart: {
        currency: 'USD',
        shippingFee: '8',
        items: [
          { productId: 'p1', categoryId: 'c1', unitPrice: '50.00', quantity: 2 },
          { productId: 'p2', categoryId: null, unitPrice: '20', quantity: 1 },
        ],
      },
    });

    // the totals, with the amounts before
    expect(screen.getByTestId('sim-total-discount').textContent).toContain('$18.00');
    expect(screen.getByTestId('sim-items-total').textContent).toContain('$110.00');
    expect(screen.getByTestId('sim-shipping-fee').textContent).toContain('$0.00');
    expect(result.textContent).toContain('before discounts: $120.00');
    expect(result.textContent).toContain('An order may use at most 3 coupons.');
    // the stack in order, with classes and the shipping part
    const stackRows = within(screen.getByTestId('sim-stack')).getAllByRole('row').slice(1);
    expect(stackRows.map((r) => r.textContent)).toEqual(['1Shoes 10 offProduct discount$10.00–', '2Free shipShipping discount$8.00$8.00']);
    expect(within(stackRows[0]).getByRole('link').getAttribute('href')).toBe('/coupons/a');
    // line by line: what each coupon took off, what is left
    const lines = within(screen.getByTestId('sim-lines'));
    const lineRows = lines.getAllByRole('row');
    expect(lineRows[0].textContent).toBe('#ProductLine amountShoes 10 offFree shipAfter discounts');
    expect(lineRows[1].textContent).toBe('1p1 category c1$100.00−$8.33–$91.67');
    expect(lineRows[2].textContent).toBe('2p2$20.00−$1.67–$18.33');
    expect(screen.getByTestId('sim-shipping-row').textContent).toBe('Shipping fee$8.00–−$8.00$0.00');
    // the left-out coupon and why
    expect(screen.getByTestId('sim-why-c').textContent).toBe('Does not apply to this cart');
    expect(screen.getByTestId('sim-reason-c').textContent).toBe('The cart does not reach its minimum order amount.');
  });

  it('shows what the server refused: on the row it names, and the rest above the button', async () => {
    let answer: unknown = {
      errors: [
        {
          message:
            'INVALID_INPUT: cart.items.1.unitPrice: unitPrice has more decimals than USD allows (2); cart.items: at most 500 items',
          extensions: { code: 'INVALID_INPUT' },
        },
      ],
    };
    mockGraphQL({ Me: () => ADMIN_ME, SimulatorCoupons: couponsAnswer, SimulateStack: () => answer });
    renderPage(<SimulatorPage />, { path: '/simulator', url: '/simulator' });
    await screen.findByTestId('sim-coupon-picker');
    await pick('shoe', 'Shoes 10 off');
    await fillCart();
    fireEvent.click(screen.getByTestId('sim-submit'));
    await waitFor(() => expect(errorOf('simulator_items_1_unitPrice')).toBe('Unit price has more decimals than USD allows (2)'));
    expect(screen.getByTestId('sim-errors').textContent).toBe('At most 500 items');
    expect(screen.queryByTestId('sim-result')).toBeNull();

    // a request refused as a whole
    answer = { errors: [{ message: 'forbidden', extensions: { code: 'FORBIDDEN' } }] };
    fireEvent.click(screen.getByTestId('sim-submit'));
    await waitFor(() => expect(screen.getByTestId('sim-errors').textContent).toBe('You do not have permission to do this.'));
  });

  it('speaks Chinese: the form, the result and the reasons', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      SimulatorCoupons: couponsAnswer,
      SimulateStack: () => ({
        simulateStack: {
          ...STACK.simulateStack,
          leftOut: [
            { coupon: ref(COUPONS[2]), why: 'NOT_COMBINABLE', reason: null, discount: '30.00' },
            { coupon: { ...ref(COUPONS[0]), id: 'd', name: 'Other' }, why: 'NOT_APPLICABLE', reason: 'NO_ELIGIBLE_ITEMS', discount: '0' },
          ],
        },
      }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<SimulatorPage />, { path: '/simulator', url: '/simulator' });
    await screen.findByTestId('sim-coupon-picker');
    expect(document.body.textContent).toContain('订单模拟');
    fireEvent.click(screen.getByTestId('sim-submit'));
    await waitFor(() => expect(errorOf('simulator_couponIds')).toBe('请至少选择一张优惠券'));
    await pick('shoe', 'Shoes 10 off');
    await fillCart();
    fireEvent.click(screen.getByTestId('sim-submit'));
    const result = await screen.findByTestId('sim-result');
    expect(result.textContent).toContain('最佳叠加组合');
    expect(result.textContent).toContain('商品优惠');
    expect(screen.getByTestId('sim-why-c').textContent).toBe('不能与组合中的优惠券在同一订单叠加');
    expect(screen.getByTestId('sim-reason-c').textContent).toBe('–');
    expect(screen.getByTestId('sim-why-d').textContent).toBe('不适用于此购物车');
    expect(screen.getByTestId('sim-reason-d').textContent).toBe('购物车中没有商品在其商品范围内。');
  });
});
