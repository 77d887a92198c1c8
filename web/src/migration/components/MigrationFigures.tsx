import { Alert, Col, Row, Statistic, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MigrationFieldsFragment } from '../../gql/graphql';
import { formatCount, templatesSummary } from '../format';

type Figures = Pick<
  MigrationFieldsFragment,
  'configured' | 'legacyTemplates' | 'copiedTemplates' | 'legacyRows' | 'copiedThrough' | 'rowsBehind' | 'pendingRepairs'
>;

/** The counts of both sides: templates, the monolith's rows, the copy's checkpoint, what is behind, the repair log. */
export function MigrationFigures({ m }: { m: Figures }) {
  const { t } = useTranslation('migration');
  const figures: { title: string; tip: string; value: string; testId: string; warn?: boolean }[] = [
    {
      title: t('figures.templates'),
      tip: t('figures.templatesTip'),
      value: templatesSummary(m),
      testId: 'migration-templates',
      warn: m.configured && m.copiedTemplates < m.legacyTemplates,
    },
    {
      title: t('figures.legacyRows'),
      tip: t('figures.legacyRowsTip'),
      value: formatCount(m.legacyRows),
      testId: 'migration-legacy-rows',
    },
    {
      title: t('figures.copiedThrough'),
      tip: t('figures.copiedThroughTip'),
      value: String(m.copiedThrough),
      testId: 'migration-copied-through',
    },
    {
      title: t('figures.rowsBehind'),
      tip: t('figures.rowsBehindTip'),
      value: formatCount(m.rowsBehind),
      testId: 'migration-rows-behind',
      warn: m.rowsBehind > 0,
    },
    {
      title: t('figures.pendingRepairs'),
      tip: t('figures.pendingRepairsTip'),
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
          title={t('figures.unconfigured')}
          description={t('figures.unconfiguredDetail')}
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
