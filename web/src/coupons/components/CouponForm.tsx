import { useState, type KeyboardEvent } from 'react';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage, mapUserErrors, type UserErrorLike } from '../../errors';
import type { Channel } from '../../gql/graphql';
import { formatNumber } from '../../i18n/format';
import { couponsNamed } from '../hooks';
import {
  COUPON_FIELD_ALIASES,
  couponFieldLabels,
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
  /** returns the payload's userErrors (empty on success); a rejection is shown above the form */
  onSubmit: (values: CouponFormValues) => Promise<readonly UserErrorLike[]>;
  onCancel?: () => void;
  /** the coupon being edited (not warned about as a duplicate of itself) */
  couponId?: string;
  /** finds other coupons with the name (warning only); defaults to a search of the coupon list */
  findSameName?: (name: string, exceptId?: string) => Promise<readonly { id: string }[]>;
}

const MONEY = /^\d+(\.\d+)?$/;
const tagsSelect = { mode: 'tags' as const, tokenSeparators: [',', ' '], open: false, suffixIcon: null };
const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;

const CHANNELS: Channel[] = ['CLAIM', 'TARGETED', 'CODE'];

/** A whole number in [min, max], or empty when not required: never clamped, so a wrong value is shown as wrong. */
function wholeRule(t: TFunction<'coupons'>, label: string, min: number, max: number, required: boolean) {
  return {
    validator: async (_: unknown, v: number | null | undefined) => {
      if (v == null) {
        if (required) throw new Error(t('form.wholeRequired', { field: label.toLowerCase() }));
        return;
      }
      if (!Number.isInteger(v) || v < min || v > max) {
        throw new Error(t('form.wholeRange', { field: label, min: formatNumber(min), max: formatNumber(max) }));
      }
    },
  };
}

