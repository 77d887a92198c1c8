import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Row, Space, Spin, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { gqlRequest } from '../../api/client';
import { useHasRole } from '../../auth/useAuth';
import { formatDateTime } from '../../i18n/format';
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

const LIVE_COLOR: Record<LiveMode, string> = { socket: 'green', polling: 'gold', idle: 'default' };

/** /jobs/:id: one issuance job, live while it runs, with pause, resume and cancel. */
export default function JobDetailPage() {
  const { t } = useTranslation('issuance');
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
        message.success(t(`detail.done.${a}`));
      } else {
        setActionError(p.userErrors.map(userErrorMessage).join(' ') || t('detail.actionFailed'));
        void job.refetch();
      }
    },
    onError: (e) => setActionError(errorMessage(e)),
  });

  if (job.isPending) return <Spin />;
  if (job.isError) return <Alert type="error" showIcon title={errorMessage(job.error)} data-testid="job-error" />;
  const j = job.data;
  if (!j) return <Alert type="warning" showIcon title={t('detail.missing')} data-testid="job-missing" />;

  const run = (a: JobAction) => {
    if (a === 'cancel') {
      modal.confirm({
        title: t('detail.cancelConfirm.title'),
        content: t('detail.cancelConfirm.content'),
        okText: t('detail.actions.cancel'),
        cancelText: t('detail.cancelConfirm.keep'),
        okButtonProps: { danger: true, 'data-testid': 'job-cancel-confirm' } as ButtonProps,
        onOk: () => action.mutateAsync('cancel'),
      });
    } else {
      action.mutate(a);
    }
  };

  const elapsed = elapsedSeconds(j.startedAt, j.finishedAt, now);
  const live = { color: LIVE_COLOR[mode], text: t(`detail.live.${mode}.text`), tip: t(`detail.live.${mode}.tip`) };

  return (
    <>
      <Breadcrumb style={{ marginBottom: 16 }} items={[{ title: <Link to="/jobs">{t('list.title')}</Link> }, { title: j.name || j.id }]} />
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
              {t(`detail.actions.${a}`)}
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
          title={j.status === 'FAILED' ? t('detail.failed') : t('detail.lastError')}
          description={<span style={{ whiteSpace: 'pre-wrap' }} data-i18n-data="">{j.lastError}</span>}
          style={{ marginBottom: 16 }}
          data-testid="job-last-error"
        />
      )}

      <Card size="small" style={{ marginBottom: 16 }}>
        <JobProgress job={j} />
        <Typography.Text type="secondary" data-testid="job-progress-summary">
          {t('detail.processed', { summary: progressSummary(j) })}
        </Typography.Text>
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={12} md={6}>
            <Statistic title={t('detail.rate')} value={j.status === 'RUNNING' ? formatRate(j.ratePerSecond) : '—'} data-testid="job-rate" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('detail.timeLeft')} value={formatEta(j)} data-testid="job-eta" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('detail.elapsed')} value={elapsed == null ? '—' : formatDuration(elapsed)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('detail.audience')} value={formatCount(j.audienceSize)} data-testid="job-audience" />
          </Col>
        </Row>
      </Card>

      <Card title={t('detail.counters')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[16, 16]}>
          {(
            [
              ['processed', j.processed, 'job-processed'],
              ['issued', j.issued, 'job-issued'],
              ['skipped', j.skipped, 'job-skipped'],
              ['failed', j.failed, 'job-failed'],
              ['notified', j.notified, 'job-notified'],
            ] as const
          ).map(([counter, n, testId]) => (
            <Col xs={12} md={4} key={testId}>
              <Statistic
                title={t(`detail.counter.${counter}`)}
                value={formatCount(n)}
                styles={counter === 'failed' && n > 0 ? { content: { color: '#cf1322' } } : undefined}
                data-testid={testId}
              />
            </Col>
          ))}
        </Row>
      </Card>

      <Card title={t('detail.details')} size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('detail.id')}>{j.id}</Descriptions.Item>
          <Descriptions.Item label={t('detail.coupon')}>
            <Link to={`/coupons/${encodeURIComponent(j.coupon.id)}`} data-testid="job-coupon">
              {j.coupon.name}
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('detail.createdBy')}>{j.createdBy}</Descriptions.Item>
          <Descriptions.Item label={t('detail.created')}>{formatDateTime(j.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('detail.started')}>{formatDateTime(j.startedAt) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('detail.finished')}>{formatDateTime(j.finishedAt) || '—'}</Descriptions.Item>
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
