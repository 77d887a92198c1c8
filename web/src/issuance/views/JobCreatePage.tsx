import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Steps,
  Switch,
  Typography,
  Upload,
} from 'antd';
import type { ButtonProps, UploadFile } from 'antd';
import i18n from '../../i18n';
import { gqlRequest } from '../../api/client';
import { gqlUpload, type UploadProgress } from '../../api/upload';
import { useHasRole } from '../../auth/useAuth';
import { errorMessage, mapUserErrors, type UserErrorLike } from '../../errors';
import type { IssuanceJobInput } from '../../gql/graphql';
import { discountSummary } from '../../coupons/format';
import { useCoupon } from '../../coupons/hooks';
import { formatNumber } from '../../i18n/format';
import { useTags } from '../../tags/hooks';
import { idCountSummary, parseUserIds, stockShortfall, tagAudienceSize, type AudienceSize, type ParsedIds } from '../audience';
import { TargetedCouponPicker } from '../components/TargetedCouponPicker';
import { JOB_DEFAULTS } from '../format';
import { useJobSaved } from '../hooks';
import { CreateIssuanceJobMutation } from '../mutations';

export type AudienceKind = 'userIds' | 'file' | 'tags';

export interface JobFormValues {
  couponId?: string;
  audienceKind: AudienceKind;
  audience: {
    userIds?: string;
    file?: UploadFile[];
    tags?: { anyOf?: string[]; allOf?: string[]; noneOf?: string[] };
  };
  name?: string;
  notify: boolean;
  batchSize: number;
  readBatchSize: number;
  notifyBatchSize: number;
}

/** Form items userErrors may land on (see mapUserErrors); others go to the alert. */
export const JOB_FORM_FIELDS = [
  'couponId',
  'audience.userIds',
  'audience.file',
  'audience.tags.anyOf',
  'audience.tags.allOf',
  'audience.tags.noneOf',
  'name',
  'notify',
  'batchSize',
  'readBatchSize',
  'notifyBatchSize',
];

const STEP_FIELDS: ((kind: AudienceKind) => (string | number)[][])[] = [
  () => [['couponId']],
  (kind) =>
    kind === 'userIds'
      ? [['audience', 'userIds']]
      : kind === 'file'
        ? [['audience', 'file']]
        : [
            ['audience', 'tags', 'anyOf'],
            ['audience', 'tags', 'allOf'],
            ['audience', 'tags', 'noneOf'],
          ],
  () => [['name'], ['notify'], ['batchSize'], ['readBatchSize'], ['notifyBatchSize']],
  () => [], // the review: nothing to fill in
];
const REVIEW_STEP = STEP_FIELDS.length - 1;

/** the batch settings, behind the "Advanced" fold of the settings step */
const ADVANCED_FIELDS = ['batchSize', 'readBatchSize', 'notifyBatchSize'];

/** which step shows a field (by its first path segment) */
function stepOf(name: (string | number)[]): number {
  if (name[0] === 'couponId') return 0;
  if (name[0] === 'audience') return 1;
  return 2;
}

/** The input of createIssuanceJob from the form: exactly one audience kind. */
export function jobInputFromForm(v: JobFormValues): IssuanceJobInput {
  const input: IssuanceJobInput = {
    couponId: v.couponId ?? '',
    audience: {},
    notify: v.notify,
    batchSize: v.batchSize,
    readBatchSize: v.readBatchSize,
    notifyBatchSize: v.notifyBatchSize,
  };
  const name = v.name?.trim();
  if (name) input.name = name;
  if (v.audienceKind === 'userIds') input.audience.userIds = parseUserIds(v.audience.userIds).ids;
  else if (v.audienceKind === 'file') input.audience.file = v.audience.file?.[0]?.originFileObj as File;
  else {
    const t = v.audience.tags ?? {};
    input.audience.tags = { anyOf: t.anyOf ?? [], allOf: t.allOf ?? [], noneOf: t.noneOf ?? [] };
  }
  return input;
}

const INITIAL: JobFormValues = {
  audienceKind: 'userIds',
  audience: {},
  notify: false,
  ...JOB_DEFAULTS,
};

