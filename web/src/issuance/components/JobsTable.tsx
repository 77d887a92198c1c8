import { Link } from 'react-router';
import { Alert, Button, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { errorMessage } from '../../errors';
import type { IssuanceJobFieldsFragment, JobStatus } from '../../gql/graphql';
import { formatTime } from '../../coupons/format';
import { JOB_STATUSES, formatCount, formatRate, progressSummary } from '../format';
import { useIssuanceJobs } from '../hooks';
import { JobProgress } from './JobProgress';
import { JobStatusTag } from './JobStatusTag';

type Row = IssuanceJobFieldsFragment;

const secondary = (s: string) => <Typography.Text type="secondary">{s}</Typography.Text>;

function columns(showCoupon: boolean): ColumnsType<Row> {
  return [
    {
      title: 'Name',
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
            title: 'Coupon',
            key: 'coupon',
            render: (_: unknown, r: Row) => <Link to={`/coupons/${encodeURIComponent(r.coupon.id)}`}>{r.coupon.name}</Link>,
          },
        ]
      : []),
    { title: 'Status', dataIndex: 'status', render: (s: JobStatus) => <JobStatusTag status={s} /> },
    {
      title: 'Progress',
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
    { title: 'Issued', dataIndex: 'issued', align: 'right', render: (n: number) => <span data-testid="job-row-issued">{formatCount(n)}</span> },
    { title: 'Skipped', dataIndex: 'skipped', align: 'right', render: formatCount },
    { title: 'Failed', dataIndex: 'failed', align: 'right', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{formatCount(n)}</Typography.Text> : formatCount(n)) },
    { title: 'Notified', dataIndex: 'notified', align: 'right', render: formatCount },
    {
      title: 'Rate',
      key: 'rate',
      align: 'right',
      render: (_, r) => (r.status === 'RUNNING' ? formatRate(r.ratePerSecond) : secondary('—')),
    },
    {
      title: 'Created',
      key: 'created',
      render: (_, r) => (
        <>
          <div>{formatTime(r.createdAt)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            by {r.createdBy}
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
  const jobs = useIssuanceJobs({ couponId, status });
  const rows = jobs.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];
  const total = jobs.data?.pages[0]?.totalCount;

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<JobStatus[]>
          mode="multiple"
          allowClear
          placeholder="Any status"
          style={{ minWidth: 260 }}
          value={status}
          options={JOB_STATUSES.map((s) => ({ value: s, label: s }))}
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
              Retry
            </Button>
          }
          data-testid="jobs-error"
        />
      )}
      <Table<Row>
        rowKey="id"
        columns={columns(!couponId)}
        dataSource={rows}
        loading={(jobs.isPending && !jobs.isError) || jobs.isPlaceholderData}
        pagination={false}
        size={size}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: jobs.isError
            ? 'Could not load the jobs.'
            : status.length
              ? 'No jobs with these statuses.'
              : couponId
                ? 'No issuance jobs for this coupon yet.'
                : 'No issuance jobs yet.',
        }}
        data-testid="jobs-table"
        footer={() => (
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary" data-testid="jobs-total">
              {total != null ? `Showing ${rows.length} of ${total}` : ''}
            </Typography.Text>
            {jobs.hasNextPage && (
              <Button onClick={() => jobs.fetchNextPage()} loading={jobs.isFetchingNextPage} data-testid="jobs-more">
                Load more
              </Button>
            )}
          </Space>
        )}
      />
    </>
  );
}
