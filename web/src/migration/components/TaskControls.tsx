import { Button, Card, InputNumber, Space, Tooltip, Typography } from 'antd';
import type { MigrationMode, MigrationTaskKind } from '../../gql/graphql';
import { TASK_KIND_HELP, TASK_KIND_LABELS } from '../format';

export interface TaskControlsProps {
  mode: MigrationMode;
  running: boolean;
  rowsPerSecond: number;
  onRowsPerSecond: (n: number) => void;
  /** the kind being started, or null */
  starting: MigrationTaskKind | null;
  cancelling: boolean;
  onStart: (kind: MigrationTaskKind) => void;
  onCancel: () => void;
}

/** Buttons that start each step (one task at a time), the copy's throttle, and "Cancel task" while one runs. */
export function TaskControls({ mode, running, rowsPerSecond, onRowsPerSecond, starting, cancelling, onStart, onCancel }: TaskControlsProps) {
  const button = (kind: MigrationTaskKind, why?: string) => {
    const reason = running ? 'A task is running: wait for it or cancel it.' : why;
    return (
      <Tooltip title={reason ?? TASK_KIND_HELP[kind]}>
        <Button
          disabled={!!reason || (starting != null && starting !== kind)}
          loading={starting === kind}
          onClick={() => onStart(kind)}
          data-testid={`migration-start-${kind}`}
        >
          {TASK_KIND_LABELS[kind]}
        </Button>
      </Tooltip>
    );
  };
  return (
    <Card size="small" title="Tasks" style={{ height: '100%' }} data-testid="migration-tasks">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        Tasks run in the background on the server, one at a time.
      </Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          {button('STATIC_COPY')}
          {button('VERIFY')}
          {button('REPAIR')}
        </Space>
        <Space wrap align="center">
          {button(
            'COPY',
            mode === 'LEGACY_ONLY' ? 'The copy of the user coupons runs once writes go to both sides: move to DUAL_WRITE first.' : undefined,
          )}
          <InputNumber<number>
            min={0}
            step={100}
            precision={0}
            value={rowsPerSecond}
            onChange={(v) => onRowsPerSecond(v ?? 0)}
            suffix="rows/s"
            style={{ width: 160 }}
            aria-label="Rows per second"
            data-testid="migration-rows-per-second"
          />
          <Typography.Text type="secondary">0 = no limit</Typography.Text>
        </Space>
        {running && (
          <Button danger loading={cancelling} onClick={onCancel} data-testid="migration-cancel">
            Cancel task
          </Button>
        )}
      </Space>
    </Card>
  );
}
