import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import { formatTime } from '../../coupons/format';
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
  const q = useReplication();
  if (q.isPending) return null;
  if (q.isError && !q.data) {
    return (
      <Card size="small" title="Read replicas" data-testid="replication">
        <Alert type="warning" showIcon title={`The replicas could not be read: ${errorMessage(q.error)}`} data-testid="replication-error" />
      </Card>
    );
  }
  const r = q.data;
  return (
    <Card size="small" title="Read replicas" data-testid="replication">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="Lag bound">
          <span data-testid="replication-bound">
            {formatLag(r.maxLagSeconds)} (COUPOND_MAX_REPLICA_LAG): a replica further behind serves no reads
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="After a change">
          <span>a caller reads the primary for {formatLag(r.pinSeconds)}, so it always sees its own writes</span>
        </Descriptions.Item>
      </Descriptions>
      {r.degraded && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={`Degraded: ${r.degraded}. Every read still works, on the primary.`}
          data-testid="replication-degraded"
        />
      )}
      {r.replicas.length === 0 ? (
        <Typography.Text type="secondary" data-testid="replication-none">
          No database has read replicas: every read goes to the primary (configure them as primary|replica in COUPOND_META_DSN
          and COUPOND_SHARD_DSNS).
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
            { title: 'Database', dataIndex: 'database' },
            { title: 'Replica', dataIndex: 'address', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
            {
              title: 'Reads',
              render: (_, x) =>
                x.usable ? <Tag color="green">in rotation</Tag> : <Tag color="red">out: reads go to the primary</Tag>,
            },
            {
              title: 'Behind by',
              render: (_, x) => (x.problem && !x.usable && x.lagSeconds === 0 ? '—' : formatLag(x.lagSeconds)),
            },
            { title: 'Problem', render: (_, x) => x.problem ?? '', responsive: ['md'] },
            { title: 'Checked', render: (_, x) => (x.checkedAt ? formatTime(x.checkedAt) : 'not yet') },
          ]}
        />
      )}
    </Card>
  );
}
