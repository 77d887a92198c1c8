import { Col, Progress, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format';
import { amountLeftSummary, percentOf, spentSummary, usesTodaySummary, type BudgetLike } from '../format';

/**
 * A budget's burn-down: the discount granted against the amount cap (and what
 * is left), today's uses against the daily cap; "no cap" where there is none.
 */
export function BudgetBurnDown({ budget: b, currency }: { budget: BudgetLike; currency: string }) {
  const { t } = useTranslation('campaigns');
  const spentPct = percentOf(b.spent, b.amount);
  const usesPct = percentOf(b.usesToday, b.usesPerDay);
  return (
    <Row gutter={[32, 16]}>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">{t('budget.spent')}</Typography.Text>
        <div>
          <Typography.Text strong style={{ fontSize: 18 }} data-testid="budget-spent">
            {spentSummary(b, currency)}
          </Typography.Text>
        </div>
        {b.amount != null ? (
          <>
            <Progress
              percent={spentPct}
              status={spentPct >= 100 ? 'exception' : 'normal'}
              data-testid="budget-spent-progress"
            />
            <Typography.Text data-testid="budget-left">
              {t('budget.left', { amount: amountLeftSummary(b, currency) })}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary" data-testid="budget-left">
            {t('budget.noAmountCap')}
          </Typography.Text>
        )}
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">{t('budget.usesToday')}</Typography.Text>
        <div>
          <Typography.Text strong style={{ fontSize: 18 }} data-testid="budget-uses-today">
            {usesTodaySummary(b)}
          </Typography.Text>
        </div>
        {b.usesPerDay != null ? (
          <>
            <Progress
              percent={usesPct}
              status={usesPct >= 100 ? 'exception' : 'normal'}
              data-testid="budget-uses-progress"
            />
            <Typography.Text data-testid="budget-uses-left">
              {t('budget.usesLeftToday', { count: b.usesLeftToday ?? 0, n: formatNumber(b.usesLeftToday ?? 0) })}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary" data-testid="budget-uses-left">
            {t('budget.noDailyCap')}
          </Typography.Text>
        )}
        {b.uses != null && (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="budget-uses-total">
              {t('budget.usesTotal', { n: formatNumber(b.uses) })}
            </Typography.Text>
          </div>
        )}
      </Col>
    </Row>
  );
}
