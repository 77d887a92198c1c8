import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../../gql/graphql';
import { JOB_STATUS_COLORS } from '../format';

export function JobStatusTag({ status }: { status: JobStatus }) {
  const { t } = useTranslation('issuance');
  return (
    <Tag color={JOB_STATUS_COLORS[status]} data-testid="job-status" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
