import { useNavigate, useSearchParams } from 'react-router';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useHasRole } from '../../auth/useAuth';
import type { JobStatus } from '../../gql/graphql';
import { JobsTable } from '../components/JobsTable';
import { jobStatusesFromParam } from '../format';

/** /jobs: every issuance job (?status=RUNNING,PAUSED filters); "New job" for operators. */
export default function JobListPage() {
  const { t } = useTranslation('issuance');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = jobStatusesFromParam(params.get('status'));
  // createIssuanceJob is an OPERATOR field (ADMIN may do anything)
  const canCreate = useHasRole('OPERATOR');

  const setStatus = (s: JobStatus[]) => {
    const next = new URLSearchParams(params);
    if (s.length) next.set('status', s.join(','));
    else next.delete('status');
    setParams(next, { replace: true });
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('list.title')}
        </Typography.Title>
        {canCreate && (
          <Button type="primary" onClick={() => navigate('/jobs/new')} data-testid="new-job">
            {t('list.newJob')}
          </Button>
        )}
      </Space>
      <JobsTable status={status} onStatusChange={setStatus} />
    </>
  );
}
