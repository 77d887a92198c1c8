import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useHasRole } from '../../auth/useAuth';
import type { Channel, CouponStatus, JobStatus } from '../../gql/graphql';
import { JobsTable } from './JobsTable';

export interface CouponJobsCardProps {
  coupon: { id: string; status: CouponStatus; channels: readonly Channel[] };
}

/** On the coupon detail page: this coupon's issuance jobs (issuanceJobs(couponId:)) and "New issuance job". */
export function CouponJobsCard({ coupon }: CouponJobsCardProps) {
  const { t } = useTranslation('issuance');
  const navigate = useNavigate();
  // issuanceJobs is for OPERATOR and ANALYST; createIssuanceJob for OPERATOR (ADMIN has every role)
  const canRead = useHasRole('OPERATOR', 'ANALYST');
  const canCreate = useHasRole('OPERATOR');
  const [status, setStatus] = useState<JobStatus[]>([]);
  if (!canRead) return null;
  const issuable = coupon.status === 'ACTIVE' && coupon.channels.includes('TARGETED');

  return (
    <Card
      title={t('couponCard.title')}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="coupon-jobs"
      extra={
        canCreate && (
          <Tooltip title={issuable ? undefined : t('couponCard.notIssuable')}>
            <Button
              size="small"
              disabled={!issuable}
              onClick={() => navigate(`/jobs/new?couponId=${encodeURIComponent(coupon.id)}`)}
              data-testid="coupon-new-job"
            >
              {t('couponCard.newJob')}
            </Button>
          </Tooltip>
        )
      }
    >
      <JobsTable couponId={coupon.id} status={status} onStatusChange={setStatus} size="small" />
    </Card>
  );
}
