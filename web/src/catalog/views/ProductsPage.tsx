import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Input, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useHasRole } from '../../auth/useAuth';
import { errorMessage } from '../../errors';
import type { ProductsQuery as ProductsResult } from '../../gql/graphql';
import { formatNumber } from '../../i18n/format';
import { CategoriesPanel } from '../components/CategoriesPanel';
import { ImportCsvDialog } from '../components/ImportCsvDialog';
import { ProductDialog } from '../components/ProductDialog';
import { SuperBlacklistToggle } from '../components/SuperBlacklistToggle';
import { fetchProducts, productKey, productsKey, useCategories, type Product } from '../hooks';
import { naturalSort } from '../natural';
import { categoryPath } from '../tree';

const PAGE_SIZE = 50;
type Page = ProductsResult['products'];

/** Filters live in the URL: ?q=shoe&blacklisted=1 */
export function productFilterFromParams(p: URLSearchParams): { search: string | null; superBlacklisted: boolean | null } {
  const q = p.get('q')?.trim();
  return { search: q || null, superBlacklisted: p.get('blacklisted') === '1' ? true : null };
}

export default function ProductsPage() {
  const { t } = useTranslation(['catalog', 'common']);
  const [params, setParams] = useSearchParams();
  const qc = useQueryClient();
  // upsertProducts, upsertCategories and setSuperBlacklist are OPERATOR fields (ADMIN has them all)
  const canEdit = useHasRole('OPERATOR');
  const filter = useMemo(() => productFilterFromParams(params), [params]);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [importOpen, setImportOpen] = useState(false);
  /** the product dialog: closed, a new product (null), or the product edited */
  const [editing, setEditing] = useState<{ product: Product | null } | null>(null);
  const categories = useCategories();
  const queryKey = [...productsKey, filter];

  const products = useInfiniteQuery({
    queryKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => fetchProducts(qc, { ...filter, first: PAGE_SIZE, after: pageParam }),
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? (last.pageInfo.endCursor ?? null) : null),
    placeholderData: keepPreviousData,
  });

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  /** the server accepted a flag change: show it at once, then refresh the lists */
  const changed = (p: Product) => {
    qc.setQueryData<InfiniteData<Page>>(queryKey, (old) =>
      old && {
        ...old,
        pages: old.pages.map((pg) => ({
          ...pg,
          edges: pg.edges.map((e) => (e.node.id === p.id ? { ...e, node: p } : e)),
        })),
      },
    );
    qc.setQueryData(productKey(p.id), p);
    void qc.invalidateQueries({ queryKey: productsKey });
  };

  // ids in natural order (p1, p2, ..., p10, p100) among the loaded rows
  const rows = naturalSort(products.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [], (p) => p.id);
  const total = products.data?.pages[0]?.totalCount;

  const columns: ColumnsType<Product> = [
    {
      title: t('products.columns.id'),
      dataIndex: 'id',
      width: 180,
      ellipsis: { showTitle: false },
      render: (id: string) => (
        <Typography.Text code title={id}>
          {id}
        </Typography.Text>
      ),
    },
    { title: t('products.columns.name'), dataIndex: 'name', ellipsis: true },
    {
      title: t('products.columns.category'),
      dataIndex: 'categoryId',
      render: (id: string | null) =>
        id ? (
          <span title={id}>{categoryPath(id, categories.byId)}</span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('products.columns.superBlacklisted'),
      dataIndex: 'superBlacklisted',
      align: 'center',
      render: (_: boolean, r) => <SuperBlacklistToggle product={r} editable={canEdit} onChanged={changed} />,
    },
    ...(canEdit
      ? [
          {
            title: t('products.columns.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, r: Product) => (
              <Button
                type="link"
                size="small"
                onClick={() => setEditing({ product: r })}
                aria-label={t('products.editAria', { name: r.name })}
                data-testid={`edit-product-${r.id}`}
              >
                {t('common:actions.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('products.title')}
        </Typography.Title>
        {canEdit && (
          <Space wrap>
            <Button onClick={() => setImportOpen(true)} data-testid="import-products">
              {t('products.importCsv')}
            </Button>
            <Button type="primary" onClick={() => setEditing({ product: null })} data-testid="new-product">
              {t('products.new')}
            </Button>
          </Space>
        )}
      </Space>
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Space wrap>
              <Input.Search
                allowClear
                placeholder={t('products.searchPlaceholder')}
                style={{ width: 300 }}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                onSearch={(v) => setParam('q', v.trim() || null)}
                data-testid="products-search"
              />
              <Checkbox
                checked={filter.superBlacklisted === true}
                onChange={(e) => setParam('blacklisted', e.target.checked ? '1' : null)}
                data-testid="products-blacklisted-only"
              >
                {t('products.blacklistedOnly')}
              </Checkbox>
            </Space>
          </Card>
          {products.isError && (
            <Alert
              type="error"
              showIcon
              title={errorMessage(products.error)}
              style={{ marginBottom: 16 }}
              action={
                <Button size="small" onClick={() => products.refetch()}>
                  {t('common:actions.retry')}
                </Button>
              }
              data-testid="products-error"
            />
          )}
          <Table<Product>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={(products.isPending && !products.isError) || products.isPlaceholderData}
            pagination={false}
            size="middle"
            locale={{
              emptyText: products.isError
                ? t('products.loadFailed')
                : filter.search || filter.superBlacklisted
                  ? t('products.noMatch')
                  : canEdit
                    ? t('products.noneEditor')
                    : t('products.none'),
            }}
            data-testid="products-table"
            footer={() => (
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text type="secondary" data-testid="products-total">
                  {total != null ? t('products.showing', { shown: formatNumber(rows.length), total: formatNumber(total) }) : ''}
                </Typography.Text>
                {products.hasNextPage && (
                  <Button onClick={() => products.fetchNextPage()} loading={products.isFetchingNextPage} data-testid="products-more">
                    {t('products.loadMore')}
                  </Button>
                )}
              </Space>
            )}
          />
        </Col>
        <Col xs={24} xl={7}>
          <CategoriesPanel canEdit={canEdit} />
        </Col>
      </Row>
      <ImportCsvDialog
        kind="products"
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onImported={() => void qc.invalidateQueries({ queryKey: productsKey })}
      />
      {editing && <ProductDialog open product={editing.product} onClose={() => setEditing(null)} />}
    </>
  );
}
