import { Button, Card, InputNumber, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MigrationMode, MigrationTaskKind } from '../../gql/graphql';
import { modeName, taskKindHelp, taskKindLabel } from '../format';

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
  const { t } = useTranslation('migration');
  const button = (kind: MigrationTaskKind, why?: string) => {
    const reason = running ? t('tasks.running') : why;
    return (
      <Tooltip title={reason ?? taskKindHelp(kind)}>
        <Button
          disabled={!!reason || (starting != null && starting !== kind)}
          loading={starting === kind}
          onClick={() => onStart(kind)}
          data-testid={`migration-start-${kind}`}
        >
          {taskKindLabel(kind)}
        </Button>
      </Tooltip>
    );
  };
  return (
    <Card size="small" title={t('tasks.title')} style={{ height: '100%' }} data-testid="migration-tasks">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('tasks.intro')}
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
            mode === 'LEGACY_ONLY' ? t('tasks.copyWaits', { dualWrite: modeName('DUAL_WRITE') }) : undefined,
          )}
          <InputNumber<number>
            min={0}
            step={100}
            precision={0}
            value={rowsPerSecond}
            onChange={(v) => onRowsPerSecond(v ?? 0)}
            suffix={t('tasks.rowsUnit')}
            style={{ width: 160 }}
            aria-label={t('tasks.rowsPerSecond')}
            data-testid="migration-rows-per-second"
          />
          <Typography.Text type="secondary">{t('tasks.noLimit')}</Typography.Text>
        </Space>
        {running && (
          <Button danger loading={cancelling} onClick={onCancel} data-testid="migration-cancel">
            {t('tasks.cancel')}
          </Button>
        )}
      </Space>
    </Card>
  );
}
