import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import ProductsPage from './ProductsPage';

afterEach(() => vi.unstubAllGlobals());

const CATEGORIES = [
  { id: 'c1', name: 'Clothing', parentId: null },
  { id: 'c2', name: 'Shoes', parentId: 'c1' },
];

function page(nodes: { id: string; name: string; categoryId: string | null; superBlacklisted: boolean }[], hasNext = false) {
  return {
    products: {
      edges: nodes.map((n) => ({ cursor: n.id, node: n })),
      pageInfo: { hasNextPage: hasNext, endCursor: nodes.at(-1)?.id ?? null },
      totalCount: 3,
    },
  };
}

// pages of antd tables are slow to render on a busy machine
describe('ProductsPage', { timeout: 30_000 }, () => {
  it('lists products with category paths, filters, pages, and toggles the super-blacklist after confirmation', async () => {
    const blacklisted = new Set(['p3']);
    const node = (id: string, name: string, categoryId: string | null) => ({ id, name, categoryId, superBlacklisted: blacklisted.has(id) });
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Categories: () => ({ categories: CATEGORIES }),
      Products: (v) =>
        v.after ? page([node('p3', 'Gift card', null)]) : page([node('p1', 'Red shoe', 'c2'), node('p2', 'Hat', 'c1')], true),
      SetSuperBlacklist: (v) => {
        for (const id of (v.add as string[]) ?? []) blacklisted.add(id);
        return { setSuperBlacklist: { count: 1, userErrors: [] } };
      },
    });
    const { router } = renderPage(<ProductsPage />, { path: '/products', url: '/products?q=sh&blacklisted=1' });
    const row = (await screen.findByText('Red shoe')).closest('tr')!;
    expect(row.textContent).toContain('Clothing / Shoes');
    expect(calls.find((c) => c.operationName === 'Products')!.variables).toEqual({
      search: 'sh',
      superBlacklisted: true,
      first: 50,
      after: null,
    });
    expect(screen.getByTestId('products-total').textContent).toBe('Showing 2 of 3');
    // the category tree
    expect((await screen.findByTestId('category-c2')).textContent).toContain('Shoes');

    fireEvent.click(screen.getByTestId('products-more'));
    expect(await screen.findByText('Gift card')).toBeTruthy();
    expect(calls.filter((c) => c.operationName === 'Products').at(-1)!.variables.after).toBe('p2');
    expect(screen.getByTestId('blacklist-toggle-p3').getAttribute('aria-checked')).toBe('true');

    // blacklist p1: nothing happens before the confirmation
    fireEvent.click(screen.getByTestId('blacklist-toggle-p1'));
    const confirm = await screen.findByTestId('blacklist-confirm');
    expect(calls.some((c) => c.operationName === 'SetSuperBlacklist')).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(screen.getByTestId('blacklist-toggle-p1').getAttribute('aria-checked')).toBe('true'));
    expect(calls.find((c) => c.operationName === 'SetSuperBlacklist')!.variables).toEqual({ add: ['p1'] });

    // the filter checkbox writes the URL
    fireEvent.click(within(screen.getByTestId('products-blacklisted-only').closest('label')!).getByRole('checkbox'));
    await waitFor(() => expect(router.state.location.search).toBe('?q=sh'));
  });

  it('imports a CSV: preview with bad rows, then upsertProducts and the count', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Categories: () => ({ categories: CATEGORIES }),
      Products: () => page([]),
      UpsertProducts: (v) => ({ upsertProducts: { count: (v.products as unknown[]).length, userErrors: [] } }),
    });
    renderPage(<ProductsPage />, { path: '/products', url: '/products' });
    fireEvent.click(await screen.findByTestId('import-products'));
    const dialog = await screen.findByRole('dialog');
    const csv = '\uFEFFid,name,categoryId\r\np1,"Shoe, red",c2\r\n,nameless,\r\np2,Hat,nope\r\np3,Hat,\r\n';
    const input = dialog.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([csv], 'products.csv', { type: 'text/csv' })] } });
    expect((await within(dialog).findByTestId('catalog-import-row-count')).textContent).toBe('2 products');
    const bad = within(dialog).getByTestId('catalog-import-bad-rows').textContent!;
    expect(bad).toContain('line 3: the id is empty');
    expect(bad).toContain('line 4: category nope does not exist');
    expect(within(dialog).getByText('Shoe, red')).toBeTruthy();

    fireEvent.click(within(dialog).getByTestId('catalog-import-submit'));
    expect((await within(dialog).findByTestId('catalog-import-count')).textContent).toBe('2 products imported');
    expect(calls.find((c) => c.operationName === 'UpsertProducts')!.variables).toEqual({
      products: [
        { id: 'p1', name: 'Shoe, red', categoryId: 'c2' },
        { id: 'p3', name: 'Hat', categoryId: null },
      ],
    });
  });

  it('hides the editing controls from a reader', async () => {
    mockGraphQL({
      Me: () => ({ me: { ...ADMIN_ME.me, roles: ['ANALYST'] } }),
      Categories: () => ({ categories: [] }),
      Products: () => page([{ id: 'p1', name: 'Red shoe', categoryId: null, superBlacklisted: false }]),
    });
    renderPage(<ProductsPage />, { path: '/products', url: '/products' });
    await screen.findByText('Red shoe');
    expect(screen.queryByTestId('import-products')).toBeNull();
    expect(screen.queryByTestId('import-categories')).toBeNull();
    expect(screen.queryByTestId('new-product')).toBeNull();
    expect(screen.queryByTestId('edit-product-p1')).toBeNull();
    expect(screen.getByTestId('blacklist-toggle-p1').hasAttribute('disabled')).toBe(true);
  });

  it('edits a product from its row and refreshes the list', async () => {
    let name = 'Red shoe';
    const { calls } = mockGraphQL({
      Me: () => ({ me: { ...ADMIN_ME.me, roles: ['OPERATOR'] } }),
      Categories: () => ({ categories: CATEGORIES }),
      Products: () => page([{ id: 'p1', name, categoryId: 'c2', superBlacklisted: false }]),
      UpsertProducts: (v) => {
        name = (v.products as { name: string }[])[0].name;
        return { upsertProducts: { count: 1, userErrors: [] } };
      },
    });
    renderPage(<ProductsPage />, { path: '/products', url: '/products' });
    expect(await screen.findByTestId('new-product')).toBeTruthy();
    fireEvent.click(await screen.findByTestId('edit-product-p1'));
    const dialog = await screen.findByRole('dialog');
    expect((within(dialog).getByTestId('product-id') as HTMLInputElement).readOnly).toBe(true);
    fireEvent.change(within(dialog).getByTestId('product-name'), { target: { value: 'Blue shoe' } });
    fireEvent.click(within(dialog).getByTestId('product-submit'));
    expect(await screen.findByText('Blue shoe')).toBeTruthy();
    expect(calls.find((c) => c.operationName === 'UpsertProducts')!.variables).toEqual({
      products: [{ id: 'p1', name: 'Blue shoe', categoryId: 'c2' }],
    });
    expect(calls.filter((c) => c.operationName === 'Products').length).toBeGreaterThanOrEqual(2);
  });

  it('speaks Chinese', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Categories: () => ({ categories: CATEGORIES }),
      Products: () => ({
        products: { ...page([{ id: 'p1', name: 'Red shoe', categoryId: 'c2', superBlacklisted: true }]).products, totalCount: 12345 },
      }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<ProductsPage />, { path: '/products', url: '/products' });
    expect(await screen.findByText('Red shoe')).toBeTruthy();
    expect(screen.getByRole('heading', { name: '商品' })).toBeTruthy();
    expect(screen.getByTestId('new-product').textContent).toBe('新建商品');
    expect(screen.getByTestId('import-products').textContent).toBe('导入 CSV');
    expect(screen.getByText('超级黑名单', { selector: 'th, th *' })).toBeTruthy();
    expect(screen.getByText('类目', { selector: 'th, th *' })).toBeTruthy();
    expect(screen.getByTestId('products-total').textContent).toBe('显示 1 条，共 12,345 条');
    expect(screen.getByTestId('edit-product-p1').textContent).toMatch(/编\s*辑/);
    expect(screen.getByTestId('blacklist-toggle-p1').textContent).toContain('已拉黑');
    expect(screen.getByLabelText('将「Red shoe」加入超级黑名单')).toBeTruthy();
    expect(screen.getByTestId('categories-panel').textContent).toContain('类目');
    expect(screen.getByPlaceholderText('按名称或 ID 搜索')).toBeTruthy();

    // the import dialog, with the bad rows' reasons in Chinese
    fireEvent.click(screen.getByTestId('import-products'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('导入商品')).toBeTruthy();
    const csv = 'id,name,categoryId\np1,Shoe,c2\n,nameless,\np2,Hat,nope\n';
    fireEvent.change(dialog.querySelector('input[type=file]') as HTMLInputElement, {
      target: { files: [new File([csv], 'products.csv', { type: 'text/csv' })] },
    });
    expect((await within(dialog).findByTestId('catalog-import-row-count')).textContent).toBe('1 个商品');
    const bad = within(dialog).getByTestId('catalog-import-bad-rows').textContent!;
    expect(bad).toContain('第 3 行：ID 为空');
    expect(bad).toContain('第 4 行：类目 nope 不存在');
    expect(within(dialog).getByTestId('catalog-import-bad-count').textContent).toContain('已跳过 2 行无效数据');
    expect(within(dialog).getByTestId('catalog-import-submit').textContent).toBe('导入 1 个商品');
  });
});