/** The end of a range must come after its start (the picker must not swap them); `message` says so. */
const orderedRange = (message: string) => ({
  validator: async (_: unknown, v: RangeValue) => {
    if (v?.[0] && v[1] && !v[1].isAfter(v[0])) throw new Error(message);
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
  const { t } = useTranslation(['coupons', 'common']);
  const [form] = Form.useForm<CouponFormValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const discountKind = Form.useWatch(['discount', 'kind'], form);
  const validityKind = Form.useWatch(['validity', 'kind'], form);
  const live = mode === 'live';
  const moneyRule = { pattern: MONEY, message: t('form.money') };

  const finish = async (values: CouponFormValues) => {
    setGeneral([]);
    let errs: readonly UserErrorLike[];
    try {
      errs = await onSubmit(values);
    } catch (e) {
      setGeneral([errorMessage(e)]);
      return;
    }
    if (errs.length === 0) return;
    const mapped = mapUserErrors(errs, COUPON_FORM_FIELDS, COUPON_FIELD_ALIASES, couponFieldLabels());
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
          title={t('form.liveNotice')}
        />
      )}
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="form-errors"
          title={general.length === 1 ? general[0] : t('form.notSaved')}
          description={general.length > 1 ? <ul style={{ margin: 0 }}>{general.map((g, i) => <li key={i}>{g}</li>)}</ul> : undefined}
        />
      )}

      <Card title={t('form.general')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item
              name="name"
              label={t('form.name')}
              validateDebounce={400}
              rules={[
                { required: true, whitespace: true, message: t('form.nameRequired') },
                { max: MAX_NAME, message: t('form.nameTooLong', { max: formatNumber(MAX_NAME) }) },
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
                    if (same.length) throw new Error(t('form.sameName', { count: same.length }));
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
              label={t('form.currency')}
              tooltip={t('form.currencyTooltip')}
              rules={[{ pattern: /^[A-Za-z]{3}$/, message: t('form.currencyPattern') }]}
            >
              <Input disabled={live} maxLength={3} placeholder={t('form.default')} style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="description"
          label={t('form.description')}
          rules={[{ max: MAX_DESCRIPTION, message: t('form.descriptionTooLong', { max: formatNumber(MAX_DESCRIPTION) }) }]}
        >
          <Input.TextArea rows={2} count={{ show: true, max: MAX_DESCRIPTION }} />
        </Form.Item>
      </Card>

      <Card title={t('form.discountSection')} size="small" style={{ marginBottom: 16 }}>
        <Form.Item name={['discount', 'kind']} label={t('form.kind')} rules={[{ required: true }]}>
          <Radio.Group disabled={live} optionType="button">
            <Radio.Button value="AMOUNT_OFF">{t('discountKind.AMOUNT_OFF')}</Radio.Button>
            <Radio.Button value="PERCENT_OFF">{t('discountKind.PERCENT_OFF')}</Radio.Button>
            <Radio.Button value="FREE_SHIPPING">{t('discountKind.FREE_SHIPPING')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Row gutter={16}>
          {discountKind === 'AMOUNT_OFF' && (
            <Col span={8}>
              <Form.Item
                name={['discount', 'amountOff']}
                label={t('form.amountOff')}
                rules={[{ required: true, message: t('form.amountOffRequired') }, moneyRule]}
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
                  label={t('form.percentOff')}
                  rules={[{ required: true, message: t('form.percentOffRequired') }, moneyRule]}
                >
                  <Input disabled={live} inputMode="decimal" placeholder="15" suffix="%" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['discount', 'maxDiscount']} label={t('form.maxDiscount')} rules={[moneyRule]}>
                  <Input disabled={live} inputMode="decimal" placeholder={t('form.noCap')} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col span={8}>
            <Form.Item name={['discount', 'minOrderAmount']} label={t('form.minOrderAmount')} rules={[moneyRule]}>
              <Input disabled={live} inputMode="decimal" placeholder={t('form.noMinimum')} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('form.validitySection')} size="small" style={{ marginBottom: 16 }}>
        <Form.Item name={['validity', 'kind']} label={t('form.validity')} rules={[{ required: true }]}>
          <Radio.Group disabled={live}>
            <Radio value="RELATIVE">{t('form.validityRelative')}</Radio>
            <Radio value="FIXED">{t('form.validityFixed')}</Radio>
          </Radio.Group>
        </Form.Item>
        {validityKind === 'FIXED' ? (
          <Form.Item
            name={['validity', 'range']}
            label={t('form.validityRange')}
            rules={[{ required: true, message: t('form.validityRangeRequired') }, orderedRange(t('form.validityOrder'))]}
          >
            <RangePicker disabled={live} showTime order={false} />
          </Form.Item>
        ) : (
          <Form.Item
            name={['validity', 'days']}
            label={t('form.validityDays')}
            rules={[wholeRule(t, t('form.validityDays'), 1, 3650, true)]}
          >
            <InputNumber disabled={live} precision={0} />
          </Form.Item>
        )}
        <Form.Item
          name="claimWindow"
          label={t('form.claimWindow')}
          tooltip={t('form.claimWindowTooltip')}
          rules={
            live && currentClaimEnd
              ? [
                  {
                    validator: async (_, v: [Dayjs | null, Dayjs | null] | null) => {
                      if (!v?.[1] || v[1].isBefore(currentClaimEnd)) {
                        throw new Error(t('form.claimWindowLater'));
                      }
                    },
                  },
                  orderedRange(t('form.claimWindowOrder')),
                ]
              : [orderedRange(t('form.claimWindowOrder'))]
          }
        >
          <RangePicker showTime order={false} allowEmpty={[true, true]} disabled={live ? [true, false] : false} />
        </Form.Item>
        <Form.Item
          name="channels"
          label={t('form.channels')}
          rules={[{ required: true, type: 'array', min: 1, message: t('form.channelsRequired') }]}
        >
          <Checkbox.Group options={CHANNELS.map((c) => ({ label: t(`channel.${c}`), value: c }))} />
        </Form.Item>
      </Card>

      <Card title={t('form.stockSection')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="totalStock"
              label={t('form.totalStock')}
              tooltip={live ? t('form.totalStockTooltip') : undefined}
              rules={[wholeRule(t, t('form.totalStock'), 1, 1_000_000_000_000, true)]}
            >
              <InputNumber disabled={live} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="perUserLimit"
              label={t('form.perUserLimit')}
              rules={[wholeRule(t, t('form.perUserLimit'), 1, 1000, false)]}
            >
              <InputNumber disabled={live} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="stockSlots"
              label={t('form.stockSlots')}
              tooltip={t('form.stockSlotsTooltip')}
              rules={[wholeRule(t, t('form.stockSlots'), 1, 256, false)]}
            >
              <InputNumber disabled={live} precision={0} style={{ width: '100%' }} placeholder={t('form.default')} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('form.targetingSection')} size="small" style={{ marginBottom: 16 }}>
        <ProductScopeFields
          disabled={live}
          extra={live ? t('form.liveScope') : undefined}
        />
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name={['tagRule', 'anyOf']} label={t('form.tagsAny')}>
              <Select {...tagsSelect} disabled={live} placeholder={t('form.noRequirement')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['tagRule', 'allOf']} label={t('form.tagsAll')}>
              <Select {...tagsSelect} disabled={live} placeholder={t('form.noRequirement')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['tagRule', 'noneOf']} label={t('form.tagsNone')}>
              <Select {...tagsSelect} disabled={live} placeholder={t('form.noRequirement')} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Space>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="coupon-submit">
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('common:actions.cancel')}</Button>}
      </Space>
    </Form>
  );
}
