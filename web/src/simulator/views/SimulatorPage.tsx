import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Form, Input, InputNumber, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { userErrorCodeMessage } from '../../errors';
import type { CartInput, DiscountClass, ErrorCode, StackExclusion } from '../../gql/graphql';
import i18n from '../../i18n';
import { formatMoney, formatNumber } from '../../i18n/format';
import {
  DEFAULT_SIMULATOR_VALUES,
  EMPTY_ROW,
  MAX_CART_ITEMS,
  MAX_PRODUCT_ID,
  MAX_QUANTITY,
  MAX_SIMULATED,
  decimalsOf,
  displayCurrency,
  isZero,
  itemsSubtotal,
  lineRows,
  minorUnits,
  simulationErrors,
  toCartInput,
  type CouponStack,
  type LineRow,
  type SimulatorFormValues,
} from '../cart';
import { CouponMultiPicker } from '../components/CouponMultiPicker';
import { SimulateStackQuery } from '../queries';

const MONEY = /^\d+(\.\d+)?$/;

const CLASS_COLORS: Record<DiscountClass, string> = { PRODUCT: 'blue', ORDER: 'purple', SHIPPING: 'cyan' };

interface Simulated {
  cart: CartInput;
  stack: CouponStack;
}

/** What the server's reason code says of a left-out coupon, in the console's language. */
function reasonText(code: ErrorCode | null | undefined): string {
  if (!code) return '';
  switch (code) {
    case 'THRESHOLD_NOT_MET':
    case 'NO_ELIGIBLE_ITEMS':
    case 'CURRENCY_MISMATCH':
    case 'NOT_COMBINABLE':
      return i18n.t(`simulator:reason.${code}`);
    default:
      return userErrorCodeMessage(code);
  }
}

