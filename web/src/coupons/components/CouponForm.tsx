import { useEffect, useState, type KeyboardEvent } from 'react';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage, mapUserErrors, type UserErrorLike } from '../../errors';
import type { Channel } from '../../gql/graphql';
import { formatNumber } from '../../i18n/format';
import { couponsNamed } from '../hooks';
import { campaignOptions, type CampaignOption } from '../../campaigns/hooks';
import {
  COUPON_FIELD_ALIASES,
  couponFieldLabels,
  COUPON_FORM_FIELDS,
  type RangeValue,
  DEFAULT_COUPON_VALUES,
  DISCOUNT_CLASSES,
  discountClassOf,
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
  /** the campaigns the campaign select offers; defaults to the campaigns list */
  findCampaigns?: () => Promise<readonly CampaignOption[]>;
  /** the campaign the edited coupon belongs to (shown by name even before the list is in) */
  campaign?: CampaignOption | null;
}

/** The campaigns for the select: loaded once; `current` is offered even when the list fails. */
function useCampaignOptions(find: () => Promise<readonly CampaignOption[]>, current?: CampaignOption | null) {
  const [state, setState] = useState<{ list: readonly CampaignOption[]; loading: boolean; failed: boolean }>({
    list: [],
    loading: true,
    failed: false,
  });
  // loaded once per form: a new `find` on each render must not reload
  const [load] = useState(() => find);
  useEffect(() => {
    let live = true;
    load().then(
      (list) => live && setState({ list, loading: false, failed: false }),
      () => live && setState({ list: [], loading: false, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  const list = current && !state.list.some((c) => c.id === current.id) ? [current, ...state.list] : state.list;
  return { ...state, list };
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
  findCampaigns = campaignOptions,
  campaign,
}: CouponFormProps) {
  const { t } = useTranslation(['coupons', 'common']);
  const [form] = Form.useForm<CouponFormValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const discountKind = Form.useWatch(['discount', 'kind'], form);
  const validityKind = Form.useWatch(['validity', 'kind'], form);
  const scopeKind = Form.useWatch(['productScope', 'kind'], form);
  const exclusive = Form.useWatch('exclusive', form);
  const campaignId = Form.useWatch('campaignId', form);
  const currency = Form.useWatch('currency', form);
  const campaigns = useCampaignOptions(findCampaigns, campaign);
  const chosenCampaign = campaigns.list.find((c) => c.id === campaignId);
  // the campaign's budget is in its currency: a coupon in another one is refused (CURRENCY_MISMATCH)
  const currencyClash =
    !!chosenCampaign && !!currency?.trim() && chosenCampaign.currency.toUpperCase() !== currency.trim().toUpperCase();
  const ownClass = discountClassOf(discountKind ?? initialValues?.discount?.kind, scopeKind ?? initialValues?.productScope?.kind);
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
      onValuesChange={(changed: Partial<CouponFormValues>) => {
        // an exclusive coupon combines with nothing: its classes are cleared (and the boxes disabled)
        if (changed.exclusive) form.setFieldValue('combinesWith', []);
        // a campaign chosen for a coupon of the default currency: the coupon takes the campaign's
        if (changed.campaignId && !live && !form.getFieldValue('currency')?.trim()) {
          const k = campaigns.list.find((c) => c.id === changed.campaignId);
          if (k) form.setFieldValue('currency', k.currency);
        }
      }}
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

      <Card title={t('form.combinationsSection')} size="small" style={{ marginBottom: 16 }} data-testid="combinations">
        {/* the class is derived by the server from the discount kind and the product scope: shown, not edited */}
        <div style={{ marginBottom: 16 }}>
          <div data-testid="coupon-class">
            {t('form.ownClass')} <Tag>{t(`discountClass.${ownClass}`)}</Tag>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('form.ownClassTooltip')}
          </Typography.Text>
        </div>
        <Form.Item name="exclusive" label={t('form.exclusive')} valuePropName="checked" extra={t('form.exclusiveHelp')}>
          <Switch data-testid="coupon-exclusive" />
        </Form.Item>
        <Form.Item name="combinesWith" label={t('form.combinesWith')} extra={t('form.combinesWithHelp')}>
          <Checkbox.Group
            disabled={!!exclusive}
            options={DISCOUNT_CLASSES.map((c) => ({ label: t(`discountClass.${c}`), value: c }))}
          />
        </Form.Item>
      </Card>

      {/* editable on ACTIVE/PAUSED coupons too */}
      <Card title={t('form.campaignSection')} size="small" style={{ marginBottom: 16 }} data-testid="campaign-budget">
        <Form.Item
          name="campaignId"
          label={t('form.campaign')}
          // warnings go in `extra`: `help` would hide the server's errors on the item
          extra={
            currencyClash ? (
              <Typography.Text type="warning">{t('form.campaignCurrency', { currency: chosenCampaign.currency })}</Typography.Text>
            ) : campaigns.failed ? (
              <Typography.Text type="warning">{t('form.campaignLoadError')}</Typography.Text>
            ) : (
              t('form.campaignHelp')
            )
          }
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={campaigns.loading}
            placeholder={t('form.campaignPlaceholder')}
            options={campaigns.list.map((c) => ({ value: c.id, label: `${c.name} (${c.currency})` }))}
            data-testid="coupon-campaign"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name={['budget', 'amount']} label={t('form.budgetAmount')} extra={t('form.budgetAmountHelp')} rules={[moneyRule]}>
              <Input inputMode="decimal" placeholder={t('form.noCap')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name={['budget', 'usesPerDay']}
              label={t('form.usesPerDay')}
              extra={t('form.usesPerDayHelp')}
              rules={[wholeRule(t, t('form.usesPerDay'), 1, 1_000_000_000, false)]}
            >
              <InputNumber precision={0} style={{ width: '100%' }} placeholder={t('form.noCap')} />
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