function fileSize(n: number): string {
  if (n < 1024) return i18n.t('issuance:create.bytes', { count: n, n: formatNumber(n) });
  if (n < 1024 * 1024) return `${formatNumber(n / 1024, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} KB`;
  return `${formatNumber(n / 1024 / 1024, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;
}

/** /jobs/new (?couponId= preselects the coupon): coupon, audience, settings, review, then Start (confirmed). */
export default function JobCreatePage() {
  const { t } = useTranslation(['issuance', 'coupons']);
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const saved = useJobSaved();
  const canCreate = useHasRole('OPERATOR');
  const [form] = Form.useForm<JobFormValues>();
  const [step, setStep] = useState(0);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const tags = useTags(step === 1 || step === REVIEW_STEP);

  const kind = Form.useWatch('audienceKind', form) ?? INITIAL.audienceKind;
  const pasted = Form.useWatch(['audience', 'userIds'], form);
  const files = Form.useWatch(['audience', 'file'], form);
  const parsed = parseUserIds(pasted);
  const file = files?.[0]?.originFileObj as File | undefined;
  const batchSize = Form.useWatch('batchSize', form);
  const readBatchSize = Form.useWatch('readBatchSize', form);
  const notifyBatchSize = Form.useWatch('notifyBatchSize', form);

  const create = useMutation({
    mutationFn: async (input: IssuanceJobInput) => {
      if (input.audience.file) {
        setProgress({ loaded: 0, total: input.audience.file.size, percent: 0 });
        try {
          return (await gqlUpload(CreateIssuanceJobMutation, { input }, { onProgress: setProgress })).createIssuanceJob;
        } finally {
          setProgress(null);
        }
      }
      return (await gqlRequest(CreateIssuanceJobMutation, { input })).createIssuanceJob;
    },
  });

  const goTo = (s: number, fields: (string | number)[][] = []) => {
    if (fields.some((f) => ADVANCED_FIELDS.includes(String(f[0])))) setAdvancedOpen(true);
    setStep(s);
  };

  const showUserErrors = (errs: readonly UserErrorLike[]) => {
    const mapped = mapUserErrors(errs, JOB_FORM_FIELDS);
    form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
    setGeneral(mapped.general);
    if (mapped.fields.length) {
      goTo(
        Math.min(...mapped.fields.map((f) => stepOf(f.name))),
        mapped.fields.map((f) => f.name),
      );
    }
  };

  /** validates the steps up to `last`; on a failure shows its step (and opens the fold it is in) */
  const validateUpTo = async (last: number): Promise<boolean> => {
    for (let s = 0; s <= last; s++) {
      try {
        await form.validateFields(STEP_FIELDS[s](kind) as never);
      } catch (e) {
        const fields = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.map((f) => f.name) ?? [];
        goTo(s, fields);
        return false;
      }
    }
    return true;
  };

  const next = async () => {
    if (await validateUpTo(step)) setStep(step + 1);
  };

  const start = async (values: JobFormValues) => {
    try {
      const p = await create.mutateAsync(jobInputFromForm(values));
      if (p.job && p.userErrors.length === 0) {
        saved(p.job);
        message.success(t('create.created'));
        navigate(`/jobs/${encodeURIComponent(p.job.id)}`);
      } else {
        showUserErrors(p.userErrors.length ? p.userErrors : [{ message: t('create.notCreated'), code: 'INVALID_INPUT' }]);
      }
    } catch (e) {
      setGeneral([errorMessage(e)]);
    }
  };

  /** "Start job" on the review: every step valid, then an explicit confirm, then createIssuanceJob. */
  const submit = async () => {
    setGeneral([]);
    if (!(await validateUpTo(REVIEW_STEP))) return;
    const values = form.getFieldsValue(true) as JobFormValues;
    modal.confirm({
      title: t('create.confirm.title'),
      content: t('create.confirm.content'),
      okText: t('create.confirm.ok'),
      cancelText: t('create.confirm.cancel'),
      okButtonProps: { 'data-testid': 'job-start-confirm' } as ButtonProps,
      cancelButtonProps: { 'data-testid': 'job-start-cancel' } as ButtonProps,
      // closes at once: an upload's progress shows on the review, under the loading Start button
      onOk: () => {
        void start(values);
      },
    });
  };

  const tagOptions = (tags.data ?? []).map((tag) => ({
    value: tag.name,
    label: `${tag.name} (${formatNumber(tag.userCount)})`,
  }));
  const tagSelect = (testId: string) => (
    <Select
      mode="multiple"
      allowClear
      options={tagOptions}
      loading={tags.isPending}
      placeholder={t('create.tags.placeholder')}
      data-testid={testId}
    />
  );
  const hidden = (s: number) => (step === s ? undefined : { display: 'none' });
  const required = [{ required: true, message: t('create.required') }];

  if (!canCreate) {
    return <Alert type="warning" showIcon title={t('create.noPermission')} />;
  }

  const values = form.getFieldsValue(true) as JobFormValues;
  const batchDefaults = t('create.advanced.summary', {
    batchSize: formatNumber(batchSize ?? values.batchSize),
    readBatchSize: formatNumber(readBatchSize ?? values.readBatchSize),
    notifyBatchSize: formatNumber(notifyBatchSize ?? values.notifyBatchSize),
  });

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={[{ title: <Link to="/jobs">{t('list.title')}</Link> }, { title: t('create.breadcrumb') }]}
      />
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('create.title')}
      </Typography.Title>
      <Card>
        <Steps
          current={step}
          onChange={(s) => (s < step ? setStep(s) : undefined)}
          items={[
            { title: t('create.steps.coupon') },
            { title: t('create.steps.audience') },
            { title: t('create.steps.settings') },
            { title: t('create.steps.review') },
          ]}
          style={{ marginBottom: 24 }}
          data-testid="job-steps"
        />
        {general.length > 0 && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setGeneral([])}
            style={{ marginBottom: 16 }}
            title={general.length === 1 ? general[0] : t('create.notCreatedTitle')}
            description={general.length > 1 ? <ul style={{ margin: 0 }}>{general.map((g, i) => <li key={i}>{g}</li>)}</ul> : undefined}
            data-testid="job-form-error"
          />
        )}
        <Form<JobFormValues>
          form={form}
          name="job"
          layout="vertical"
          initialValues={{ ...INITIAL, couponId: params.get('couponId') ?? undefined }}
          disabled={create.isPending}
          style={{ maxWidth: 760 }}
        >
          <div style={hidden(0)} data-testid="job-step-coupon">
            <Form.Item
              name="couponId"
              label={t('create.coupon.label')}
              extra={t('create.coupon.extra')}
              rules={[{ required: true, message: t('create.coupon.required') }]}
            >
              <TargetedCouponPicker />
            </Form.Item>
          </div>

          <div style={hidden(1)} data-testid="job-step-audience">
            <Form.Item name="audienceKind" label={t('create.audience.label')}>
              <Radio.Group optionType="button" data-testid="job-audience-kind">
                <Radio.Button value="userIds">
                  <span data-testid="job-audience-userIds">{t('create.audience.kinds.userIds')}</span>
                </Radio.Button>
                <Radio.Button value="file">
                  <span data-testid="job-audience-file">{t('create.audience.kinds.file')}</span>
                </Radio.Button>
                <Radio.Button value="tags">
                  <span data-testid="job-audience-tags">{t('create.audience.kinds.tags')}</span>
                </Radio.Button>
              </Radio.Group>
            </Form.Item>
            {kind === 'userIds' && (
              <Form.Item
                name={['audience', 'userIds']}
                label={t('create.userIds.label')}
                extra={<span data-testid="job-id-count">{t('create.userIds.extra', { summary: idCountSummary(parsed) })}</span>}
                rules={[
                  {
                    validator: (_, v: string | undefined) =>
                      parseUserIds(v).ids.length ? Promise.resolve() : Promise.reject(new Error(t('create.userIds.required'))),
                  },
                ]}
              >
                <Input.TextArea rows={8} placeholder={'user-1\nuser-2, user-3'} spellCheck={false} />
              </Form.Item>
            )}
            {kind === 'file' && (
              <Form.Item
                name={['audience', 'file']}
                label={t('create.file.label')}
                valuePropName="fileList"
                getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
                extra={t('create.file.extra')}
                rules={[{ required: true, message: t('create.file.required') }]}
              >
                <Upload.Dragger
                  accept=".csv,.txt,text/csv,text/plain"
                  maxCount={1}
                  multiple={false}
                  beforeUpload={() => false /* sent with "Start", through api/upload.ts */}
                  data-testid="job-file"
                >
                  <p className="ant-upload-text">{t('create.file.drop')}</p>
                  <p className="ant-upload-hint">{t('create.file.hint')}</p>
                </Upload.Dragger>
              </Form.Item>
            )}
            {kind === 'tags' && (
              <>
                <Typography.Paragraph type="secondary">{t('create.tags.help')}</Typography.Paragraph>
                <Row gutter={16}>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={['audience', 'tags', 'anyOf']}
                      label={t('create.tags.anyOf')}
                      dependencies={[
                        ['audience', 'tags', 'allOf'],
                        ['audience', 'tags', 'noneOf'],
                      ]}
                      rules={[
                        ({ getFieldValue }) => ({
                          validator: (_, v: string[] | undefined) =>
                            v?.length || getFieldValue(['audience', 'tags', 'allOf'])?.length
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('create.tags.required'))),
                        }),
                      ]}
                    >
                      {tagSelect('job-tags-anyOf')}
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={['audience', 'tags', 'allOf']} label={t('create.tags.allOf')}>
                      {tagSelect('job-tags-allOf')}
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={['audience', 'tags', 'noneOf']} label={t('create.tags.noneOf')}>
                      {tagSelect('job-tags-noneOf')}
                    </Form.Item>
                  </Col>
                </Row>
              </>
            )}
          </div>

          <div style={hidden(2)} data-testid="job-step-settings">
            <Form.Item name="name" label={t('create.name.label')} extra={t('create.name.extra')}>
              <Input maxLength={200} placeholder={t('create.name.placeholder')} />
            </Form.Item>
            <Form.Item name="notify" label={t('create.notify.label')} valuePropName="checked" extra={t('create.notify.extra')}>
              <Switch data-testid="job-notify" />
            </Form.Item>
            <Collapse
              activeKey={advancedOpen ? ['advanced'] : []}
              onChange={(keys) => setAdvancedOpen(keys.includes('advanced'))}
              style={{ marginBottom: 16 }}
              data-testid="job-advanced"
              items={[
                {
                  key: 'advanced',
                  forceRender: true, // the fields stay in the form (and validated) while folded
                  label: (
                    <span data-testid="job-advanced-toggle">
                      {t('create.advanced.title')}{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="job-advanced-summary">
                        {batchDefaults}
                      </Typography.Text>
                    </span>
                  ),
                  children: (
                    <Row gutter={16}>
                      {(['batchSize', 'readBatchSize', 'notifyBatchSize'] as const).map((name) => (
                        <Col xs={24} md={8} key={name}>
                          <Form.Item
                            name={name}
                            label={t(`create.advanced.${name}`)}
                            extra={t(`create.advanced.${name}Extra`, { n: formatNumber(JOB_DEFAULTS[name]) })}
                            rules={required}
                          >
                            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                      ))}
                    </Row>
                  ),
                },
              ]}
            />
          </div>
        </Form>

        {step === REVIEW_STEP && (
          <div data-testid="job-step-review">
            <JobReview
              values={values}
              parsed={parsed}
              file={file}
              tagCounts={new Map((tags.data ?? []).map((tag) => [tag.name, tag.userCount]))}
              tagsLoading={tags.isPending}
              batchSummary={batchDefaults}
            />
            {progress && (
              <div style={{ marginBottom: 16 }} data-testid="job-upload-progress">
                <Progress
                  percent={progress.percent ?? 0}
                  status="active"
                  format={(p) =>
                    progress.percent == null
                      ? t('create.bytes', { count: progress.loaded, n: formatNumber(progress.loaded) })
                      : `${p}%`
                  }
                />
                {progress.percent === 100 && <Typography.Text type="secondary">{t('create.uploaded')}</Typography.Text>}
              </div>
            )}
          </div>
        )}

        <Space>
          {step > 0 && (
            <Button onClick={() => setStep(step - 1)} disabled={create.isPending} data-testid="job-back">
              {t('create.back')}
            </Button>
          )}
          {step < REVIEW_STEP ? (
            <Button type="primary" onClick={next} data-testid="job-next">
              {step === REVIEW_STEP - 1 ? t('create.toReview') : t('create.next')}
            </Button>
          ) : (
            <Button type="primary" onClick={submit} loading={create.isPending} data-testid="job-submit">
              {t('create.start')}
            </Button>
          )}
        </Space>
      </Card>
    </>
  );
}

interface JobReviewProps {
  values: JobFormValues;
  parsed: ParsedIds;
  file?: File;
  tagCounts: ReadonlyMap<string, number>;
  tagsLoading: boolean;
  batchSummary: string;
}

/** The review step: the coupon as it is now, the audience and its size, the stock check, the settings. */
function JobReview({ values, parsed, file, tagCounts, tagsLoading, batchSummary }: JobReviewProps) {
  const { t } = useTranslation(['issuance', 'coupons']);
  // read afresh: the stock may have moved since the coupon was picked
  const coupon = useCoupon(values.couponId ?? '');
  const c = coupon.data;
  const kind = values.audienceKind;
  const rule = values.audience.tags ?? {};

  const size: AudienceSize =
    kind === 'userIds'
      ? { kind: 'exact', n: parsed.ids.length }
      : kind === 'tags' && !tagsLoading
        ? tagAudienceSize(rule, tagCounts)
        : { kind: 'unknown' };

  let audience: ReactNode;
  if (kind === 'userIds') audience = idCountSummary(parsed);
  else if (kind === 'file') audience = file ? `${file.name} (${fileSize(file.size)})` : t('create.review.noFile');
  else {
    const parts = (['anyOf', 'allOf', 'noneOf'] as const)
      .filter((k) => rule[k]?.length)
      .map((k) => t('create.review.rulePart', { which: t(`create.tags.${k}`), tags: rule[k]!.join(t('create.review.listSep')) }));
    audience = <span data-i18n-data="">{parts.join(t('create.review.partSep'))}</span>;
  }

  const sizeText =
    size.kind === 'exact'
      ? t('create.review.sizeExact', { count: size.n, n: formatNumber(size.n) })
      : size.kind === 'atMost'
        ? t('create.review.sizeAtMost', { count: size.n, n: formatNumber(size.n) })
        : kind === 'file'
          ? t('create.review.sizeFile')
          : tagsLoading
            ? t('create.review.sizeLoading')
            : t('create.review.sizeUnknown');

  let stock: ReactNode = null;
  if (c) {
    const short = stockShortfall(size, c.remainingStock);
    const remaining = formatNumber(c.remainingStock);
    if (short != null && size.kind !== 'unknown') {
      stock = (
        <Alert
          type="warning"
          showIcon
          data-testid="job-stock-warning"
          title={
            size.kind === 'exact'
              ? t('create.review.stockShort', { count: short, n: formatNumber(short), remaining, size: formatNumber(size.n) })
              : t('create.review.stockMaybeShort', { count: short, n: formatNumber(short), remaining, size: formatNumber(size.n) })
          }
          description={t('create.review.stockShortHelp')}
        />
      );
    } else if (size.kind === 'unknown') {
      stock = (
        <Alert type="info" showIcon data-testid="job-stock-unknown" title={t('create.review.stockUnknown', { remaining })} description={t('create.review.stockShortHelp')} />
      );
    } else {
      stock = <Alert type="success" showIcon data-testid="job-stock-ok" title={t('create.review.stockOk', { count: size.n, remaining, size: formatNumber(size.n) })} />;
    }
  }

  return (
    <>
      {coupon.isError && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('create.review.couponError', { error: errorMessage(coupon.error) })} />
      )}
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="job-summary">
        <Descriptions.Item label={t('create.review.coupon')}>
          {coupon.isPending ? (
            <Spin size="small" />
          ) : c ? (
            <span data-testid="job-review-coupon">
              <Link to={`/coupons/${encodeURIComponent(c.id)}`} data-i18n-data="">
                {c.name}
              </Link>
              {' · '}
              {discountSummary(c.discount, c.currency)}
            </span>
          ) : (
            values.couponId
          )}
        </Descriptions.Item>
        {c && (
          <Descriptions.Item label={t('create.review.remainingStock')}>
            <span data-testid="job-review-stock">
              {t('create.review.stock', { remaining: formatNumber(c.remainingStock), total: formatNumber(c.totalStock) })}
            </span>
          </Descriptions.Item>
        )}
        {c && (
          <Descriptions.Item label={t('create.review.perUserLimit')}>
            <span data-testid="job-review-limit">{t('create.review.perUserLimitValue', { count: c.perUserLimit, n: formatNumber(c.perUserLimit) })}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('create.review.audience')}>
          <div>{audience}</div>
          <Typography.Text strong data-testid="job-review-size">
            {sizeText}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('create.review.name')}>{values.name?.trim() || t('create.review.nameAuto')}</Descriptions.Item>
        <Descriptions.Item label={t('create.review.notify')}>{values.notify ? t('create.review.yes') : t('create.review.no')}</Descriptions.Item>
        <Descriptions.Item label={t('create.advanced.title')}>{batchSummary}</Descriptions.Item>
      </Descriptions>
      {stock && <div style={{ marginBottom: 16 }}>{stock}</div>}
      <Typography.Paragraph type="secondary">{t('create.review.skipNote')}</Typography.Paragraph>
    </>
  );
}
