import { useState } from 'react';
import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { errorMessage } from '../../errors';
import type { AuditLogQuery } from '../../gql/graphql';
import { formatTime, prettyJSON } from '../format';
import { type AuditFilters, type AuditFilterValues as FilterValues, toAuditFilters as toFilters, useAuditLog } from '../hooks';

type Row = AuditLogQuery['auditLog']['edges'][number]['node'];

/** Every change made through the API (ADMIN): who did what to which entity, and when. */
export default function AuditLogPage() {
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [open, setOpen] = useState<Row | null>(null);
  const log = useAuditLog(filters);
  const rows = log.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];

  const columns: ColumnsType<Row> = [
    { title: 'Time', dataIndex: 'at', width: 200, render: (at: string) => <span title={at}>{formatTime(at)}</span> },
    { title: 'Actor', dataIndex: 'actor', render: (a: string) => <Typography.Text strong>{a}</Typography.Text> },
    { title: 'Action', dataIndex: 'action', render: (a: string) => <Tag>{a}</Tag> },
    {
      title: 'Entity',
      key: 'entity',
      render: (_: unknown, r: Row) =>
        r.entityType ? (
          <span>
            {r.entityType} <Typography.Text code>{r.entityId}</Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        Audit log
      </Typography.Title>
      <Form<FilterValues>
        form={form}
        layout="inline"
        name="audit-filters"
        onFinish={(v) => setFilters(toFilters(v))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="actor" label="Actor">
          <Input allowClear placeholder="admin or key:name" style={{ width: 160 }} data-testid="audit-actor" />
        </Form.Item>
        <Form.Item name="action" label="Action">
          <Input allowClear placeholder="e.g. createCoupon" style={{ width: 160 }} data-testid="audit-action" />
        </Form.Item>
        <Form.Item name="entityType" label="Entity">
          <Input allowClear placeholder="type, e.g. Coupon" style={{ width: 140 }} data-testid="audit-entity-type" />
        </Form.Item>
        <Form.Item name="entityId">
          <Input allowClear placeholder="id" aria-label="Entity id" style={{ width: 120 }} data-testid="audit-entity-id" />
        </Form.Item>
        <Form.Item name="range" label="Time">
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="audit-range" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="audit-filter">
              Filter
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
              data-testid="audit-reset"
            >
              Reset
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {log.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(log.error)}
          style={{ marginBottom: 16 }}
          action={
            <Button size="small" onClick={() => log.refetch()}>
              Retry
            </Button>
          }
          data-testid="audit-error"
        />
      )}
      <Table<Row>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={log.isPending && !log.isError}
        pagination={false}
        size="middle"
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
        locale={{ emptyText: log.isError ? 'Could not load the audit log.' : 'No entries match.' }}
        data-testid="audit-table"
        footer={
          log.hasNextPage
            ? () => (
                <Button onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-more">
                  Load more
                </Button>
              )
            : undefined
        }
      />
      <Drawer
        title={open ? `${open.action} by ${open.actor}` : ''}
        open={open !== null}
        onClose={() => setOpen(null)}
        size="large"
        destroyOnHidden
      >
        {open && (
          <div data-testid="audit-detail">
            <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label="Time">
                {formatTime(open.at)} <Typography.Text type="secondary">({open.at})</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="Actor">{open.actor}</Descriptions.Item>
              <Descriptions.Item label="Action">{open.action}</Descriptions.Item>
              <Descriptions.Item label="Entity">
                {open.entityType ? `${open.entityType} ${open.entityId}` : '—'}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>Detail</Typography.Title>
            <pre
              data-testid="audit-detail-json"
              style={{ background: 'rgba(0,0,0,0.04)', padding: 12, borderRadius: 6, overflow: 'auto', fontSize: 12 }}
            >
              {prettyJSON(open.detail)}
            </pre>
          </div>
        )}
      </Drawer>
    </>
  );
}
