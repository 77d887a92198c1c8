import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Steps,
  Switch,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import { gqlRequest } from '../../api/client';
import { gqlUpload, type UploadProgress } from '../../api/upload';
import { useHasRole } from '../../auth/useAuth';
import { errorMessage, mapUserErrors, type UserErrorLike } from '../../errors';
import type { IssuanceJobInput } from '../../gql/graphql';
import { useTags } from '../../tags/hooks';
import { idCountSummary, parseUserIds } from '../audience';
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
];

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
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** /jobs/new (?couponId= preselects the coupon): coupon, audience, settings, then Create. */
export default function JobCreatePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const saved = useJobSaved();
  const canCreate = useHasRole('OPERATOR');
  const [form] = Form.useForm<JobFormValues>();
  const [step, setStep] = useState(0);
  const [general, setGeneral] = useState<string[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const tags = useTags(step === 1);

  const kind = Form.useWatch('audienceKind', form) ?? INITIAL.audienceKind;
  const pasted = Form.useWatch(['audience', 'userIds'], form);
  const files = Form.useWatch(['audience', 'file'], form);
  const parsed = parseUserIds(pasted);
  const file = files?.[0]?.originFileObj as File | undefined;

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

  const showUserErrors = (errs: readonly UserErrorLike[]) => {
    const mapped = mapUserErrors(errs, JOB_FORM_FIELDS);
    form.setFields(mapped.fields as Parameters<typeof form.setFields>[0]);
    setGeneral(mapped.general);
    if (mapped.fields.length) setStep(Math.min(...mapped.fields.map((f) => stepOf(f.name))));
  };

  const next = async () => {
    try {
      await form.validateFields(STEP_FIELDS[step](kind) as never);
      setStep(step + 1);
    } catch {
      /* the form shows what is missing */
    }
  };

  const submit = async () => {
    setGeneral([]);
    let values: JobFormValues;
    try {
      for (let s = 0; s < STEP_FIELDS.length; s++) {
        try {
          await form.validateFields(STEP_FIELDS[s](kind) as never);
        } catch (e) {
          setStep(s);
          throw e;
        }
      }
      values = form.getFieldsValue(true) as JobFormValues;
    } catch {
      return;
    }
    try {
      const p = await create.mutateAsync(jobInputFromForm(values));
      if (p.job && p.userErrors.length === 0) {
        saved(p.job);
        message.success('Issuance job created');
        navigate(`/jobs/${encodeURIComponent(p.job.id)}`);
      } else {
        showUserErrors(p.userErrors.length ? p.userErrors : [{ message: 'The job was not created.', code: 'INVALID_INPUT' }]);
      }
    } catch (e) {
      setGeneral([errorMessage(e)]);
    }
  };

  const tagOptions = (tags.data ?? []).map((t) => ({
    value: t.name,
    label: `${t.name} (${t.userCount.toLocaleString('en-US')})`,
  }));
  const tagSelect = (testId: string) => (
    <Select mode="multiple" allowClear options={tagOptions} loading={tags.isPending} placeholder="Pick tags" data-testid={testId} />
  );
  const hidden = (s: number) => (step === s ? undefined : { display: 'none' });

  if (!canCreate) {
    return <Alert type="warning" showIcon title="You do not have permission to create issuance jobs." />;
  }

  return (
    <>
      <Breadcrumb style={{ marginBottom: 16 }} items={[{ title: <Link to="/jobs">Issuance jobs</Link> }, { title: 'New job' }]} />
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        New issuance job
      </Typography.Title>
      <Card>
        <Steps
          current={step}
          onChange={(s) => (s < step ? setStep(s) : undefined)}
          items={[{ title: 'Coupon' }, { title: 'Audience' }, { title: 'Settings' }]}
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
            title={general.length === 1 ? general[0] : 'The job was not created'}
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
              label="Coupon"
              extra="Only ACTIVE coupons open to the TARGETED channel can be issued by a job."
              rules={[{ required: true, message: 'Pick a coupon.' }]}
            >
              <TargetedCouponPicker />
            </Form.Item>
          </div>

          <div style={hidden(1)} data-testid="job-step-audience">
            <Form.Item name="audienceKind" label="Audience">
              <Radio.Group optionType="button" data-testid="job-audience-kind">
                <Radio.Button value="userIds">
                  <span data-testid="job-audience-userIds">Paste user ids</span>
                </Radio.Button>
                <Radio.Button value="file">
                  <span data-testid="job-audience-file">Upload a file</span>
                </Radio.Button>
                <Radio.Button value="tags">
                  <span data-testid="job-audience-tags">Tag rule</span>
                </Radio.Button>
              </Radio.Group>
            </Form.Item>
            {kind === 'userIds' && (
              <Form.Item
                name={['audience', 'userIds']}
                label="User ids"
                extra={
                  <span data-testid="job-id-count">
                    {idCountSummary(parsed)}; separate them with spaces, new lines or commas. For large audiences upload a file.
                  </span>
                }
                rules={[
                  {
                    validator: (_, v: string | undefined) =>
                      parseUserIds(v).ids.length ? Promise.resolve() : Promise.reject(new Error('Paste at least one user id.')),
                  },
                ]}
              >
                <Input.TextArea rows={8} placeholder={'user-1\nuser-2, user-3'} spellCheck={false} />
              </Form.Item>
            )}
            {kind === 'file' && (
              <Form.Item
                name={['audience', 'file']}
                label="File"
                valuePropName="fileList"
                getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)}
                extra="A text or CSV file with one user id per line (the first CSV field; a header line user_id is skipped). Bad lines are counted as skipped."
                rules={[{ required: true, message: 'Choose a file.' }]}
              >
                <Upload.Dragger
                  accept=".csv,.txt,text/csv,text/plain"
                  maxCount={1}
                  multiple={false}
                  beforeUpload={() => false /* sent with "Create", through api/upload.ts */}
                  data-testid="job-file"
                >
                  <p className="ant-upload-text">Click or drag a file here</p>
                  <p className="ant-upload-hint">.csv or .txt, one user id per line</p>
                </Upload.Dragger>
              </Form.Item>
            )}
            {kind === 'tags' && (
              <>
                <Typography.Paragraph type="secondary">
                  Every user whose tags match: at least one of "any of", all of "all of", none of "none of".
                </Typography.Paragraph>
                <Row gutter={16}>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={['audience', 'tags', 'anyOf']}
                      label="Any of"
                      dependencies={[
                        ['audience', 'tags', 'allOf'],
                        ['audience', 'tags', 'noneOf'],
                      ]}
                      rules={[
                        ({ getFieldValue }) => ({
                          validator: (_, v: string[] | undefined) =>
                            v?.length || getFieldValue(['audience', 'tags', 'allOf'])?.length
                              ? Promise.resolve()
                              : Promise.reject(new Error('Pick a tag in "any of" or "all of".')),
                        }),
                      ]}
                    >
                      {tagSelect('job-tags-anyOf')}
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={['audience', 'tags', 'allOf']} label="All of">
                      {tagSelect('job-tags-allOf')}
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={['audience', 'tags', 'noneOf']} label="None of">
                      {tagSelect('job-tags-noneOf')}
                    </Form.Item>
                  </Col>
                </Row>
              </>
            )}
          </div>

          <div style={hidden(2)} data-testid="job-step-settings">
            <Form.Item name="name" label="Name" extra="Optional; the server names the job when left empty.">
              <Input maxLength={200} placeholder="e.g. Spring win-back" />
            </Form.Item>
            <Form.Item name="notify" label="Notify users" valuePropName="checked" extra="Send each user a message through the message center.">
              <Switch data-testid="job-notify" />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="batchSize" label="Batch size" extra="Rows per insert batch" rules={[{ required: true, message: 'Required.' }]}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="readBatchSize" label="Read batch size" extra="Audience ids read per step" rules={[{ required: true, message: 'Required.' }]}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="notifyBatchSize" label="Notify batch size" extra="Users per message-center request" rules={[{ required: true, message: 'Required.' }]}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="job-summary">
              <Descriptions.Item label="Audience">
                {kind === 'userIds'
                  ? idCountSummary(parsed)
                  : kind === 'file'
                    ? file
                      ? `${file.name} (${fileSize(file.size)})`
                      : 'no file'
                    : 'users matching the tag rule'}
              </Descriptions.Item>
            </Descriptions>
            {progress && (
              <div style={{ marginBottom: 16 }} data-testid="job-upload-progress">
                <Progress
                  percent={progress.percent ?? 0}
                  status="active"
                  format={(p) => (progress.percent == null ? `${progress.loaded.toLocaleString('en-US')} bytes` : `${p}%`)}
                />
                {progress.percent === 100 && <Typography.Text type="secondary">Uploaded; the server is reading the file…</Typography.Text>}
              </div>
            )}
          </div>
        </Form>
        <Space>
          {step > 0 && (
            <Button onClick={() => setStep(step - 1)} disabled={create.isPending} data-testid="job-back">
              Back
            </Button>
          )}
          {step < 2 ? (
            <Button type="primary" onClick={next} data-testid="job-next">
              Next
            </Button>
          ) : (
            <Button type="primary" onClick={submit} loading={create.isPending} data-testid="job-submit">
              Create
            </Button>
          )}
        </Space>
      </Card>
    </>
  );
}
