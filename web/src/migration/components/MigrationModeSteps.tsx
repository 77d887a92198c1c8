import { Steps, Typography } from 'antd';
import { formatTime } from '../../coupons/format';
import type { MigrationMode } from '../../gql/graphql';
import { MIGRATION_MODES, MODE_DESCRIPTIONS, modeStep } from '../format';

export interface MigrationModeStepsProps {
  mode: MigrationMode;
  changedAt?: string | null;
  changedBy?: string | null;
}

/** The four modes in order, the current one highlighted, and when and by whom it was entered. */
export function MigrationModeSteps({ mode, changedAt, changedBy }: MigrationModeStepsProps) {
  const current = modeStep(mode);
  return (
    <div data-testid="migration-mode" data-mode={mode}>
      <Steps
        current={current}
        size="small"
        items={MIGRATION_MODES.map((m, i) => ({
          key: m,
          title: <span data-testid={i === current ? 'migration-mode-current' : undefined}>{m}</span>,
          content: <span style={{ fontSize: 12 }}>{MODE_DESCRIPTIONS[m]}</span>,
        }))}
        data-testid="migration-mode-steps"
      />
      <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }} data-testid="migration-mode-changed">
        {changedAt
          ? `In ${mode} since ${formatTime(changedAt)}${changedBy ? `, set by ${changedBy}` : ''}.`
          : `In ${mode} from the start: the mode has never been changed.`}
      </Typography.Paragraph>
    </div>
  );
}
