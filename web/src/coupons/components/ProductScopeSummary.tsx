import { Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAX_NAME_LOOKUPS, useCategories, useProductsById } from '../../catalog/hooks';
import { categoryPath } from '../../catalog/tree';
import type { CouponFieldsFragment } from '../../gql/graphql';
import { formatNumber } from '../../i18n/format';

type Scope = CouponFieldsFragment['productScope'];

function None() {
  const { t } = useTranslation('coupons');
  return <Typography.Text type="secondary">{t('none')}</Typography.Text>;
}

/** The product scope with names: products by name (and id), categories by their path. */
export function ProductScopeSummary({ scope }: { scope: Scope }) {
  const { t } = useTranslation('coupons');
  const listed = scope.kind !== 'ALL';
  const products = useProductsById(listed ? scope.productIds : []);
  const categories = useCategories(listed && scope.categoryIds.length > 0);
  return (
    <Descriptions column={1} size="small" bordered data-testid="scope-summary">
      <Descriptions.Item label={t('scope.appliesTo')}>
        <span data-testid="scope-kind-label">{t(`scope.kind.${scope.kind}`, { defaultValue: scope.kind })}</span>
      </Descriptions.Item>
      {listed && (
        <Descriptions.Item label={scope.kind === 'WHITELIST' ? t('scope.products') : t('scope.exceptProducts')}>
          <Space size={[0, 4]} wrap data-testid="scope-products">
            {scope.productIds.length === 0
              ? <None />
              : scope.productIds.map((id) => {
                  const p = products.byId.get(id);
                  return (
                    <Tag key={id} color={p?.superBlacklisted ? 'red' : undefined} data-testid={`scope-product-${id}`}>
                      {p ? p.name : p === null ? t('scope.unknownProduct') : '…'}{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {id}
                      </Typography.Text>
                      {p?.superBlacklisted && <> {t('scope.superBlacklisted')}</>}
                    </Tag>
                  );
                })}
            {scope.productIds.length > MAX_NAME_LOOKUPS && (
              <Typography.Text type="secondary">{t('scope.namesForFirst', { n: formatNumber(MAX_NAME_LOOKUPS) })}</Typography.Text>
            )}
          </Space>
        </Descriptions.Item>
      )}
      {listed && (
        <Descriptions.Item label={scope.kind === 'WHITELIST' ? t('scope.categories') : t('scope.exceptCategories')}>
          <Space size={[0, 4]} wrap data-testid="scope-categories">
            {scope.categoryIds.length === 0
              ? <None />
              : scope.categoryIds.map((id) => (
                  <Tag key={id} data-testid={`scope-category-${id}`}>
                    {categories.byId.has(id) ? categoryPath(id, categories.byId) : categories.isPending ? '…' : t('scope.unknownCategory')}{' '}
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
