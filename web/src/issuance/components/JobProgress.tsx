import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProgressProps } from 'antd';
import { progressPercent, progressSummary, type ProgressLike } from '../format';

/** processed / audienceSize as a bar; data-percent carries the number for tests. */
export function JobProgress({ job, size, testId = 'job-progress' }: { job: ProgressLike; size?: ProgressProps['size']; testId?: string }) {
  useTranslation('issuance'); // progressSummary's numbers follow the language
  const pct = progressPercent(job);
  const status: ProgressProps['status'] =
    job.status === 'COMPLETED'
      ? 'success'
      : job.status === 'FAILED'
        ? 'exception'
        : job.status === 'RUNNING'
          ? 'active'
          : 'normal';
  return (
    <div data-testid={testId} data-percent={pct ?? ''} style={{ minWidth: 160 }}>
      <Progress
        percent={pct ?? 0}
        status={status}
        size={size}
        format={(p) => (pct == null ? progressSummary(job) : `${p}%`)}
      />
    </div>
  );
}
