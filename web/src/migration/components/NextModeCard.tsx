import { Alert, Button, Card, Space, Tooltip, Typography } from 'antd';
import type { MigrationMode } from '../../gql/graphql';
import { previousMode } from '../format';

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
  const previous = previousMode(mode);
  const blocked = blockers.length > 0;
  return (
    <Card
      size="small"
      title={nextMode ? `Next mode: ${nextMode}` : 'Next mode'}
      style={{ height: '100%' }}
      data-testid="migration-next"
    >
      {!nextMode ? (
        <Typography.Paragraph data-testid="migration-last-mode">{mode} is the last mode: the migration is complete.</Typography.Paragraph>
      ) : blocked ? (
        <Alert
          type="info"
          showIcon
          title={`${nextMode} cannot be entered yet:`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="migration-blockers">
              {blockers.map((b) => (
                <li key={b} data-testid="migration-blocker">
                  {b}
                </li>
              ))}
            </ul>
          }
        />
      ) : (
        <Alert type="success" showIcon title={`Ready: nothing blocks ${nextMode}.`} data-testid="migration-ready" />
      )}
      <Space wrap style={{ marginTop: 16 }}>
        {nextMode && (
          <Tooltip title={blocked ? 'Refused while the list above is not empty.' : undefined}>
            <Button
              type="primary"
              disabled={blocked || (changing != null && changing !== nextMode)}
              loading={changing === nextMode}
              onClick={() => onChange(nextMode)}
              data-testid="migration-advance"
            >
              Move to {nextMode}
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
            Step back to {previous}
          </Button>
        )}
      </Space>
    </Card>
  );
}
