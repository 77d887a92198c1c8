import { Col, Form, Radio, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { CategoryPicker } from '../../catalog/components/CategoryPicker';
import { ProductPicker } from '../../catalog/components/ProductPicker';
import type { ProductScopeKind } from '../../gql/graphql';

/** The scope kinds in the order offered; their words are coupons:scope.kind.* */
export const SCOPE_KINDS: ProductScopeKind[] = ['ALL', 'WHITELIST', 'BLACKLIST'];

/**
 * The product scope editor: kind, and for WHITELIST / BLACKLIST a product
 * picker (server-side search) and a category picker (tree). Form items named
 * productScope.kind / .productIds / .categoryIds of the enclosing Form; used
 * by the coupon form and by the "Edit scope" dialog.
 */
export function ProductScopeFields({ disabled, extra }: { disabled?: boolean; extra?: string }) {
  const { t } = useTranslation('coupons');
  const form = Form.useFormInstance();
  const kind = Form.useWatch(['productScope', 'kind'], form) as ProductScopeKind | undefined;
  return (
    <>
      <Form.Item name={['productScope', 'kind']} label={t('scope.products')} extra={extra}>
        <Radio.Group disabled={disabled} data-testid="scope-kind">
          {SCOPE_KINDS.map((k) => (
            <Radio key={k} value={k} data-testid={`scope-kind-${k}`}>
              {t(`scope.kind.${k}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      {kind && kind !== 'ALL' && (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name={['productScope', 'productIds']}
              label={t('scope.products')}
              dependencies={[
                ['productScope', 'categoryIds'],
                ['productScope', 'kind'],
              ]}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, ids: string[] | undefined) => {
                    const cats = (getFieldValue(['productScope', 'categoryIds']) as string[] | undefined) ?? [];
                    if (getFieldValue(['productScope', 'kind']) === 'WHITELIST' && !ids?.length && !cats.length) {
                      throw new Error(t('scope.chooseOne'));
                    }
                  },
                }),
              ]}
            >
              <ProductPicker disabled={disabled} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name={['productScope', 'categoryIds']}
              label={t('scope.categories')}
              tooltip={t('scope.categoriesTooltip')}
            >
              <CategoryPicker disabled={disabled} />
            </Form.Item>
          </Col>
        </Row>
      )}
    </>
  );
}
