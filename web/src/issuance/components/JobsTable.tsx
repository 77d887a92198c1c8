import { Link } from 'react-router';
import { Alert, Button, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { errorMessage } from '../../errors';
import type { IssuanceJobFieldsFragment, JobStatus } from '../../gql/graphql';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { JOB_STATUSES, formatCount, formatRate, jobStatusLabel, progressSummary } from '../format';
import { useIssuanceJobs } from '../hooks';
import { JobProgress } from './JobProgress';
import { JobStatusTag } from './JobStatusTag';

type Row = IssuanceJobFieldsFragment;

const secondary = (s: string) => <Typography.Text type="secondary">{s}</Typography.Text>;

function columns(t: TFunction<['issuance', 'common']>, showCoupon: boolean): ColumnsType<Row> {
  return [
    {
      title: t('table.name'),
      key: 'name',
      render: (_, r) => (
        <Link to={`/jobs/${encodeURIComponent(r.id)}`} data-testid="job-link">
          {r.name || r.id}
        </Link>
      ),
    },
    ...(showCoupon
      ? [
          {
            title: t('table.coupon'),
            key: 'coupon',
            render: (_: unknown, r: Row) => <Link to={`/coupons/${encodeURIComponent(r.coupon.id)}`}>{r.coupon.name}</Link>,
          },
        ]
      : []),
    { title: t('table.status'), dataIndex: 'status', render: (s: JobStatus) => <JobStatusTag status={s} /> },
    {
      title: t('table.progress'),
      key: 'progress',
      render: (_, r) => (
        <div style={{ width: 180 }}>
          <JobProgress job={r} size="small" testId="job-row-progress" />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {progressSummary(r)}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('table.issued'), dataIndex: 'issued', align: 'right', render: (n: number) => <span data-testid="job-row-issued">{formatCount(n)}</span> },
    { title: t('table.skipped'), dataIndex: 'skipped', align: 'right', render: formatCount },
    { title: t('table.failed'), dataIndex: 'failed', align: 'right', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{formatCount(n)}</Typography.Text> : formatCount(n)) },
    { title: t('table.notified'), dataIndex: 'notified', align: 'right', render: formatCount },
    {
      title: t('table.rate'),
      key: 'rate',
      align: 'right',
      render: (_, r) => (r.status === 'RUNNING' ? formatRate(r.ratePerSecond) : secondary('—')),
    },
    {
      title: t('table.created'),
      key: 'created',
      render: (_, r) => (
        <>
          <div>{formatDateTime(r.createdAt)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('table.by', { user: r.createdBy })}
          </Typography.Text>
        </>
      ),
    },
  ];
}

export interface JobsTableProps {
  /** only this coupon's jobs (the coupon column is then left out) */
  couponId?: string;
  status: JobStatus[];
  onStatusChange: (s: JobStatus[]) => void;
  size?: 'small' | 'middle';
}

/** Issuance jobs, newest first, with a status filter and "Load more"; live while any job runs. */
export function JobsTable({ couponId, status, onStatusChange, size = 'middle' }: JobsTableProps) {
  const { t } = useTranslation(['issuance', 'common']);
  const jobs = useIssuanceJobs({ couponId, status });
  const rows = jobs.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];
  const total = jobs.data?.pages[0]?.totalCount;

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<JobStatus[]>
          mode="multiple"
          allowClear
          placeholder={t('table.anyStatus')}
          style={{ minWidth: 260 }}
          value={status}
          options={JOB_STATUSES.map((s) => ({ value: s, label: jobStatusLabel(s) }))}
          onChange={onStatusChange}
          data-testid="jobs-status-filter"
        />
      </Space>
      {jobs.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(jobs.error)}
          style={{ marginBottom: 12 }}
          action={
            <Button size="small" onClick={() => jobs.refetch()}>
              {t('common:actions.retry')}
            </Button>
          }
          data-testid="jobs-error"
        />
      )}
      <Table<Row>
        rowKey="id"
        columns={columns(t, !couponId)}
        dataSource={rows}
        loading={(jobs.isPending && !jobs.isError) || jobs.isPlaceholderData}
        pagination={false}
        size={size}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: jobs.isError
            ? t('table.loadError')
            : status.length
              ? t('table.emptyFiltered')
              : couponId
                ? t('table.emptyCoupon')
                : t('table.empty'),
        }}
        data-testid="jobs-table"
        footer={() => (
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary" data-testid="jobs-total">
              {total != null ? t('table.showing', { shown: formatNumber(rows.length), total: formatNumber(total) }) : ''}
            </Typography.Text>
            {jobs.hasNextPage && (
              <Button onClick={() => jobs.fetchNextPage()} loading={jobs.isFetchingNextPage} data-testid="jobs-more">
                {t('table.more')}
              </Button>
            )}
          </Space>
        )}
      />
    </>
  );
}
