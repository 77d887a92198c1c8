import { Alert, Button, Card, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MigrationMode } from '../../gql/graphql';
import { modeName, previousMode } from '../format';

export interface NextModeCardProps {
  mode: MigrationMode;
  nextMode: MigrationMode | null;
  blockers: readonly string[];
  /** a mode change is on its way */
  changing: MigrationMode | null;
  onChange: (to: MigrationMode) => void;
}

/** What keeps the next mode from being entered, "Move to <next>" and "Step back to <previous>". */
export function NextModeCard({ mode, nextMode, blockers, changing, onChange }: NextModeCardProps) {
  const { t } = useTranslation('migration');
  const previous = previousMode(mode);
  const blocked = blockers.length > 0;
  return (
    <Card
      size="small"
      title={nextMode ? t('next.title', { mode: modeName(nextMode) }) : t('next.titleNone')}
      style={{ height: '100%' }}
      data-testid="migration-next"
    >
      {!nextMode ? (
        <Typography.Paragraph data-testid="migration-last-mode">{t('next.last', { mode: modeName(mode) })}</Typography.Paragraph>
      ) : blocked ? (
        <Alert
          type="info"
          showIcon
          title={t('next.blocked', { mode: modeName(nextMode) })}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="migration-blockers" data-i18n-data>
              {blockers.map((b) => (
                <li key={b} data-testid="migration-blocker">
                  {b}
                </li>
              ))}
            </ul>
          }
        />
      ) : (
        <Alert type="success" showIcon title={t('next.ready', { mode: modeName(nextMode) })} data-testid="migration-ready" />
      )}
      <Space wrap style={{ marginTop: 16 }}>
        {nextMode && (
          <Tooltip title={blocked ? t('next.refusedTip') : undefined}>
            <Button
              type="primary"
              disabled={blocked || (changing != null && changing !== nextMode)}
              loading={changing === nextMode}
              onClick={() => onChange(nextMode)}
              data-testid="migration-advance"
            >
              {t('modeChange.moveTo', { mode: modeName(nextMode) })}
            </Button>
          </Tooltip>
        )}
        {previous && (
          <Button
            danger
            disabled={changing != null && changing !== previous}
            loading={changing === previous}
            onClick={() => onChange(previous)}
            data-testid="migration-back"
          >
            {t('modeChange.stepBackTo', { mode: modeName(previous) })}
          </Button>
        )}
      </Space>
    </Card>
  );
}
