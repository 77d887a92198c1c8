import { Descriptions, Space, Tag, Typography } from 'antd';
import { MAX_NAME_LOOKUPS, useCategories, useProductsById } from '../../catalog/hooks';
import { categoryPath } from '../../catalog/tree';
import type { CouponFieldsFragment } from '../../gql/graphql';
import { SCOPE_KIND_LABELS } from './ProductScopeFields';

type Scope = CouponFieldsFragment['productScope'];

function none() {
  return <Typography.Text type="secondary">none</Typography.Text>;
}

/** The product scope with names: products by name (and id), categories by their path. */
export function ProductScopeSummary({ scope }: { scope: Scope }) {
  const listed = scope.kind !== 'ALL';
  const products = useProductsById(listed ? scope.productIds : []);
  const categories = useCategories(listed && scope.categoryIds.length > 0);
  return (
    <Descriptions column={1} size="small" bordered data-testid="scope-summary">
      <Descriptions.Item label="Applies to">
        <span data-testid="scope-kind-label">{SCOPE_KIND_LABELS[scope.kind] ?? scope.kind}</span>
      </Descriptions.Item>
      {listed && (
        <Descriptions.Item label={scope.kind === 'WHITELIST' ? 'Products' : 'Except products'}>
          <Space size={[0, 4]} wrap data-testid="scope-products">
            {scope.productIds.length === 0
              ? none()
              : scope.productIds.map((id) => {
                  const p = products.byId.get(id);
                  return (
                    <Tag key={id} color={p?.superBlacklisted ? 'red' : undefined} data-testid={`scope-product-${id}`}>
                      {p ? p.name : p === null ? 'unknown product' : '…'}{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {id}
                      </Typography.Text>
                      {p?.superBlacklisted && ' (super-blacklisted)'}
                    </Tag>
                  );
                })}
            {scope.productIds.length > MAX_NAME_LOOKUPS && (
              <Typography.Text type="secondary">names shown for the first {MAX_NAME_LOOKUPS}</Typography.Text>
            )}
          </Space>
        </Descriptions.Item>
      )}
      {listed && (
        <Descriptions.Item label={scope.kind === 'WHITELIST' ? 'Categories' : 'Except categories'}>
          <Space size={[0, 4]} wrap data-testid="scope-categories">
            {scope.categoryIds.length === 0
              ? none()
              : scope.categoryIds.map((id) => (
                  <Tag key={id} data-testid={`scope-category-${id}`}>
                    {categories.byId.has(id) ? categoryPath(id, categories.byId) : categories.isPending ? '…' : 'unknown category'}{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {id}
                    </Typography.Text>
                  </Tag>
                ))}
          </Space>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
