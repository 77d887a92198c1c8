import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatTime } from '../../coupons/format';
import { errorMessage } from '../../errors';
import type { MigrationDiffsQuery, MigrationTaskFieldsFragment } from '../../gql/graphql';
import { formatCount } from '../../issuance/format';
import { DIFF_KIND_COLORS, DIFF_KIND_LABELS, diffSideText } from '../format';
import { useMigrationDiffs } from '../hooks';

type Row = NonNullable<MigrationDiffsQuery['migration']['lastVerify']>['diffs']['edges'][number]['node'];

const dash = <Typography.Text type="secondary">—</Typography.Text>;
/** one side as the verify compared it; long texts wrap */
const side = (s: string) => (
  <div style={{ maxWidth: 380, whiteSpace: 'normal', wordBreak: 'break-word' }}>
    {s.trim() ? (
      <Typography.Text style={{ fontSize: 12, fontFamily: 'monospace' }}>{s}</Typography.Text>
    ) : (
      <Typography.Text type="secondary">{diffSideText(s)}</Typography.Text>
    )}
  </div>
);

const columns: ColumnsType<Row> = [
  {
    title: 'Kind',
    dataIndex: 'kind',
    render: (k: Row['kind']) => (
      <Tag color={DIFF_KIND_COLORS[k]} data-testid="migration-diff-kind">
        {DIFF_KIND_LABELS[k]}
      </Tag>
    ),
  },
  { title: 'User', dataIndex: 'userId', render: (u: string | null) => u ?? dash },
  { title: 'Coupon', dataIndex: 'couponId' },
  { title: 'Monolith row id', dataIndex: 'legacyId', render: (v: string | null) => v ?? dash },
  { title: 'coupond id', dataIndex: 'userCouponId', render: (v: string | null) => v ?? dash },
  { title: 'Monolith side', dataIndex: 'legacy', render: side },
  { title: 'coupond side', dataIndex: 'coupond', render: side },
  {
    title: 'Repaired',
    dataIndex: 'repaired',
    render: (r: boolean) => (r ? <Tag color="green">Repaired</Tag> : <Tag>Not yet</Tag>),
  },
];

/** The differences the last finished verify found (the server keeps at most 10,000), with "Load more". */
export function MigrationDiffsTable({ verify }: { verify: MigrationTaskFieldsFragment | null | undefined }) {
  const diffs = useMigrationDiffs(verify?.id ?? null);
  const rows = diffs.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];

  return (
    <Card
      size="small"
      title="Differences found by the last verify"
      extra={
        verify ? (
          <Typography.Text type="secondary" data-testid="migration-verify-summary">
            Task {verify.id}, {verify.status}, {formatTime(verify.finishedAt ?? verify.updatedAt)}: {formatCount(verify.users)} users,{' '}
            {formatCount(verify.differences)} {verify.differences === 1 ? 'difference' : 'differences'}
          </Typography.Text>
        ) : undefined
      }
      data-testid="migration-diffs"
    >
      {!verify ? (
        <Typography.Text type="secondary" data-testid="migration-no-verify">
          No verify has finished yet.
        </Typography.Text>
      ) : (
        <>
          {diffs.isError && (
            <Alert
              type="error"
              showIcon
              title={errorMessage(diffs.error)}
              style={{ marginBottom: 12 }}
              action={
                <Button size="small" onClick={() => diffs.refetch()}>
                  Retry
                </Button>
              }
            />
          )}
          <Table<Row>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={diffs.isPending && !diffs.isError}
            pagination={false}
            size="small"
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: diffs.isError
                ? 'Could not load the differences.'
                : verify.differences === 0
                  ? 'The last verify found no differences.'
                  : 'No differences listed.',
            }}
            data-testid="migration-diffs-table"
            footer={() => (
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text type="secondary" data-testid="migration-diffs-total">
                  {`Showing ${formatCount(rows.length)} of ${formatCount(verify.differences)}`}
                  {verify.differences > 10_000 ? ' (at most 10,000 are kept)' : ''}
                </Typography.Text>
                {diffs.hasNextPage && (
                  <Button onClick={() => diffs.fetchNextPage()} loading={diffs.isFetchingNextPage} data-testid="migration-diffs-more">
                    Load more
                  </Button>
                )}
              </Space>
            )}
          />
        </>
      )}
    </Card>
  );
}
