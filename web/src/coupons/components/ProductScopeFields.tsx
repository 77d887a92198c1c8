import { Col, Form, Radio, Row } from 'antd';
import { CategoryPicker } from '../../catalog/components/CategoryPicker';
import { ProductPicker } from '../../catalog/components/ProductPicker';
import type { ProductScopeKind } from '../../gql/graphql';

export const SCOPE_KIND_LABELS: Record<ProductScopeKind, string> = {
  ALL: 'All products',
  WHITELIST: 'Only these',
  BLACKLIST: 'All except these',
};

/**
 * The product scope editor: kind, and for WHITELIST / BLACKLIST a product
 * picker (server-side search) and a category picker (tree). Form items named
 * productScope.kind / .productIds / .categoryIds of the enclosing Form; used
 * by the coupon form and by the "Edit scope" dialog.
 */
export function ProductScopeFields({ disabled, extra }: { disabled?: boolean; extra?: string }) {
  const form = Form.useFormInstance();
  const kind = Form.useWatch(['productScope', 'kind'], form) as ProductScopeKind | undefined;
  return (
    <>
      <Form.Item name={['productScope', 'kind']} label="Products" extra={extra}>
        <Radio.Group disabled={disabled} data-testid="scope-kind">
          {(Object.keys(SCOPE_KIND_LABELS) as ProductScopeKind[]).map((k) => (
            <Radio key={k} value={k} data-testid={`scope-kind-${k}`}>
              {SCOPE_KIND_LABELS[k]}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      {kind && kind !== 'ALL' && (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name={['productScope', 'productIds']}
              label="Products"
              dependencies={[
                ['productScope', 'categoryIds'],
                ['productScope', 'kind'],
              ]}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, ids: string[] | undefined) => {
                    const cats = (getFieldValue(['productScope', 'categoryIds']) as string[] | undefined) ?? [];
                    if (getFieldValue(['productScope', 'kind']) === 'WHITELIST' && !ids?.length && !cats.length) {
                      throw new Error('Choose at least one product or category');
                    }
                  },
                }),
              ]}
            >
              <ProductPicker disabled={disabled} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['productScope', 'categoryIds']} label="Categories" tooltip="A category includes its sub-categories">
              <CategoryPicker disabled={disabled} />
            </Form.Item>
          </Col>
        </Row>
      )}
    </>
  );
}
