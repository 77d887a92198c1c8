import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { errorMessage } from '../../errors';
import type { MigrationDiffsQuery, MigrationTaskFieldsFragment } from '../../gql/graphql';
import { formatDateTime } from '../../i18n/format';
import { DIFF_KIND_COLORS, diffKindLabel, diffSideText, formatCount, taskStatusLabel } from '../format';
import { useMigrationDiffs } from '../hooks';

type Row = NonNullable<MigrationDiffsQuery['migration']['lastVerify']>['diffs']['edges'][number]['node'];

const dash = <Typography.Text type="secondary">—</Typography.Text>;
/** one side as the verify compared it; long texts wrap */
const side = (s: string) => (
  <div style={{ maxWidth: 380, whiteSpace: 'normal', wordBreak: 'break-word' }}>
    {s.trim() ? (
      <Typography.Text style={{ fontSize: 12, fontFamily: 'monospace' }} data-i18n-data>
        {s}
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary">{diffSideText(s)}</Typography.Text>
    )}
  </div>
);

const columnsOf = (t: TFunction<'migration'>): ColumnsType<Row> => [
  {
    title: t('diffs.columns.kind'),
    dataIndex: 'kind',
    render: (k: Row['kind']) => (
      <Tag color={DIFF_KIND_COLORS[k]} data-testid="migration-diff-kind">
        {diffKindLabel(k)}
      </Tag>
    ),
  },
  { title: t('diffs.columns.user'), dataIndex: 'userId', render: (u: string | null) => u ?? dash },
  { title: t('diffs.columns.coupon'), dataIndex: 'couponId' },
  { title: t('diffs.columns.legacyId'), dataIndex: 'legacyId', render: (v: string | null) => v ?? dash },
  { title: t('diffs.columns.coupondId'), dataIndex: 'userCouponId', render: (v: string | null) => v ?? dash },
  { title: t('diffs.columns.legacy'), dataIndex: 'legacy', render: side },
  { title: t('diffs.columns.coupond'), dataIndex: 'coupond', render: side },
  {
    title: t('diffs.columns.repaired'),
    dataIndex: 'repaired',
    render: (r: boolean) => (r ? <Tag color="green">{t('diffs.repaired')}</Tag> : <Tag>{t('diffs.notYet')}</Tag>),
  },
];

/** The differences the last finished verify found (the server keeps at most 10,000), with "Load more". */
export function MigrationDiffsTable({ verify }: { verify: MigrationTaskFieldsFragment | null | undefined }) {
  const { t } = useTranslation(['migration', 'common']);
  const diffs = useMigrationDiffs(verify?.id ?? null);
  const rows = diffs.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];

  return (
    <Card
      size="small"
      title={t('diffs.title')}
      extra={
        verify ? (
          <Typography.Text type="secondary" data-testid="migration-verify-summary">
            {t('diffs.summary', {
              id: verify.id,
              status: taskStatusLabel(verify.status),
              time: formatDateTime(verify.finishedAt ?? verify.updatedAt),
              users: formatCount(verify.users),
              count: verify.differences,
              n: formatCount(verify.differences),
            })}
          </Typography.Text>
        ) : undefined
      }
      data-testid="migration-diffs"
    >
      {!verify ? (
        <Typography.Text type="secondary" data-testid="migration-no-verify">
          {t('diffs.noVerify')}
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
                  {t('common:actions.retry')}
                </Button>
              }
            />
          )}
          <Table<Row>
            rowKey="id"
            columns={columnsOf(t)}
            dataSource={rows}
            loading={diffs.isPending && !diffs.isError}
            pagination={false}
            size="small"
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: diffs.isError
                ? t('diffs.loadError')
                : verify.differences === 0
                  ? t('diffs.noneFound')
                  : t('diffs.noneListed'),
            }}
            data-testid="migration-diffs-table"
            footer={() => (
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text type="secondary" data-testid="migration-diffs-total">
                  {t('diffs.showing', { shown: formatCount(rows.length), total: formatCount(verify.differences) })}
                  {verify.differences > 10_000 ? t('diffs.capped', { max: formatCount(10_000) }) : ''}
                </Typography.Text>
                {diffs.hasNextPage && (
                  <Button onClick={() => diffs.fetchNextPage()} loading={diffs.isFetchingNextPage} data-testid="migration-diffs-more">
                    {t('diffs.more')}
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
