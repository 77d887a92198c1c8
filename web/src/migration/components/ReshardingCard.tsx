import { Alert, Card, Descriptions, Progress, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors';
import type { ReshardingQuery } from '../../gql/graphql';
import { formatDateTime } from '../../i18n/format';
import { formatCount } from '../format';
import { useResharding } from '../hooks';

type Resharding = ReshardingQuery['resharding'];

const PHASE_COLORS: Record<Resharding['phase'], string> = { OPEN: 'default', FROZEN: 'orange', SWITCHED: 'green' };

/** Percent of a table's ids the copy has passed (an empty table has nothing to copy: 100). */
export function copiedPercent(t: Pick<Resharding['tables'][number], 'copiedThrough' | 'lastId'>): number {
  if (t.lastId === 0) return 100;
  return Math.min(100, Math.floor((t.copiedThrough / t.lastId) * 100));
}

/**
 * The user shards' layout in use and, when the answering instance was given
 * a layout to move to, each table's copy and catch-up; the instances with
 * their layout and whether their writes are frozen. The steps themselves
 * run from the command line (`coupond reshard`).
 */
export function ReshardingCard() {
  const { t } = useTranslation('migration');
  const q = useResharding();
  if (q.isPending) return null;
  if (q.isError && !q.data) {
    return (
      <Card size="small" title={t('resharding.title')} style={{ marginTop: 16 }} data-testid="resharding">
        <Alert type="warning" showIcon title={t('resharding.readError', { error: errorMessage(q.error) })} data-testid="resharding-error" />
      </Card>
    );
  }
  const r = q.data;
  return (
    <Card size="small" title={t('resharding.titleFull')} style={{ marginTop: 16 }} data-testid="resharding">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('resharding.layoutInUse')}>
          <span data-testid="resharding-layout">
            {t('resharding.layout', { layout: r.layout })}
            {r.generation > 0 ? t('resharding.generation', { n: r.generation }) : ''}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('resharding.phase')}>
          <Tag color={PHASE_COLORS[r.phase]} data-testid="resharding-phase">
            {PHASE_COLORS[r.phase] ? t(`resharding.phases.${r.phase}`) : r.phase}
          </Tag>
          {r.changedAt && (
            <Typography.Text type="secondary" data-i18n-data>
              {t('resharding.since', { time: formatDateTime(r.changedAt), by: r.changedBy })}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('resharding.newLayout')}>
          <span data-testid="resharding-target">{r.target ?? t('resharding.noTarget')}</span>
        </Descriptions.Item>
      </Descriptions>
      {r.phase === 'FROZEN' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('resharding.frozen')}
          data-testid="resharding-frozen"
        />
      )}
      {r.note && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} title={<span data-i18n-data>{t('resharding.calledOff', { note: r.note })}</span>} data-testid="resharding-note" />
      )}
      {r.tables.length > 0 && (
        <Table
          size="small"
          rowKey="table"
          pagination={false}
          dataSource={r.tables}
          style={{ marginBottom: 8 }}
          data-testid="resharding-tables"
          columns={[
            { title: t('resharding.columns.table'), dataIndex: 'table', render: (n: string) => <span data-i18n-data>{n}</span> },
            {
              title: t('resharding.columns.copied'),
              render: (_, tb) => (
                <span>
                  <Progress percent={copiedPercent(tb)} size="small" style={{ width: 120, marginRight: 8 }} />
                  {t('resharding.copiedRows', { count: tb.copied, n: formatCount(tb.copied), through: tb.copiedThrough, last: tb.lastId })}
                </span>
              ),
            },
            {
              title: t('resharding.columns.caughtUp'),
              render: (_, tb) => (
                <span data-testid="resharding-behind">
                  {tb.lastEvent - tb.caughtUpThrough > 0
                    ? t('resharding.behind', { count: tb.lastEvent - tb.caughtUpThrough, n: formatCount(tb.lastEvent - tb.caughtUpThrough) })
                    : t('resharding.upToDate')}
                </span>
              ),
            },
          ]}
        />
      )}
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={r.instances}
        data-testid="resharding-instances"
        locale={{ emptyText: t('resharding.noInstances') }}
        columns={[
          { title: t('resharding.columns.instance'), dataIndex: 'name', render: (n: string) => <span data-i18n-data>{n}</span> },
          {
            title: t('resharding.columns.layout'),
            render: (_, i) => (i.generation > 0 ? t('resharding.instanceGeneration', { layout: i.layout, n: i.generation }) : i.layout),
          },
          {
            title: t('resharding.columns.writes'),
            render: (_, i) =>
              i.stale ? (
                <Tag color="red">{t('resharding.stale')}</Tag>
              ) : i.frozen ? (
                <Tag color="orange">{t('resharding.frozenTag')}</Tag>
              ) : (
                <Tag color="green">{t('resharding.open')}</Tag>
              ),
          },
          { title: t('resharding.columns.seen'), render: (_, i) => formatDateTime(i.seenAt) },
        ]}
      />
    </Card>
  );
}
