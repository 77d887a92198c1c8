import { Alert, Card, Col, Descriptions, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { ProgressProps } from 'antd';
import { formatTime } from '../../coupons/format';
import type { MigrationTaskFieldsFragment } from '../../gql/graphql';
import { elapsedSeconds, formatCount, formatDuration } from '../../issuance/format';
import {
  TASK_KIND_LABELS,
  TASK_STATUS_COLORS,
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
  if (!task) {
    return (
      <Card size="small" title="Task" style={{ marginBottom: 16 }} data-testid="migration-task">
        <Typography.Text type="secondary" data-testid="migration-no-task">
          No task has run yet.
        </Typography.Text>
      </Card>
    );
  }
  const t = task;
  const pct = taskPercent(t);
  const running = t.status === 'RUNNING';
  const elapsed = elapsedSeconds(t.startedAt, t.finishedAt ?? (running ? null : t.updatedAt), now);
  const figures: [string, string, string][] = [
    ['Done', doneOfTotal(t.done, t.total), 'migration-task-done'],
    ['Written', formatCount(t.written), 'migration-task-written'],
  ];
  if (t.kind === 'VERIFY') {
    figures.push(['Users', formatCount(t.users), 'migration-task-users']);
    figures.push(['Differences', formatCount(t.differences), 'migration-task-differences']);
  }
  figures.push(['Rate', formatTaskRate(t), 'migration-task-rate']);
  if (running) figures.push(['Time left', formatTaskEta(t), 'migration-task-eta']);
  figures.push(['Elapsed', elapsed == null ? '—' : formatDuration(elapsed), 'migration-task-elapsed']);

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Space>
          <span data-testid="migration-task-title">
            {running ? 'Running task' : 'Last task'} {t.id}: <span data-testid="migration-task-kind">{TASK_KIND_LABELS[t.kind]}</span>
          </span>
          <Tag color={TASK_STATUS_COLORS[t.status]} data-testid="migration-task-status">
            {t.status}
          </Tag>
        </Space>
      }
      extra={running ? <Typography.Text type="secondary">Refreshed every second</Typography.Text> : undefined}
      data-testid="migration-task"
      data-task-id={t.id}
      data-status={t.status}
    >
      {t.error && (
        <Alert
          type={t.status === 'FAILED' ? 'error' : 'warning'}
          showIcon
          title={t.status === 'FAILED' ? 'The task failed' : 'Error'}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{t.error}</span>}
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
        <Descriptions.Item label="Started by">{t.startedBy}</Descriptions.Item>
        <Descriptions.Item label="Started">{formatTime(t.startedAt)}</Descriptions.Item>
        <Descriptions.Item label="Finished">{formatTime(t.finishedAt) || '—'}</Descriptions.Item>
        <Descriptions.Item label="In mode">{t.mode}</Descriptions.Item>
        {t.kind === 'COPY' && <Descriptions.Item label="Throttle">{formatRowsPerSecondLimit(t.rowsPerSecond)}</Descriptions.Item>}
        <Descriptions.Item label="Last report">{formatTime(t.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
