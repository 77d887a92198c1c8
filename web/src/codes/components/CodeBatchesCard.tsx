import { useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation } from '@tanstack/react-query';
import { gqlRequest } from '../../api/client';
import { useHasRole } from '../../auth/useAuth';
import { formatTime } from '../../coupons/format';
import { errorMessage, userErrorMessage } from '../../errors';
import type { Channel, CodeBatchesQuery, CouponStatus } from '../../gql/graphql';
import { JOB_STATUS_COLORS } from '../../issuance/format';
import {
  batchPercent,
  batchProgressStatus,
  batchProgressSummary,
  canDisableBatch,
  redeemedSummary,
} from '../format';
import { useCodeBatches, useCodeBatchesChanged } from '../hooks';
import { DisableCodeBatchMutation } from '../mutations';
import { GenerateCodesDialog } from './GenerateCodesDialog';

type Row = CodeBatchesQuery['codeBatches'][number];

/** Starts a download of a same-origin link without leaving the console. */
function startDownload(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export interface CodeBatchesCardProps {
  coupon: { id: string; status: CouponStatus; channels: readonly Channel[] };
}

/**
 * On the coupon detail page: the coupon's code batches (codeBatches), live
 * while one is generated; "Generate codes", "Download CSV" and "Disable" for
 * OPERATOR. ANALYST sees the list only.
 */
export function CodeBatchesCard({ coupon }: CodeBatchesCardProps) {
  // codeBatches is for OPERATOR and ANALYST; generating and disabling for OPERATOR (ADMIN has every role);
  // exportUrl is null for those who may not export
  const canRead = useHasRole('OPERATOR', 'ANALYST');
  const canOperate = useHasRole('OPERATOR');
  const batches = useCodeBatches(coupon.id, canRead);
  const changed = useCodeBatchesChanged();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);

  const disable = useMutation({
    mutationFn: async (id: string) => (await gqlRequest(DisableCodeBatchMutation, { id })).disableCodeBatch,
    onMutate: () => setActionError(null),
    onSuccess: (p) => {
      if (p.batch && p.userErrors.length === 0) message.success('Code batch disabled');
      else setActionError(p.userErrors.map(userErrorMessage).join(' ') || 'The batch could not be disabled.');
      void changed(coupon.id);
    },
    onError: (e) => setActionError(errorMessage(e)),
  });

  if (!canRead) return null;

  // Export links expire within minutes: read a fresh one right before downloading.
  const download = async (id: string) => {
    setActionError(null);
    setDownloading(id);
    try {
      const r = await batches.refetch();
      if (r.isError) return setActionError(errorMessage(r.error));
      const url = r.data?.find((b) => b.id === id)?.exportUrl;
      if (!url) return setActionError('This batch has no download link right now.');
      startDownload(url);
    } finally {
      setDownloading(null);
    }
  };

  const columns: ColumnsType<Row> = [
    { title: 'Created', key: 'created', render: (_, b) => formatTime(b.createdAt) },
    {
      title: 'Prefix',
      key: 'prefix',
      render: (_, b) => (
        <Tooltip title={`The prefix, then ${b.length} characters`}>
          <span data-testid="code-batch-prefix">
            {b.prefix ? <Typography.Text code>{b.prefix}</Typography.Text> : <Typography.Text type="secondary">none</Typography.Text>}
            <Typography.Text type="secondary"> + {b.length}</Typography.Text>
          </span>
        </Tooltip>
      ),
    },
    {
      title: 'Status',
      key: 'status',
      render: (_, b) => (
        <>
          <Space size={4}>
            <Tag color={JOB_STATUS_COLORS[b.status]} data-testid="code-batch-status">
              {b.status}
            </Tag>
            {b.disabled && (
              <Tag color="red" data-testid="code-batch-disabled">
                DISABLED
              </Tag>
            )}
          </Space>
          {b.lastError && (
            <Typography.Paragraph
              type="danger"
              style={{ fontSize: 12, margin: '4px 0 0', maxWidth: 280 }}
              ellipsis={{ rows: 2, tooltip: b.lastError }}
              data-testid="code-batch-error"
            >
              {b.lastError}
            </Typography.Paragraph>
          )}
        </>
      ),
    },
    {
      title: 'Generated',
      key: 'progress',
      render: (_, b) => (
        <div style={{ width: 200 }} data-testid="code-batch-progress" data-percent={batchPercent(b)}>
          <Progress percent={batchPercent(b)} status={batchProgressStatus(b)} size="small" />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="code-batch-generated">
            {batchProgressSummary(b)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: 'Redeemed',
      key: 'redeemed',
      align: 'right',
      render: (_, b) => <span data-testid="code-batch-redeemed">{redeemedSummary(b.redeemed, b.generated)}</span>,
    },
    ...(canOperate
      ? [
          {
            title: 'Actions',
            key: 'actions',
            render: (_: unknown, b: Row) => (
              <Space>
                {b.exportUrl && (
                  <Button
                    size="small"
                    loading={downloading === b.id}
                    onClick={() => void download(b.id)}
                    data-testid="code-batch-download"
                  >
                    Download CSV
                  </Button>
                )}
                {canDisableBatch(b) && (
                  <Popconfirm
                    title="Disable this batch?"
                    description="None of its codes can be redeemed any more. This cannot be undone."
                    okText="Disable"
                    okButtonProps={{ danger: true, 'data-testid': 'code-batch-disable-confirm' } as ButtonProps}
                    onConfirm={() => disable.mutateAsync(b.id)}
                  >
                    <Button size="small" danger loading={disable.isPending && disable.variables === b.id} data-testid="code-batch-disable">
                      Disable
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  // the server (codes.Generate) refuses new codes for an ENDED coupon, or one not open to the CODE
  // channel; it takes them for a DRAFT or PAUSED one, whose codes redeem only once it is ACTIVE
  const notGenerable =
    coupon.status === 'ENDED'
      ? 'An ended coupon gets no new codes.'
      : !coupon.channels.includes('CODE')
        ? "Codes need the CODE channel: add it to the coupon's channels first."
        : undefined;
  const generateHint =
    notGenerable ??
    (coupon.status === 'ACTIVE' ? undefined : `The coupon is ${coupon.status}: its codes can be generated now but redeem only while it is ACTIVE.`);
  return (
    <Card
      title="Codes"
      size="small"
      style={{ marginTop: 16 }}
      data-testid="code-batches"
      extra={
        canOperate && (
          <Tooltip title={generateHint}>
            <Button size="small" disabled={!!notGenerable} onClick={() => setOpen(true)} data-testid="generate-codes">
              Generate codes
            </Button>
          </Tooltip>
        )
      }
    >
      {batches.isError && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(batches.error)}
          style={{ marginBottom: 12 }}
          action={
            <Button size="small" onClick={() => batches.refetch()}>
              Retry
            </Button>
          }
          data-testid="code-batches-error"
        />
      )}
      {actionError && (
        <Alert
          type="error"
          showIcon
          closable
          title={actionError}
          style={{ marginBottom: 12 }}
          onClose={() => setActionError(null)}
          data-testid="code-batches-action-error"
        />
      )}
      <Table<Row>
        rowKey="id"
        columns={columns}
        dataSource={batches.data ?? []}
        loading={batches.isPending && !batches.isError}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: batches.isError ? 'Could not load the code batches.' : 'No codes generated for this coupon yet.' }}
      />
      <GenerateCodesDialog
        couponId={coupon.id}
        open={open}
        onClose={() => setOpen(false)}
        onGenerated={(b) => {
          message.success(`Generating ${b.count.toLocaleString('en-US')} codes`);
          void changed(coupon.id);
        }}
      />
    </Card>
  );
}
