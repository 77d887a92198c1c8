import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { errorMessage } from '../../errors';
import type { ReplicationQuery } from '../../gql/graphql';
import { formatLag } from '../format';
import { useReplication } from '../hooks';

type Replica = ReplicationQuery['replication']['replicas'][number];

/**
 * The read replicas of the meta database and of each user shard, as the
 * answering instance measures them: usable or not, how far behind, and why
 * one left the read rotation. Browsing and statistics read a usable
 * replica; everything that authenticates or decides reads the primary.
 */
export function ReplicationCard() {
  const { t } = useTranslation('system');
  const q = useReplication();
  if (q.isPending) return null;
  if (q.isError && !q.data) {
    return (
      <Card size="small" title={t('replication.title')} data-testid="replication">
        <Alert type="warning" showIcon title={t('replication.error', { message: errorMessage(q.error) })} data-testid="replication-error" />
      </Card>
    );
  }
  const r = q.data;
  return (
    <Card size="small" title={t('replication.title')} data-testid="replication">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('replication.lagBound')}>
          <span data-testid="replication-bound">
            {t('replication.lagBoundText', { lag: formatLag(r.maxLagSeconds), setting: 'COUPOND_MAX_REPLICA_LAG' })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('replication.afterChange')}>
          <span>{t('replication.afterChangeText', { lag: formatLag(r.pinSeconds) })}</span>
        </Descriptions.Item>
      </Descriptions>
      {r.degraded && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('replication.degraded', { reason: r.degraded })}
          data-testid="replication-degraded"
        />
      )}
      {r.replicas.length === 0 ? (
        <Typography.Text type="secondary" data-testid="replication-none">
          {t('replication.none', { meta: 'COUPOND_META_DSN', shards: 'COUPOND_SHARD_DSNS' })}
        </Typography.Text>
      ) : (
        <Table<Replica>
          size="small"
          rowKey={(x) => `${x.database} ${x.address}`}
          pagination={false}
          dataSource={r.replicas}
          data-testid="replication-replicas"
          scroll={{ x: true }}
          columns={[
            { title: t('replication.database'), dataIndex: 'database', render: (d: string) => <span data-i18n-data="">{d}</span> },
            { title: t('replication.replica'), dataIndex: 'address', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
            {
              title: t('replication.reads'),
              render: (_, x) =>
                x.usable ? <Tag color="green">{t('replication.inRotation')}</Tag> : <Tag color="red">{t('replication.out')}</Tag>,
            },
            {
              title: t('replication.behindBy'),
              render: (_, x) => (x.problem && !x.usable && x.lagSeconds === 0 ? '—' : formatLag(x.lagSeconds)),
            },
            { title: t('replication.problem'), render: (_, x) => <span data-i18n-data="">{x.problem ?? ''}</span>, responsive: ['md'] },
            { title: t('replication.checked'), render: (_, x) => (x.checkedAt ? formatDateTime(x.checkedAt, { seconds: true }) : t('replication.notYet')) },
          ]}
        />
      )}
    </Card>
  );
}
