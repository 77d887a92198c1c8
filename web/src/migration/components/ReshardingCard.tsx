import { Alert, Card, Descriptions, Progress, Table, Tag, Typography } from 'antd';
import { formatTime } from '../../coupons/format';
import { errorMessage } from '../../errors';
import type { ReshardingQuery } from '../../gql/graphql';
import { formatCount } from '../../issuance/format';
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
  const q = useResharding();
  if (q.isPending) return null;
  if (q.isError && !q.data) {
    return (
      <Card size="small" title="Resharding" style={{ marginTop: 16 }} data-testid="resharding">
        <Alert type="warning" showIcon title={`The resharding could not be read: ${errorMessage(q.error)}`} data-testid="resharding-error" />
      </Card>
    );
  }
  const r = q.data;
  return (
    <Card size="small" title="Resharding of the user shards" style={{ marginTop: 16 }} data-testid="resharding">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="Layout in use">
          <span data-testid="resharding-layout">
            {r.layout} (databases × tables){r.generation > 0 ? `, generation ${r.generation}` : ''}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="Phase">
          <Tag color={PHASE_COLORS[r.phase]} data-testid="resharding-phase">
            {r.phase}
          </Tag>
          {r.changedAt && (
            <Typography.Text type="secondary">
              since {formatTime(r.changedAt)} by {r.changedBy}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="New layout">
          <span data-testid="resharding-target">{r.target ?? 'none given to this instance (COUPOND_RESHARD_*)'}</span>
        </Descriptions.Item>
      </Descriptions>
      {r.phase === 'FROZEN' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title="A cut-over runs: writes to the user shards answer UNAVAILABLE until it ends (seconds); reads go on."
          data-testid="resharding-frozen"
        />
      )}
      {r.note && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} title={`The last cut-over was called off: ${r.note}`} data-testid="resharding-note" />
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
            { title: 'Table', dataIndex: 'table' },
            {
              title: 'Copied',
              render: (_, t) => (
                <span>
                  <Progress percent={copiedPercent(t)} size="small" style={{ width: 120, marginRight: 8 }} />
                  {formatCount(t.copied)} rows, through id {t.copiedThrough} of {t.lastId}
                </span>
              ),
            },
            {
              title: 'Caught up',
              render: (_, t) => (
                <span data-testid="resharding-behind">
                  {t.lastEvent - t.caughtUpThrough > 0 ? `${formatCount(t.lastEvent - t.caughtUpThrough)} changes behind` : 'up to date'}
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
        locale={{ emptyText: 'No instance reported in the last minute.' }}
        columns={[
          { title: 'Instance', dataIndex: 'name' },
          { title: 'Layout', render: (_, i) => `${i.layout}${i.generation > 0 ? ` (generation ${i.generation})` : ''}` },
          {
            title: 'Writes',
            render: (_, i) =>
              i.stale ? (
                <Tag color="red">stale: restart it on the layout in use</Tag>
              ) : i.frozen ? (
                <Tag color="orange">frozen</Tag>
              ) : (
                <Tag color="green">open</Tag>
              ),
          },
          { title: 'Seen', render: (_, i) => formatTime(i.seenAt) },
        ]}
      />
    </Card>
  );
}
