import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Col, Form, Input, InputNumber, Modal, Row } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { gqlRequest } from '../../api/client';
import { errorMessage, mapUserErrors } from '../../errors';
import type { CampaignInput } from '../../gql/graphql';
import { CAMPAIGN_FORM_FIELDS, fromCampaign, toCampaignInput, type CampaignFormValues } from '../formValues';
import { CreateCampaignMutation, UpdateCampaignMutation } from '../mutations';

const MONEY = /^\d+(\.\d+)?$/;

export interface EditedCampaign {
  id: string;
  name: string;
  description: string;
  currency: string;
  budget: { amount?: string | null; usesPerDay?: number | null };
  coupons: readonly unknown[];
}

export interface CampaignDialogProps {
  open: boolean;
  /** the campaign to edit; absent: a new one */
  campaign?: EditedCampaign | null;
  onClose: () => void;
  onSaved: (c: { id: string; name: string }) => void;
}

/** The new-campaign and edit-campaign dialog: name, description, currency, and the budget's caps. */
export function CampaignDialog({ open, campaign, onClose, onSaved }: CampaignDialogProps) {
  const { t } = useTranslation(['campaigns', 'common']);
  const [form] = Form.useForm<CampaignFormValues>();
  const [error, setError] = useState<string | null>(null);
  const editing = !!campaign;
  // the currency is the budget's and its coupons': fixed once coupons belong to it
  const currencyLocked = editing && campaign.coupons.length > 0;
  const save = useMutation({
    mutationFn: async (input: CampaignInput) =>
      campaign
        ? (await gqlRequest(UpdateCampaignMutation, { id: campaign.id, input })).updateCampaign
        : (await gqlRequest(CreateCampaignMutation, { input })).createCampaign,
  });

  useEffect(() => {
    // the form stays mounted (forceRender): each opening starts from the campaign's values, or empty
    if (!open) return;
    form.resetFields();
    if (campaign) form.setFieldsValue(fromCampaign(campaign));
  }, [open, campaign, form]);

  const close = () => {
    setError(null);
    form.resetFields();
    onClose();
  };

  const submit = async () => {
    let values: CampaignFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is wrong
    }
    setError(null);
    try {
      const p = await save.mutateAsync(toCampaignInput(values));
      if (p.campaign && p.userErrors.length === 0) {
        onSaved(p.campaign);
        close();
        return;
      }
      // the server's field names read as the dialog's labels: "amount must be positive" -> "Budget amount must be positive"
      const mapped = mapUserErrors(p.userErrors, CAMPAIGN_FORM_FIELDS, {}, {
        name: t('form.name'),
        description: t('form.description'),
        currency: t('form.currency'),
        amount: t('form.budgetAmount'),
        usesPerDay: t('form.usesPerDay'),
      });
      form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
      setError(mapped.general.join(' ') || (mapped.fields.length ? null : t('dialog.failed')));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Modal
      title={editing ? t('dialog.editTitle') : t('dialog.newTitle')}
      open={open}
      okText={editing ? t('dialog.save') : t('dialog.create')}
      onOk={submit}
      okButtonProps={{ 'data-testid': 'campaign-submit' }}
      confirmLoading={save.isPending}
      onCancel={close}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="campaign-error" />}
      <Form<CampaignFormValues> form={form} layout="vertical" name="campaign">
        <Form.Item
          name="name"
          label={t('form.name')}
          rules={[
            { required: true, whitespace: true, message: t('form.nameRequired') },
            { max: 200, message: t('form.nameTooLong') },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('form.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="currency"
          label={t('form.currency')}
          extra={currencyLocked ? t('form.currencyLocked') : t('form.currencyExtra')}
          rules={[{ pattern: /^[A-Za-z]{3}$/, message: t('form.currencyPattern') }]}
        >
          <Input
            disabled={currencyLocked}
            maxLength={3}
            placeholder={t('form.currencyDefault')}
            style={{ textTransform: 'uppercase', width: 160 }}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name={['budget', 'amount']}
              label={t('form.budgetAmount')}
              extra={t('form.budgetAmountExtra')}
              rules={[{ pattern: MONEY, message: t('form.money') }]}
            >
              <Input inputMode="decimal" placeholder={t('budget.noCap')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name={['budget', 'usesPerDay']}
              label={t('form.usesPerDay')}
              extra={t('form.usesPerDayExtra')}
              rules={[
                {
                  validator: async (_: unknown, v: number | null | undefined) => {
                    if (v != null && (!Number.isInteger(v) || v < 1)) throw new Error(t('form.usesPerDayRange'));
                  },
                },
              ]}
            >
              <InputNumber precision={0} style={{ width: '100%' }} placeholder={t('budget.noCap')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
