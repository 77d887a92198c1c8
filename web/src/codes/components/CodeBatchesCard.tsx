import { useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation(['codes', 'common']);
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
      if (p.batch && p.userErrors.length === 0) message.success(t('disable.done'));
      else setActionError(p.userErrors.map(userErrorMessage).join(' ') || t('disable.failed'));
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
      if (!url) return setActionError(t('noLink'));
      startDownload(url);
    } finally {
      setDownloading(null);
    }
  };

  const columns: ColumnsType<Row> = [
    { title: t('columns.created'), key: 'created', render: (_, b) => formatTime(b.createdAt) },
    {
      title: t('columns.prefix'),
      key: 'prefix',
      render: (_, b) => (
        <Tooltip title={t('prefixTooltip', { length: b.length })}>
          <span data-testid="code-batch-prefix">
            {b.prefix ? (
              <Typography.Text code>{b.prefix}</Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('noPrefix')}</Typography.Text>
            )}
            <Typography.Text type="secondary"> + {b.length}</Typography.Text>
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('columns.status'),
      key: 'status',
      render: (_, b) => (
        <>
          <Space size={4}>
            <Tag color={JOB_STATUS_COLORS[b.status]} data-testid="code-batch-status">
              {t(`batchStatus.${b.status}`, { defaultValue: b.status })}
            </Tag>
            {b.disabled && (
              <Tag color="red" data-testid="code-batch-disabled">
                {t('disabledTag')}
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
      title: t('columns.generated'),
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
      title: t('columns.redeemed'),
      key: 'redeemed',
      align: 'right',
      render: (_, b) => <span data-testid="code-batch-redeemed">{redeemedSummary(b.redeemed, b.generated)}</span>,
    },
    ...(canOperate
      ? [
          {
            title: t('columns.actions'),
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
                    {t('download')}
                  </Button>
                )}
                {canDisableBatch(b) && (
                  <Popconfirm
                    title={t('disable.title')}
                    description={t('disable.text')}
                    okText={t('disable.ok')}
                    okButtonProps={{ danger: true, 'data-testid': 'code-batch-disable-confirm' } as ButtonProps}
                    onConfirm={() => disable.mutateAsync(b.id)}
                  >
                    <Button size="small" danger loading={disable.isPending && disable.variables === b.id} data-testid="code-batch-disable">
                      {t('disable.button')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  // The server (codes.Generate) refuses new codes for an ENDED coupon, or one not open to the CODE
  // channel. It would take them for a DRAFT too, but the console waits until the coupon is ACTIVE
  // or PAUSED, when its rules have frozen: a draft may still change in every way, its channels too.
  // A PAUSED coupon's codes redeem only once it is ACTIVE again.
  const notGenerable =
    coupon.status === 'ENDED'
      ? t('notGenerable.ended')
      : coupon.status === 'DRAFT'
        ? t('notGenerable.draft')
        : !coupon.channels.includes('CODE')
          ? t('notGenerable.noChannel')
          : undefined;
  const generateHint = notGenerable ?? (coupon.status === 'PAUSED' ? t('pausedHint') : undefined);
  return (
    <Card
      title={t('title')}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="code-batches"
      extra={
        canOperate && (
          // a disabled button gets no mouse events (React drops them): the span holds the tooltip
          <Tooltip title={generateHint}>
            <span style={{ display: 'inline-block', cursor: notGenerable ? 'not-allowed' : undefined }} data-testid="generate-codes-hint">
              <Button
                size="small"
                disabled={!!notGenerable}
                style={notGenerable ? { pointerEvents: 'none' } : undefined}
                onClick={() => setOpen(true)}
                data-testid="generate-codes"
              >
                {t('generate')}
              </Button>
            </span>
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
              {t('common:actions.retry')}
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
        locale={{ emptyText: batches.isError ? t('loadFailed') : t('empty') }}
      />
      <GenerateCodesDialog
        couponId={coupon.id}
        open={open}
        onClose={() => setOpen(false)}
        onGenerated={(b) => {
          message.success(t('generating', { count: b.count }));
          void changed(coupon.id);
        }}
      />
    </Card>
  );
}
