import { Alert, Card, Col, Descriptions, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { ProgressProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MigrationTaskFieldsFragment } from '../../gql/graphql';
import { formatDateTime } from '../../i18n/format';
import {
  TASK_STATUS_COLORS,
  elapsedSeconds,
  formatCount,
  formatDuration,
  modeName,
  taskKindLabel,
  taskStatusLabel,
  doneOfTotal,
  formatRowsPerSecondLimit,
  formatTaskEta,
  formatTaskRate,
  taskPercent,
  taskSummaryLines,
} from '../format';

const PROGRESS_STATUS: Record<MigrationTaskFieldsFragment['status'], ProgressProps['status']> = {
  RUNNING: 'active',
  DONE: 'success',
  FAILED: 'exception',
  CANCELLED: 'normal',
};

/** The running task, or the last one: kind, status, progress, rate, its figures and its error. */
export function MigrationTaskCard({ task, now = Date.now() }: { task: MigrationTaskFieldsFragment | null | undefined; now?: number }) {
  const { t: tr } = useTranslation('migration');
  if (!task) {
    return (
      <Card size="small" title={tr('task.title')} style={{ marginBottom: 16 }} data-testid="migration-task">
        <Typography.Text type="secondary" data-testid="migration-no-task">
          {tr('task.none')}
        </Typography.Text>
      </Card>
    );
  }
  const t = task;
  const pct = taskPercent(t);
  const running = t.status === 'RUNNING';
  const elapsed = elapsedSeconds(t.startedAt, t.finishedAt ?? (running ? null : t.updatedAt), now);
  const figures: [string, string, string][] = [
    [tr('task.done'), doneOfTotal(t.done, t.total), 'migration-task-done'],
    [tr('task.written'), formatCount(t.written), 'migration-task-written'],
  ];
  if (t.kind === 'VERIFY') {
    figures.push([tr('task.users'), formatCount(t.users), 'migration-task-users']);
    figures.push([tr('task.differences'), formatCount(t.differences), 'migration-task-differences']);
  }
  figures.push([tr('task.rate'), formatTaskRate(t), 'migration-task-rate']);
  if (running) figures.push([tr('task.timeLeft'), formatTaskEta(t), 'migration-task-eta']);
  figures.push([tr('task.elapsed'), elapsed == null ? '—' : formatDuration(elapsed), 'migration-task-elapsed']);

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Space>
          <span data-testid="migration-task-title">
            {running ? tr('task.running') : tr('task.last')} {t.id}: <span data-testid="migration-task-kind">{taskKindLabel(t.kind)}</span>
          </span>
          <Tag color={TASK_STATUS_COLORS[t.status]} data-testid="migration-task-status">
            {taskStatusLabel(t.status)}
          </Tag>
        </Space>
      }
      extra={running ? <Typography.Text type="secondary">{tr('task.refreshed')}</Typography.Text> : undefined}
      data-testid="migration-task"
      data-task-id={t.id}
      data-status={t.status}
    >
      {t.error && (
        <Alert
          type={t.status === 'FAILED' ? 'error' : 'warning'}
          showIcon
          title={t.status === 'FAILED' ? tr('task.failed') : tr('task.error')}
          description={
            <span style={{ whiteSpace: 'pre-wrap' }} data-i18n-data>
              {t.error}
            </span>
          }
          style={{ marginBottom: 16 }}
          data-testid="migration-task-error"
        />
      )}
      {t.total > 0 && (
        <div data-testid="migration-task-progress" data-percent={pct ?? ''}>
          <Progress percent={pct ?? 0} status={PROGRESS_STATUS[t.status]} />
        </div>
      )}
      <ul style={{ margin: '8px 0 0', paddingLeft: 20 }} data-testid="migration-task-summary">
        {taskSummaryLines(t).map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {figures.map(([title, value, testId]) => (
          <Col xs={12} md={6} xl={3} key={testId}>
            <Statistic
              title={title}
              value={value}
              styles={testId === 'migration-task-differences' && t.differences > 0 ? { content: { color: '#cf1322' } } : undefined}
              data-testid={testId}
            />
          </Col>
        ))}
      </Row>
      <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" style={{ marginTop: 16 }}>
        <Descriptions.Item label={tr('task.startedBy')}>
          <span data-i18n-data>{t.startedBy}</span>
        </Descriptions.Item>
        <Descriptions.Item label={tr('task.started')}>{formatDateTime(t.startedAt)}</Descriptions.Item>
        <Descriptions.Item label={tr('task.finished')}>{formatDateTime(t.finishedAt) || '—'}</Descriptions.Item>
        <Descriptions.Item label={tr('task.inMode')}>{modeName(t.mode)}</Descriptions.Item>
        {t.kind === 'COPY' && (
          <Descriptions.Item label={tr('task.throttle')}>{formatRowsPerSecondLimit(t.rowsPerSecond)}</Descriptions.Item>
        )}
        <Descriptions.Item label={tr('task.lastReport')}>{formatDateTime(t.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
