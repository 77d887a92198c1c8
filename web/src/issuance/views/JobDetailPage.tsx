import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Row, Space, Spin, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { gqlRequest } from '../../api/client';
import { useHasRole } from '../../auth/useAuth';
import { formatTime } from '../../coupons/format';
import { errorMessage, userErrorMessage } from '../../errors';
import { JobProgress } from '../components/JobProgress';
import { JobStatusTag } from '../components/JobStatusTag';
import {
  allowedJobActions,
  elapsedSeconds,
  formatCount,
  formatDuration,
  formatEta,
  formatRate,
  progressSummary,
  type JobAction,
} from '../format';
import { useIssuanceJob, useJobSaved, type LiveMode } from '../hooks';
import { CancelIssuanceJobMutation, PauseIssuanceJobMutation, ResumeIssuanceJobMutation } from '../mutations';

const ACTION_LABEL: Record<JobAction, string> = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel job' };
const ACTION_DONE: Record<JobAction, string> = { pause: 'Job paused', resume: 'Job resumed', cancel: 'Job cancelled' };

const LIVE_LABEL: Record<LiveMode, { color: string; text: string; tip: string }> = {
  socket: { color: 'green', text: 'Live', tip: 'Progress is pushed by the server over a websocket.' },
  polling: { color: 'gold', text: 'Polling', tip: 'The websocket is not available; the job is read every second.' },
  idle: { color: 'default', text: 'Finished', tip: 'The job will not change any more.' },
};

/** /jobs/:id: one issuance job, live while it runs, with pause, resume and cancel. */
export default function JobDetailPage() {
  const { id = '' } = useParams();
  const { job, mode } = useIssuanceJob(id);
  const saved = useJobSaved();
  const { message, modal } = App.useApp();
  const canOperate = useHasRole('OPERATOR');
  const [actionError, setActionError] = useState<string | null>(null);
  const now = useNow(job.data?.status === 'RUNNING');

  const action = useMutation({
    mutationFn: async (a: JobAction) => {
      if (a === 'pause') return (await gqlRequest(PauseIssuanceJobMutation, { id })).pauseIssuanceJob;
      if (a === 'resume') return (await gqlRequest(ResumeIssuanceJobMutation, { id })).resumeIssuanceJob;
      return (await gqlRequest(CancelIssuanceJobMutation, { id })).cancelIssuanceJob;
    },
    onMutate: () => setActionError(null),
    onSuccess: (p, a) => {
      if (p.job && p.userErrors.length === 0) {
        saved(p.job);
        message.success(ACTION_DONE[a]);
      } else {
        setActionError(p.userErrors.map(userErrorMessage).join(' ') || 'The action failed.');
        void job.refetch();
      }
    },
    onError: (e) => setActionError(errorMessage(e)),
  });

  if (job.isPending) return <Spin />;
  if (job.isError) return <Alert type="error" showIcon title={errorMessage(job.error)} data-testid="job-error" />;
  const j = job.data;
  if (!j) return <Alert type="warning" showIcon title="This issuance job does not exist." data-testid="job-missing" />;

  const run = (a: JobAction) => {
    if (a === 'cancel') {
      modal.confirm({
        title: 'Cancel this job?',
        content: 'No more coupons are issued by it and it cannot be resumed. Coupons already issued stay with their users.',
        okText: 'Cancel job',
        cancelText: 'Keep running',
        okButtonProps: { danger: true, 'data-testid': 'job-cancel-confirm' } as ButtonProps,
        onOk: () => action.mutateAsync('cancel'),
      });
    } else {
      action.mutate(a);
    }
  };

  const elapsed = elapsedSeconds(j.startedAt, j.finishedAt, now);
  const live = LIVE_LABEL[mode];

  return (
    <>
      <Breadcrumb style={{ marginBottom: 16 }} items={[{ title: <Link to="/jobs">Issuance jobs</Link> }, { title: j.name || j.id }]} />
      <Space align="center" style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space align="center">
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="job-title">
            {j.name || j.id}
          </Typography.Title>
          <JobStatusTag status={j.status} />
          <Tooltip title={live.tip}>
            <Tag color={live.color} data-testid="job-live-mode" data-mode={mode}>
              {live.text}
            </Tag>
          </Tooltip>
        </Space>
        <Space wrap>
          {(canOperate ? allowedJobActions(j.status) : []).map((a) => (
            <Button
              key={a}
              type={a === 'resume' ? 'primary' : 'default'}
              danger={a === 'cancel'}
              loading={action.isPending && action.variables === a}
              disabled={action.isPending && action.variables !== a}
              onClick={() => run(a)}
              data-testid={`job-action-${a}`}
            >
              {ACTION_LABEL[a]}
            </Button>
          ))}
        </Space>
      </Space>
      {actionError && (
        <Alert type="error" showIcon closable title={actionError} style={{ marginBottom: 16 }} onClose={() => setActionError(null)} />
      )}
      {j.lastError && (
        <Alert
          type={j.status === 'FAILED' ? 'error' : 'warning'}
          showIcon
          title={j.status === 'FAILED' ? 'The job failed' : 'Last error'}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{j.lastError}</span>}
          style={{ marginBottom: 16 }}
          data-testid="job-last-error"
        />
      )}

      <Card size="small" style={{ marginBottom: 16 }}>
        <JobProgress job={j} />
        <Typography.Text type="secondary" data-testid="job-progress-summary">
          {progressSummary(j)} processed
        </Typography.Text>
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={12} md={6}>
            <Statistic title="Rate" value={j.status === 'RUNNING' ? formatRate(j.ratePerSecond) : '—'} data-testid="job-rate" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="Time left" value={formatEta(j)} data-testid="job-eta" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="Elapsed" value={elapsed == null ? '—' : formatDuration(elapsed)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="Audience" value={formatCount(j.audienceSize)} data-testid="job-audience" />
          </Col>
        </Row>
      </Card>

      <Card title="Counters" size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[16, 16]}>
          {(
            [
              ['Processed', j.processed, 'job-processed'],
              ['Issued', j.issued, 'job-issued'],
              ['Skipped', j.skipped, 'job-skipped'],
              ['Failed', j.failed, 'job-failed'],
              ['Notified', j.notified, 'job-notified'],
            ] as const
          ).map(([title, n, testId]) => (
            <Col xs={12} md={4} key={testId}>
              <Statistic
                title={title}
                value={formatCount(n)}
                styles={title === 'Failed' && n > 0 ? { content: { color: '#cf1322' } } : undefined}
                data-testid={testId}
              />
            </Col>
          ))}
        </Row>
      </Card>

      <Card title="Details" size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label="ID">{j.id}</Descriptions.Item>
          <Descriptions.Item label="Coupon">
            <Link to={`/coupons/${encodeURIComponent(j.coupon.id)}`} data-testid="job-coupon">
              {j.coupon.name}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label="Created by">{j.createdBy}</Descriptions.Item>
          <Descriptions.Item label="Created">{formatTime(j.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="Started">{formatTime(j.startedAt) || '—'}</Descriptions.Item>
          <Descriptions.Item label="Finished">{formatTime(j.finishedAt) || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
    </>
  );
}

/** Date.now(), ticking every second while `ticking` (for the elapsed time of a running job). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [ticking]);
  return now;
}
