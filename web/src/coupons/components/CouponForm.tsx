import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { mapUserErrors, type UserErrorLike } from '../../errors';
import {
  COUPON_FIELD_ALIASES,
  COUPON_FORM_FIELDS,
  DEFAULT_COUPON_VALUES,
  type CouponFormValues,
} from '../formValues';
import { ProductScopeFields } from './ProductScopeFields';

const { RangePicker } = DatePicker;

/** create: a new coupon; draft: edit anything; live: ACTIVE/PAUSED, only some fields */
export type CouponFormMode = 'create' | 'draft' | 'live';

export interface CouponFormProps {
  mode: CouponFormMode;
  initialValues?: CouponFormValues;
  /** claimEndsAt of the coupon being edited: in live mode it may only move later */
  currentClaimEnd?: Dayjs | null;
  submitting?: boolean;
  submitLabel: string;
  /** returns the payload's userErrors (empty on success) */
  onSubmit: (values: CouponFormValues) => Promise<readonly UserErrorLike[]>;
  onCancel?: () => void;
}

const MONEY = /^\d+(\.\d+)?$/;
const moneyRule = { pattern: MONEY, message: 'A non-negative amount such as 19.99' };
const tagsSelect = { mode: 'tags' as const, tokenSeparators: [',', ' '], open: false, suffixIcon: null };

