import { Alert, Col, Row, Statistic, Tooltip } from 'antd';
import type { MigrationFieldsFragment } from '../../gql/graphql';
import { formatCount } from '../../issuance/format';
import { templatesSummary } from '../format';

type Figures = Pick<
  MigrationFieldsFragment,
  'configured' | 'legacyTemplates' | 'copiedTemplates' | 'legacyRows' | 'copiedThrough' | 'rowsBehind' | 'pendingRepairs'
>;

/** The counts of both sides: templates, the monolith's rows, the copy's checkpoint, what is behind, the repair log. */
export function MigrationFigures({ m }: { m: Figures }) {
  const figures: { title: string; tip: string; value: string; testId: string; warn?: boolean }[] = [
    {
      title: 'Templates copied',
      tip: "The monolith's coupon templates copied to coupond, of all of them.",
      value: templatesSummary(m),
      testId: 'migration-templates',
      warn: m.configured && m.copiedTemplates < m.legacyTemplates,
    },
    {
      title: "Monolith's user coupons",
      tip: "Rows in the monolith's user coupon table.",
      value: formatCount(m.legacyRows),
      testId: 'migration-legacy-rows',
    },
    {
      title: 'Copied through id',
      tip: "The copy's checkpoint: the last of the monolith's user coupon ids it copied. The next copy starts after it.",
      value: String(m.copiedThrough),
      testId: 'migration-copied-through',
    },
    {
      title: 'Rows behind',
      tip: "The monolith's user coupons after the checkpoint, not copied yet.",
      value: formatCount(m.rowsBehind),
      testId: 'migration-rows-behind',
      warn: m.rowsBehind > 0,
    },
    {
      title: 'Pending repairs',
      tip: 'Writes to the second side that failed and wait in the repair log. Repair works them.',
      value: formatCount(m.pendingRepairs),
      testId: 'migration-pending-repairs',
      warn: m.pendingRepairs > 0,
    },
  ];
  return (
    <>
      {!m.configured && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="This instance has no connection to the monolith's database"
          description="COUPOND_LEGACY_DSN is not set on the instance that answered. The monolith's figures show as 0, tasks cannot start, and the mode cannot move forward. Every instance needs it while the monolith's tables are written."
          data-testid="migration-unconfigured"
        />
      )}
      <Row gutter={[16, 16]}>
        {figures.map((f) => (
          <Col xs={12} md={8} xl={4} key={f.testId}>
            <Tooltip title={f.tip}>
              <div>
                <Statistic
                  title={f.title}
                  value={f.value}
                  formatter={() => f.value}
                  styles={f.warn ? { content: { color: '#d46b08' } } : undefined}
                  data-testid={f.testId}
                />
              </div>
            </Tooltip>
          </Col>
        ))}
      </Row>
    </>
  );
}