export default function SimulatorPage() {
  const { t } = useTranslation(['simulator', 'coupons', 'common']);
  const [form] = Form.useForm<SimulatorFormValues>();
  const [general, setGeneral] = useState<string[]>([]);

  const simulate = useMutation({
    mutationFn: async ({ cart, couponIds }: { cart: CartInput; couponIds: string[] }): Promise<Simulated> => {
      const { simulateStack } = await gqlRequest(SimulateStackQuery, { cart, couponIds });
      return { cart, stack: simulateStack };
    },
    onMutate: () => setGeneral([]),
    onError: (e) => {
      const mapped = simulationErrors(e, t('fieldLabels', { returnObjects: true }));
      form.setFields(mapped.fields.map((f) => ({ name: f.name, errors: f.errors })) as Parameters<typeof form.setFields>[0]);
      setGeneral(mapped.general.length || mapped.fields.length ? mapped.general : [t('failed')]);
    },
  });

  /** amounts of the cart's currency may have at most its minor digits */
  const decimalsRule = {
    validator: async (_: unknown, v: string | undefined) => {
      const currency = String(form.getFieldValue('currency') ?? '').trim().toUpperCase();
      const n = minorUnits(currency);
      const a = (v ?? '').trim();
      if (n !== undefined && MONEY.test(a) && decimalsOf(a) > n) {
        throw new Error(t('cart.tooManyDecimals', { currency, n: formatNumber(n) }));
      }
    },
  };
  const moneyRule = { pattern: MONEY, message: t('cart.money') };

  const finish = (v: SimulatorFormValues) => {
    simulate.mutate({ cart: toCartInput(v), couponIds: v.couponIds });
  };

  const result = simulate.isError ? undefined : simulate.data;

  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>

      <Form<SimulatorFormValues>
        form={form}
        name="simulator"
        layout="vertical"
        initialValues={DEFAULT_SIMULATOR_VALUES}
        onFinish={finish}
        onValuesChange={(changed: Partial<SimulatorFormValues>) => {
          // amounts are checked against the currency's decimals: check them again when it changes
          if ('currency' in changed) {
            const rows = form.getFieldValue('items') as unknown[] | undefined;
            const amounts = [['shippingFee'], ...(rows ?? []).map((_, i) => ['items', i, 'unitPrice'])];
            // only those already typed in: an empty row is not flagged for a currency typed first
            const typed = amounts.filter((n) => form.isFieldTouched(n as never));
            if (typed.length) void form.validateFields(typed as never).catch(() => undefined);
          }
        }}
        style={{ maxWidth: 1100 }}
      >
        <Card size="small" style={{ marginBottom: 16 }}>
          <Form.Item
            name="couponIds"
            label={t('coupons.label')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('coupons.required') },
              { type: 'array', max: MAX_SIMULATED, message: t('coupons.tooMany', { max: formatNumber(MAX_SIMULATED) }) },
            ]}
          >
            <CouponMultiPicker />
          </Form.Item>
        </Card>

        <Card size="small" title={t('cart.title')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item
                name="currency"
                label={t('cart.currency')}
                tooltip={t('cart.currencyTooltip')}
                rules={[{ pattern: /^\s*[A-Za-z]{3}\s*$/, message: t('cart.currencyPattern') }]}
              >
                <Input maxLength={3} placeholder={t('cart.currencyPlaceholder')} style={{ textTransform: 'uppercase' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="shippingFee" label={t('cart.shippingFee')} rules={[moneyRule, decimalsRule]}>
                <Input inputMode="decimal" placeholder={t('cart.shippingFeePlaceholder')} />
              </Form.Item>
            </Col>
          </Row>

          <Form.List
            name="items"
            rules={[
              {
                validator: async (_, rows: unknown[] | undefined) => {
                  if ((rows?.length ?? 0) > MAX_CART_ITEMS) throw new Error(t('cart.maxItems', { max: formatNumber(MAX_CART_ITEMS) }));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, i) => (
                  <Row gutter={8} key={f.key} align="top" data-testid={`sim-row-${i}`}>
                    <Col xs={24} md={7}>
                      <Form.Item
                        name={[f.name, 'productId']}
                        label={i === 0 ? t('cart.productId') : undefined}
                        rules={[
                          { required: true, whitespace: true, message: t('cart.productIdRequired') },
                          { max: MAX_PRODUCT_ID, message: t('cart.productIdTooLong', { max: formatNumber(MAX_PRODUCT_ID) }) },
                        ]}
                      >
                        <Input placeholder={t('cart.productId')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[f.name, 'categoryId']} label={i === 0 ? t('cart.categoryId') : undefined}>
                        <Input placeholder={t('cart.categoryPlaceholder')} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item
                        name={[f.name, 'unitPrice']}
                        label={i === 0 ? t('cart.unitPrice') : undefined}
                        rules={[{ required: true, whitespace: true, message: t('cart.unitPriceRequired') }, moneyRule, decimalsRule]}
                      >
                        <Input inputMode="decimal" placeholder="19.99" />
                      </Form.Item>
                    </Col>
                    <Col xs={8} md={4}>
                      <Form.Item
                        name={[f.name, 'quantity']}
                        label={i === 0 ? t('cart.quantity') : undefined}
                        rules={[
                          {
                            validator: async (_, v: number | null | undefined) => {
                              if (v == null) throw new Error(t('cart.quantityRequired'));
                              if (!Number.isInteger(v) || v < 1 || v > MAX_QUANTITY) {
                                throw new Error(t('cart.quantityRange', { max: formatNumber(MAX_QUANTITY) }));
                              }
                            },
                          },
                        ]}
                      >
                        <InputNumber precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={4} md={2} style={{ paddingTop: i === 0 ? 30 : 0 }}>
                      <Button
                        aria-label={t('cart.removeItem')}
                        title={t('cart.removeItem')}
                        disabled={fields.length <= 1}
                        onClick={() => remove(f.name)}
                        data-testid={`sim-remove-${i}`}
                      >
                        ×
                      </Button>
                    </Col>
                  </Row>
                ))}
                <Form.ErrorList errors={errors} />
                <Button
                  type="dashed"
                  onClick={() => add({ ...EMPTY_ROW })}
                  disabled={fields.length >= MAX_CART_ITEMS}
                  data-testid="sim-add-row"
                >
                  + {t('cart.addItem')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        {general.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="sim-errors"
            title={general.length === 1 ? general[0] : t('failed')}
            description={general.length > 1 ? <ul style={{ margin: 0 }}>{general.map((g, i) => <li key={i}>{g}</li>)}</ul> : undefined}
          />
        )}

        <Button type="primary" htmlType="submit" loading={simulate.isPending} data-testid="sim-submit" style={{ marginBottom: 24 }}>
          {t('simulate')}
        </Button>
      </Form>

      {result && <StackResult cart={result.cart} stack={result.stack} />}
    </>
  );
}

function ClassTag({ c }: { c: DiscountClass }) {
  const { t } = useTranslation('coupons');
  return <Tag color={CLASS_COLORS[c]}>{t(`discountClass.${c}`, { defaultValue: c })}</Tag>;
}

function CouponLink({ id, name }: { id: string; name: string }) {
  return <Link to={`/coupons/${encodeURIComponent(id)}`}>{name}</Link>;
}

function StackResult({ cart, stack }: Simulated) {
  const { t } = useTranslation(['simulator', 'coupons', 'common']);
  const cur = displayCurrency(cart, stack);
  const money = (a: string | null | undefined) => (a == null ? '–' : formatMoney(a, cur));
  const subtotal = itemsSubtotal(cart);
  const fee = cart.shippingFee ? String(cart.shippingFee) : '0';
  const lines = lineRows(cart, stack);

  type Stacked = CouponStack['coupons'][number];
  const stackColumns: ColumnsType<Stacked & { order: number }> = [
    { title: t('result.columns.order'), dataIndex: 'order', width: 60 },
    { title: t('result.columns.coupon'), key: 'coupon', render: (_, r) => <CouponLink id={r.coupon.id} name={r.coupon.name} /> },
    { title: t('result.columns.class'), key: 'class', render: (_, r) => <ClassTag c={r.coupon.class} /> },
    { title: t('result.columns.discount'), key: 'discount', align: 'right', render: (_, r) => money(r.discount) },
    {
      title: t('result.columns.shipping'),
      key: 'shipping',
      align: 'right',
      render: (_, r) => (isZero(r.shipping) ? '–' : money(r.shipping)),
    },
  ];

  const lineColumns: ColumnsType<LineRow> = [
    { title: t('result.lineColumns.line'), key: 'line', width: 50, render: (_, r) => r.index + 1 },
    {
      title: t('result.lineColumns.product'),
      key: 'product',
      render: (_, r) => (
        <>
          {r.productId}
          {r.categoryId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              {t('result.lineColumns.category', { id: r.categoryId })}
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: t('result.lineColumns.amount'), key: 'amount', align: 'right', render: (_, r) => money(r.amount) },
    ...stack.coupons.map(
      (c, ci): ColumnsType<LineRow>[number] => ({
        title: c.coupon.name,
        key: `c${ci}`,
        align: 'right',
        render: (_, r) => (isZero(r.off[ci]) ? '–' : `−${money(r.off[ci])}`),
      }),
    ),
    { title: t('result.lineColumns.left'), key: 'left', align: 'right', render: (_, r) => <strong>{money(r.left)}</strong> },
  ];

  const leftOutColumns: ColumnsType<CouponStack['leftOut'][number]> = [
    { title: t('result.leftOutColumns.coupon'), key: 'coupon', render: (_, r) => <CouponLink id={r.coupon.id} name={r.coupon.name} /> },
    { title: t('result.columns.class'), key: 'class', render: (_, r) => <ClassTag c={r.coupon.class} /> },
    {
      title: t('result.leftOutColumns.why'),
      key: 'why',
      render: (_, r) => <span data-testid={`sim-why-${r.coupon.id}`}>{t(`why.${r.why as StackExclusion}`, { defaultValue: r.why })}</span>,
    },
    {
      title: t('result.leftOutColumns.reason'),
      key: 'reason',
      render: (_, r) => <span data-testid={`sim-reason-${r.coupon.id}`}>{reasonText(r.reason) || '–'}</span>,
    },
    {
      title: t('result.leftOutColumns.alone'),
      key: 'alone',
      align: 'right',
      render: (_, r) => (isZero(r.discount) ? '–' : money(r.discount)),
    },
  ];

  return (
    <div data-testid="sim-result">
      <Card size="small" title={t('result.title')} style={{ marginBottom: 16 }}>
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col xs={24} md={8}>
            <Statistic title={t('result.totalDiscount')} value={money(stack.discount)} data-testid="sim-total-discount" />
          </Col>
          <Col xs={24} md={8}>
            <Statistic title={t('result.itemsTotal')} value={money(stack.itemsTotal)} data-testid="sim-items-total" />
            {subtotal != null && (
              <Typography.Text type="secondary">{t('result.before', { amount: money(subtotal) })}</Typography.Text>
            )}
          </Col>
          <Col xs={24} md={8}>
            <Statistic title={t('result.shippingFee')} value={money(stack.shippingFee)} data-testid="sim-shipping-fee" />
            <Typography.Text type="secondary">{t('result.before', { amount: money(fee) })}</Typography.Text>
          </Col>
        </Row>
        {stack.coupons.length === 0 ? (
          <Empty description={t('result.noStack')} data-testid="sim-no-stack" />
        ) : (
          <Table
            size="small"
            rowKey={(r) => r.coupon.id}
            pagination={false}
            columns={stackColumns}
            dataSource={stack.coupons.map((c, i) => ({ ...c, order: i + 1 }))}
            data-testid="sim-stack"
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('result.maxCoupons', { n: formatNumber(stack.maxCoupons) })}
        </Typography.Paragraph>
      </Card>

      <Card size="small" title={t('result.lines')} style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="index"
          pagination={lines.length > 50 ? { pageSize: 50 } : false}
          columns={lineColumns}
          dataSource={lines}
          scroll={{ x: 'max-content' }}
          data-testid="sim-lines"
          summary={() => (
            <Table.Summary>
              <Table.Summary.Row data-testid="sim-shipping-row">
                <Table.Summary.Cell index={0} />
                <Table.Summary.Cell index={1}>{t('result.shippingRow')}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {money(fee)}
                </Table.Summary.Cell>
                {stack.coupons.map((c, ci) => (
                  <Table.Summary.Cell key={ci} index={3 + ci} align="right">
                    {isZero(c.shipping) ? '–' : `−${money(c.shipping)}`}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={3 + stack.coupons.length} align="right">
                  <strong>{money(stack.shippingFee)}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          )}
        />
      </Card>

      <Card size="small" title={t('result.leftOut')}>
        {stack.leftOut.length === 0 ? (
          <Typography.Text type="secondary">{t('result.noneLeftOut')}</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey={(r) => r.coupon.id}
            pagination={false}
            columns={leftOutColumns}
            dataSource={stack.leftOut}
            data-testid="sim-left-out"
          />
        )}
      </Card>
    </div>
  );
}