export function CouponForm({
  mode,
  initialValues,
  currentClaimEnd,
  submitting,
  submitLabel,
  onSubmit,
  onCancel,
}: CouponFormProps) {
  const [form] = Form.useForm<CouponFormValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const discountKind = Form.useWatch(['discount', 'kind'], form);
  const validityKind = Form.useWatch(['validity', 'kind'], form);
  const live = mode === 'live';

  const finish = async (values: CouponFormValues) => {
    setGeneral([]);
    const errs = await onSubmit(values);
    if (errs.length === 0) return;
    const mapped = mapUserErrors(errs, COUPON_FORM_FIELDS, COUPON_FIELD_ALIASES);
    form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
    setGeneral(mapped.general);
    if (mapped.fields.length) form.scrollToField(mapped.fields[0].name as never, { block: 'center' });
  };

  return (
    <Form<CouponFormValues>
      form={form}
      name="coupon"
      layout="vertical"
      initialValues={initialValues ?? DEFAULT_COUPON_VALUES}
      onFinish={finish}
      scrollToFirstError
      style={{ maxWidth: 900 }}
    >
      {live && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="This coupon is live: only the name, description, channels and a later end of the claim window can change."
        />
      )}
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="form-errors"
          title={general.length === 1 ? general[0] : 'The coupon was not saved'}
          description={general.length > 1 ? <ul style={{ margin: 0 }}>{general.map((g, i) => <li key={i}>{g}</li>)}</ul> : undefined}
        />
      )}

      <Card title="General" size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item name="name" label="Name" rules={[{ required: true, whitespace: true, message: 'Enter a name' }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="currency"
              label="Currency"
              tooltip="ISO 4217; empty for the server's default"
              rules={[{ pattern: /^[A-Za-z]{3}$/, message: 'Three letters, e.g. USD' }]}
            >
              <Input disabled={live} maxLength={3} placeholder="default" style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label="Description">
          <Input.TextArea rows={2} />
        </Form.Item>
      </Card>

      <Card title="Discount" size="small" style={{ marginBottom: 16 }}>
        <Form.Item name={['discount', 'kind']} label="Kind" rules={[{ required: true }]}>
          <Radio.Group disabled={live} optionType="button">
            <Radio.Button value="AMOUNT_OFF">Amount off</Radio.Button>
            <Radio.Button value="PERCENT_OFF">Percent off</Radio.Button>
            <Radio.Button value="FREE_SHIPPING">Free shipping</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Row gutter={16}>
          {discountKind === 'AMOUNT_OFF' && (
            <Col span={8}>
              <Form.Item
                name={['discount', 'amountOff']}
                label="Amount off"
                rules={[{ required: true, message: 'Enter the amount off' }, moneyRule]}
              >
                <Input disabled={live} inputMode="decimal" placeholder="10.00" />
              </Form.Item>
            </Col>
          )}
          {discountKind === 'PERCENT_OFF' && (
            <>
              <Col span={8}>
                <Form.Item
                  name={['discount', 'percentOff']}
                  label="Percent off"
                  rules={[{ required: true, message: 'Enter the percentage' }, moneyRule]}
                >
                  <Input disabled={live} inputMode="decimal" placeholder="15" suffix="%" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['discount', 'maxDiscount']} label="Maximum discount" rules={[moneyRule]}>
                  <Input disabled={live} inputMode="decimal" placeholder="no cap" />
                </Form.Item>
              </Col>
            </>
          )}
          <Col span={8}>
            <Form.Item name={['discount', 'minOrderAmount']} label="Minimum order amount" rules={[moneyRule]}>
              <Input disabled={live} inputMode="decimal" placeholder="none" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title="Validity and claiming" size="small" style={{ marginBottom: 16 }}>
        <Form.Item name={['validity', 'kind']} label="Validity" rules={[{ required: true }]}>
          <Radio.Group disabled={live}>
            <Radio value="RELATIVE">Days from issue</Radio>
            <Radio value="FIXED">Fixed dates</Radio>
          </Radio.Group>
        </Form.Item>
        {validityKind === 'FIXED' ? (
          <Form.Item
            name={['validity', 'range']}
            label="Usable from / until"
            rules={[{ required: true, message: 'Choose the dates' }]}
          >
            <RangePicker disabled={live} showTime />
          </Form.Item>
        ) : (
          <Form.Item
            name={['validity', 'days']}
            label="Usable for (days)"
            rules={[{ required: true, message: 'Enter the number of days' }]}
          >
            <InputNumber disabled={live} min={1} precision={0} />
          </Form.Item>
        )}
        <Form.Item
          name="claimWindow"
          label="Claim window"
          tooltip="Leave an end empty for no limit"
          rules={
            live && currentClaimEnd
              ? [
                  {
                    validator: async (_, v: [Dayjs | null, Dayjs | null] | null) => {
                      if (!v?.[1] || v[1].isBefore(currentClaimEnd)) {
                        throw new Error('The claim window can only end later');
                      }
                    },
                  },
                ]
              : []
          }
        >
          <RangePicker showTime allowEmpty={[true, true]} disabled={live ? [true, false] : false} />
        </Form.Item>
        <Form.Item
          name="channels"
          label="Channels"
          rules={[{ required: true, type: 'array', min: 1, message: 'Choose at least one channel' }]}
        >
          <Checkbox.Group
            options={[
              { label: 'Claim', value: 'CLAIM' },
              { label: 'Targeted', value: 'TARGETED' },
              { label: 'Code', value: 'CODE' },
            ]}
          />
        </Form.Item>
      </Card>

      <Card title="Stock and limits" size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="totalStock"
              label="Total stock"
              tooltip={live ? 'Use Add stock on the detail page' : undefined}
              rules={[{ required: true, message: 'Enter the stock' }]}
            >
              <InputNumber disabled={live} min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="perUserLimit" label="Per-user limit">
              <InputNumber disabled={live} min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="stockSlots" label="Stock slots" tooltip="Rows the stock is split over; empty for the server's default">
              <InputNumber disabled={live} min={1} precision={0} style={{ width: '100%' }} placeholder="default" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title="Targeting" size="small" style={{ marginBottom: 16 }}>
        <ProductScopeFields
          disabled={live}
          extra={live ? 'Use "Edit scope" on the coupon page to change the products of a live coupon.' : undefined}
        />
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name={['tagRule', 'anyOf']} label="Users with any of the tags">
              <Select {...tagsSelect} disabled={live} placeholder="no requirement" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['tagRule', 'allOf']} label="Users with all of the tags">
              <Select {...tagsSelect} disabled={live} placeholder="no requirement" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['tagRule', 'noneOf']} label="Users with none of the tags">
              <Select {...tagsSelect} disabled={live} placeholder="no requirement" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Space>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="coupon-submit">
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
      </Space>
    </Form>
  );
}
