import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import { ProductDialog } from './ProductDialog';

afterEach(() => vi.unstubAllGlobals());

const CATEGORIES = [
  { id: 'c1', name: 'Clothing', parentId: null },
  { id: 'c2', name: 'Shoes', parentId: 'c1' },
];

type Node = { id: string; name: string; categoryId: string | null; superBlacklisted: boolean };
const node = (id: string, name = id, categoryId: string | null = null): Node => ({ id, name, categoryId, superBlacklisted: false });
function page(nodes: Node[], hasNext = false) {
  return {
    products: {
      edges: nodes.map((n) => ({ cursor: n.id, node: n })),
      pageInfo: { hasNextPage: hasNext, endCursor: nodes.at(-1)?.id ?? null },
      totalCount: nodes.length,
    },
  };
}

const ok = (v: Record<string, unknown>) => ({ upsertProducts: { count: (v.products as unknown[]).length, userErrors: [] } });

function open(product: Node | null = null) {
  const onClose = vi.fn();
  const utils = renderPage(<ProductDialog open product={product} onClose={onClose} />, { path: '/products', url: '/products' });
  return { ...utils, onClose };
}

/** the form item (label, control, errors) of a control */
const item = (el: HTMLElement) => el.closest('.ant-form-item') as HTMLElement;

describe('ProductDialog', { timeout: 30_000 }, () => {
  it('creates a product: checks the id is free, then sends exactly one product, trimmed', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Categories: () => ({ categories: CATEGORIES }),
      // "sku-1" is contained in other ids; the exact one is not there (ids are case-sensitive)
      Products: () => page([node('SKU-1'), node('sku-10')]),
      UpsertProducts: ok,
    });
    const { onClose, qc } = open();
    const invalidate = vi.spyOn(qc, 'invalidateQueries');
    expect(await screen.findByText('New product')).toBeTruthy();
    fireEvent.change(screen.getByTestId('product-id'), { target: { value: '  sku-1 ' } });
    fireEvent.change(screen.getByTestId('product-name'), { target: { value: '  Red shoe  ' } });
    // the category, from the tree
    const picker = screen.getByTestId('category-picker');
    fireEvent.mouseDown(picker.querySelector('.ant-select-selector, .ant-select-content, input') ?? picker);
    fireEvent.click(await screen.findByTestId('category-option-c2'));
    fireEvent.click(screen.getByTestId('product-submit'));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.find((c) => c.operationName === 'Products')!.variables).toMatchObject({ search: 'sku-1' });
    const upserts = calls.filter((c) => c.operationName === 'UpsertProducts');
    expect(upserts).toHaveLength(1);
    expect(upserts[0].variables).toEqual({ products: [{ id: 'sku-1', name: 'Red shoe', categoryId: 'c2' }] });
    expect(await screen.findByText('Product sku-1 created.')).toBeTruthy();
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['products'] });
  });

  it('refuses an id that exists (found on a later page) without sending anything', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Categories: () => ({ categories: CATEGORIES }),
      Products: (v) => (v.after ? page([node('p1', 'Red shoe')]) : page([node('ap1')], true)),
      UpsertProducts: ok,
    });
    const { onClose } = open();
    fireEvent.change(await screen.findByTestId('product-id'), { target: { value: 'p1' } });
    fireEvent.change(screen.getByTestId('product-name'), { target: { value: 'Other shoe' } });
    fireEvent.click(screen.getByTestId('product-submit'));
    const err = await screen.findByText('A product with this id exists.');
    expect(item(err)).toBe(item(screen.getByTestId('product-id')));
    expect(calls.filter((c) => c.operationName === 'Products').map((c) => c.variables.after ?? null)).toEqual([null, 'ap1']);
    expect(calls.some((c) => c.operationName === 'UpsertProducts')).toBe(false);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('checks the id and the name as the server does, before asking it', async () => {
    const { calls } = mockGraphQL({ Me: () => ADMIN_ME, Categories: () => ({ categories: [] }) });
    open();
    fireEvent.change(await screen.findByTestId('product-id'), { target: { value: 'é'.repeat(33) } }); // 66 bytes
    fireEvent.change(screen.getByTestId('product-name'), { target: { value: '   ' } });
    fireEvent.click(screen.getByTestId('product-submit'));
    expect(await screen.findByText('The id must be at most 64 bytes (UTF-8).')).toBeTruthy();
    expect(screen.getByText('Enter the product name.')).toBeTruthy();
    expect(calls.some((c) => c.operationName === 'Products' || c.operationName === 'UpsertProducts')).toBe(false);
  });

  it('edits a product with its id locked: no existence check, name and category sent', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Categories: () => ({ categories: CATEGORIES }),
      UpsertProducts: ok,
    });
    const { onClose } = open(node('p1', 'Red shoe', 'c2'));
    expect(await screen.findByText('Edit product')).toBeTruthy();
    const id = screen.getByTestId('product-id') as HTMLInputElement;
    expect(id.value).toBe('p1');
    expect(id.readOnly).toBe(true);
    const name = screen.getByTestId('product-name') as HTMLInputElement;
    expect(name.value).toBe('Red shoe');
    fireEvent.change(name, { target: { value: 'Blue shoe ' } });
    fireEvent.click(screen.getByTestId('product-submit'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.some((c) => c.operationName === 'Products')).toBe(false);
    expect(calls.find((c) => c.operationName === 'UpsertProducts')!.variables).toEqual({
      products: [{ id: 'p1', name: 'Blue shoe', categoryId: 'c2' }],
    });
    expect(await screen.findByText('Product p1 saved.')).toBeTruthy();
  });

  it('shows a server error on its field, and one without a field above the buttons', async () => {
    let answer = {
      count: 0,
      userErrors: [{ field: ['products', '0', 'categoryId'], message: 'category "c9" does not exist', code: 'INVALID_INPUT' }],
    };
    mockGraphQL({
      Me: () => ADMIN_ME,
      Categories: () => ({ categories: CATEGORIES }),
      UpsertProducts: () => ({ upsertProducts: answer }),
    });
    const { onClose } = open(node('p1', 'Red shoe', 'c9'));
    fireEvent.click(await screen.findByTestId('product-submit'));
    const err = await screen.findByText('category "c9" does not exist');
    expect(within(item(err)).getByTestId('category-picker')).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();

    answer = { count: 0, userErrors: [{ field: ['products'], message: 'send 1 to 10000 products', code: 'INVALID_INPUT' }] };
    fireEvent.click(screen.getByTestId('product-submit'));
    expect((await screen.findByTestId('product-error')).textContent).toContain('products: send 1 to 10000 products');
  });

  it('speaks Chinese', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Categories: () => ({ categories: CATEGORIES }),
      Products: () => page([node('p1')]),
    });
    await i18n.changeLanguage('zh-CN');
    open();
    expect(await screen.findByText('新建商品')).toBeTruthy();
    expect(screen.getByText('商品 ID')).toBeTruthy();
    expect(screen.getByText('商品名称')).toBeTruthy();
    fireEvent.change(screen.getByTestId('product-id'), { target: { value: 'p1' } });
    fireEvent.change(screen.getByTestId('product-name'), { target: { value: '跑步鞋' } });
    fireEvent.click(screen.getByTestId('product-submit'));
    expect(await screen.findByText('已存在该 ID 的商品。')).toBeTruthy();
  });
});
