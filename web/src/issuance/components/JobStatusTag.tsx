import { Tag } from 'antd';
import type { JobStatus } from '../../gql/graphql';
import { JOB_STATUS_COLORS } from '../format';

export function JobStatusTag({ status }: { status: JobStatus }) {
  return (
    <Tag color={JOB_STATUS_COLORS[status]} data-testid="job-status">
      {status}
    </Tag>
  );
}
