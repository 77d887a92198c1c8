import { useState, type KeyboardEvent } from 'react';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { mapUserErrors, type UserErrorLike } from '../../errors';
import { couponsNamed } from '../hooks';
import {
  COUPON_FIELD_ALIASES,
  COUPON_FIELD_LABELS,
  COUPON_FORM_FIELDS,
  type RangeValue,
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
  /** the coupon being edited (not warned about as a duplicate of itself) */
  couponId?: string;
  /** finds other coupons with the name (warning only); defaults to a search of the coupon list */
  findSameName?: (name: string, exceptId?: string) => Promise<readonly { id: string }[]>;
}

const MONEY = /^\d+(\.\d+)?$/;
const moneyRule = { pattern: MONEY, message: 'A non-negative amount such as 19.99' };
const tagsSelect = { mode: 'tags' as const, tokenSeparators: [',', ' '], open: false, suffixIcon: null };
const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;

/** A whole number in [min, max], or empty when not required: never clamped, so a wrong value is shown as wrong. */
function wholeRule(label: string, min: number, max: number, required: boolean) {
  return {
    validator: async (_: unknown, v: number | null | undefined) => {
      if (v == null) {
        if (required) throw new Error(`Enter the ${label.toLowerCase()}`);
        return;
      }
      if (!Number.isInteger(v) || v < min || v > max) {
        throw new Error(`${label} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`);
      }
    },
  };
}

/** The end of a range must come after its start (the picker must not swap them). */
const orderedRange = (what: string) => ({
  validator: async (_: unknown, v: RangeValue) => {
    if (v?.[0] && v[1] && !v[1].isAfter(v[0])) throw new Error(`The end of the ${what} must be after its start`);
  },
});

/** Enter in a date picker confirms the date; it must not also submit the form. */
function keepEnterInPickers(e: KeyboardEvent<HTMLFormElement>) {
  if (e.key === 'Enter' && (e.target as HTMLElement).closest?.('.ant-picker')) e.preventDefault();
}

export function CouponForm({
  mode,
  initialValues,
  currentClaimEnd,
  submitting,
  submitLabel,
  onSubmit,
  onCancel,
  couponId,
  findSameName = couponsNamed,
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
    const mapped = mapUserErrors(errs, COUPON_FORM_FIELDS, COUPON_FIELD_ALIASES, COUPON_FIELD_LABELS);
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
      onKeyDown={keepEnterInPickers}
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
            <Form.Item
              name="name"
              label="Name"
              validateDebounce={400}
              rules={[
                { required: true, whitespace: true, message: 'Enter a name' },
                { max: MAX_NAME, message: `At most ${MAX_NAME} characters: shorten the name` },
                {
                  warningOnly: true,
                  validator: async (_, v: string | undefined) => {
                    if (!v?.trim() || v.length > MAX_NAME) return;
                    let same: readonly { id: string }[] = [];
                    try {
                      same = await findSameName(v, couponId);
                    } catch {
                      return; // only a hint: no word when the list cannot be read
                    }
                    if (same.length) {
                      throw new Error(
                        same.length === 1
                          ? 'Another coupon already has this name. You may keep it, but a distinct name is easier to find.'
                          : `${same.length} other coupons already have this name. You may keep it, but a distinct name is easier to find.`,
                      );
                    }
                  },
                },
              ]}
            >
              {/* no maxLength: a longer paste is kept whole and flagged, never cut without a word */}
              <Input count={{ show: true, max: MAX_NAME }} />
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
        <Form.Item
          name="description"
          label="Description"
          rules={[{ max: MAX_DESCRIPTION, message: `At most ${MAX_DESCRIPTION.toLocaleString('en-US')} characters` }]}
        >
          <Input.TextArea rows={2} count={{ show: true, max: MAX_DESCRIPTION }} />
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
            rules={[{ required: true, message: 'Choose the dates' }, orderedRange('validity')]}
          >
            <RangePicker disabled={live} showTime order={false} />
          </Form.Item>
        ) : (
          <Form.Item
            name={['validity', 'days']}
            label="Usable for (days)"
            rules={[wholeRule('Usable for (days)', 1, 3650, true)]}
          >
            <InputNumber disabled={live} precision={0} />
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
                  orderedRange('claim window'),
                ]
              : [orderedRange('claim window')]
          }
        >
          <RangePicker showTime order={false} allowEmpty={[true, true]} disabled={live ? [true, false] : false} />
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
              rules={[wholeRule('Total stock', 1, 1_000_000_000_000, true)]}
            >
              <InputNumber disabled={live} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="perUserLimit" label="Per-user limit" rules={[wholeRule('Per-user limit', 1, 1000, false)]}>
              <InputNumber disabled={live} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="stockSlots"
              label="Stock slots"
              tooltip="Rows the stock is split over; empty for the server's default"
              rules={[wholeRule('Stock slots', 1, 256, false)]}
            >
              <InputNumber disabled={live} precision={0} style={{ width: '100%' }} placeholder="default" />
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
