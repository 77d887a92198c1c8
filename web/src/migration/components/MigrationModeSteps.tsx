import { Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MigrationMode } from '../../gql/graphql';
import { formatDateTime } from '../../i18n/format';
import { MIGRATION_MODES, modeDescription, modeName, modeStep } from '../format';

export interface MigrationModeStepsProps {
  mode: MigrationMode;
  changedAt?: string | null;
  changedBy?: string | null;
}

/** The four modes in order, the current one highlighted, and when and by whom it was entered. */
export function MigrationModeSteps({ mode, changedAt, changedBy }: MigrationModeStepsProps) {
  const { t } = useTranslation('migration');
  const current = modeStep(mode);
  const name = modeName(mode);
  return (
    <div data-testid="migration-mode" data-mode={mode}>
      <Steps
        current={current}
        size="small"
        items={MIGRATION_MODES.map((m, i) => ({
          key: m,
          title: <span data-testid={i === current ? 'migration-mode-current' : undefined}>{modeName(m)}</span>,
          content: <span style={{ fontSize: 12 }}>{modeDescription(m)}</span>,
        }))}
        data-testid="migration-mode-steps"
      />
      <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }} data-testid="migration-mode-changed">
        {changedAt ? (
          changedBy ? (
            <span data-i18n-data>{t('steps.changedBy', { mode: name, time: formatDateTime(changedAt), by: changedBy })}</span>
          ) : (
            t('steps.changed', { mode: name, time: formatDateTime(changedAt) })
          )
        ) : (
          t('steps.never', { mode: name })
        )}
      </Typography.Paragraph>
    </div>
  );
}
