import { useState } from 'react';
import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../errors';
import type { AuditLogQuery } from '../../gql/graphql';
import { auditActionLabel, auditEntityLabel, formatTime, prettyJSON } from '../format';
import { type AuditFilters, type AuditFilterValues as FilterValues, toAuditFilters as toFilters, useAuditLog } from '../hooks';

type Row = AuditLogQuery['auditLog']['edges'][number]['node'];

/** An action: its readable name with the raw one beside it (what the filter takes); an unknown one as it is. */
function ActionName({ action }: { action: string }) {
  const label = auditActionLabel(action);
  if (!label) return <Tag data-i18n-data>{action}</Tag>;
  return (
    <Space size={4} wrap>
      <Tag>{label}</Tag>
      <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
        {action}
      </Typography.Text>
    </Space>
  );
}

/** An entity kind's readable name; an unknown kind as it is. */
function EntityKind({ type }: { type: string }) {
  const label = auditEntityLabel(type);
  return label ? <span>{label}</span> : <span data-i18n-data>{type}</span>;
}

/** Every change made through the API (ADMIN): who did what to which entity, and when. */
export default function AuditLogPage() {
  const { t } = useTranslation(['admin', 'common']);
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [open, setOpen] = useState<Row | null>(null);
  const log = useAuditLog(filters);
  const rows = log.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];

  const columns: ColumnsType<Row> = [
    {
      title: t('audit.columns.time'),
      dataIndex: 'at',
      width: 200,
      render: (at: string) => (
        <span title={at} data-i18n-data>
          {formatTime(at)}
        </span>
      ),
    },
    {
      title: t('audit.columns.actor'),
      dataIndex: 'actor',
      render: (a: string) => (
        <Typography.Text strong data-i18n-data>
          {a}
        </Typography.Text>
      ),
    },
    { title: t('audit.columns.action'), dataIndex: 'action', render: (a: string) => <ActionName action={a} /> },
    {
      title: t('audit.columns.entity'),
      key: 'entity',
      render: (_: unknown, r: Row) =>
        r.entityType ? (
          <span>
            <EntityKind type={r.entityType} /> <Typography.Text code>{r.entityId}</Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Form<FilterValues>
        form={form}
        layout="inline"
        name="audit-filters"
        onFinish={(v) => setFilters(toFilters(v))}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="actor" label={t('audit.filters.actor')}>
          <Input allowClear placeholder={t('audit.filters.actorPlaceholder')} style={{ width: 160 }} data-testid="audit-actor" />
        </Form.Item>
        <Form.Item name="action" label={t('audit.filters.action')}>
          <Input allowClear placeholder={t('audit.filters.actionPlaceholder')} style={{ width: 160 }} data-testid="audit-action" />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.filters.entity')}>
          <Input
            allowClear
            placeholder={t('audit.filters.entityTypePlaceholder')}
            style={{ width: 140 }}
            data-testid="audit-entity-type"
          />
        </Form.Item>
        <Form.Item name="entityId">
          <Input
            allowClear
            placeholder={t('audit.filters.entityIdPlaceholder')}
            aria-label={t('audit.filters.entityId')}
            style={{ width: 120 }}
            data-testid="audit-entity-id"
          />
        </Form.Item>
        <Form.Item name="range" label={t('audit.filters.time')}>
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} data-testid="audit-range" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="audit-filter">
              {t('audit.filters.filter')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
              data-testid="audit-reset"
            >
              {t('audit.filters.reset')}
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
              {t('common:actions.retry')}
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
        locale={{ emptyText: log.isError ? t('audit.loadError') : t('audit.empty') }}
        data-testid="audit-table"
        footer={
          log.hasNextPage
            ? () => (
                <Button onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-more">
                  {t('audit.more')}
                </Button>
              )
            : undefined
        }
      />
      <Drawer
        title={
          open ? (
            <span data-i18n-data>
              {t('audit.drawerTitle', { action: auditActionLabel(open.action) ?? open.action, actor: open.actor })}
            </span>
          ) : (
            ''
          )
        }
        open={open !== null}
        onClose={() => setOpen(null)}
        size="large"
        destroyOnHidden
      >
        {open && (
          <div data-testid="audit-detail">
            <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('audit.columns.time')}>
                {formatTime(open.at)} <Typography.Text code>{open.at}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.columns.actor')}>
                <span data-i18n-data>{open.actor}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.columns.action')}>
                <ActionName action={open.action} />
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.columns.entity')}>
                {open.entityType ? (
                  <span>
                    <EntityKind type={open.entityType} />{' '}
                    {auditEntityLabel(open.entityType) && <Typography.Text code>{open.entityType}</Typography.Text>}{' '}
                    <Typography.Text code>{open.entityId}</Typography.Text>
                  </span>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{t('audit.detail')}</Typography.Title>
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
