import { useMemo } from 'react';
import { useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import type { ProductsQuery as ProductsResult } from '../gql/graphql';
import { UpsertProductsMutation } from './mutations';
import { CategoriesQuery, ProductsQuery } from './queries';
import { buildCategoryTree, type CategoryLike } from './tree';

export type Product = ProductsResult['products']['edges'][number]['node'];

export const categoriesKey = ['categories'] as const;
export const productsKey = ['products'] as const;
/** one product by id, filled from any product list the console loads */
export const productKey = (id: string) => ['product', id] as const;

/** Every category (the API has no paging for them) with the tree and a lookup by id. */
export function useCategories(enabled = true) {
  const q = useQuery({
    queryKey: categoriesKey,
    queryFn: async () => (await gqlRequest(CategoriesQuery)).categories,
    enabled,
    staleTime: 30_000,
  });
  const data = q.data;
  const derived = useMemo(
    () => ({
      tree: buildCategoryTree(data ?? []),
      byId: new Map<string, CategoryLike>((data ?? []).map((c) => [c.id, c])),
    }),
    [data],
  );
  return { ...q, ...derived };
}

/** Remembers products a list returned, so that pickers and summaries can name them. */
export function rememberProducts(qc: QueryClient, products: readonly Product[]) {
  for (const p of products) qc.setQueryData(productKey(p.id), p);
}

/** A page of products; every product it returns is remembered by id. */
export async function fetchProducts(
  qc: QueryClient,
  vars: { search?: string | null; superBlacklisted?: boolean | null; first: number; after?: string | null },
) {
  const res = (await gqlRequest(ProductsQuery, vars)).products;
  rememberProducts(
    qc,
    res.edges.map((e) => e.node),
  );
  return res;
}

/** At most this many ids are looked up by name; the others are shown as ids. */
export const MAX_NAME_LOOKUPS = 50;

/**
 * The products with these ids, by id. The API finds products by a search
 * (name or id contains), so an id not already known is looked up with
 * search = id, keeping the exact match. Unknown ids map to null.
 */
export function useProductsById(ids: readonly string[]) {
  const qc = useQueryClient();
  const wanted = ids.slice(0, MAX_NAME_LOOKUPS);
  const results = useQueries({
    queries: wanted.map((id) => ({
      queryKey: productKey(id),
      queryFn: async (): Promise<Product | null> => {
        const res = await gqlRequest(ProductsQuery, { search: id, first: 50 });
        const nodes = res.products.edges.map((e) => e.node);
        rememberProducts(
          qc,
          nodes.filter((n) => n.id !== id),
        );
        return nodes.find((n) => n.id === id) ?? null;
      },
      staleTime: 60_000,
    })),
  });
  const byId = new Map<string, Product | null | undefined>();
  wanted.forEach((id, i) => byId.set(id, results[i]?.data));
  return { byId, loading: results.some((r) => r.isPending) };
}

/** Pages read (of the largest page the API serves) when looking one product up by id. */
const FIND_PAGE = 200;
const FIND_MAX_PAGES = 10;

/**
 * The product with exactly this id (case-sensitive), or null. The API has no
 * lookup by id: products(search: id) returns those whose id or name contains
 * it (case-insensitively), by id, so the pages are read until the id is
 * found (at most FIND_MAX_PAGES pages of FIND_PAGE).
 */
export async function findProduct(qc: QueryClient, id: string): Promise<Product | null> {
  let after: string | null = null;
  for (let i = 0; i < FIND_MAX_PAGES; i++) {
    const res = await fetchProducts(qc, { search: id, first: FIND_PAGE, after });
    const hit = res.edges.find((e) => e.node.id === id);
    if (hit) return hit.node;
    if (!res.pageInfo.hasNextPage || !res.pageInfo.endCursor) break;
    after = res.pageInfo.endCursor;
  }
  return null;
}

export interface SaveProductVars {
  product: { id: string; name: string; categoryId: string | null };
  /** true: refuse (exists) when a product already has this id, instead of overwriting it */
  create: boolean;
}

export type SaveProductResult =
  | { exists: true; userErrors: [] }
  | { exists: false; count: number; userErrors: readonly { field?: readonly string[] | null; message: string; code: string }[] };

/**
 * Creates or updates one product with upsertProducts. A create looks the id
 * up first and does not send anything when the product exists (upsert would
 * overwrite it). On success the product lists are refreshed.
 */
export function useSaveProduct() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ product, create }: SaveProductVars): Promise<SaveProductResult> => {
      if (create && (await findProduct(qc, product.id))) return { exists: true, userErrors: [] };
      const res = (await gqlRequest(UpsertProductsMutation, { products: [product] })).upsertProducts;
      return { exists: false, ...res };
    },
    onSuccess: (res, { product }) => {
      if (res.exists || res.userErrors.length) return;
      void qc.invalidateQueries({ queryKey: productKey(product.id) });
      void qc.invalidateQueries({ queryKey: productsKey });
    },
  });
}
