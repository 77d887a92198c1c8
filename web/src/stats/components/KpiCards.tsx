import type { ReactNode } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import type { CouponStatsFieldsFragment } from '../../gql/graphql';
import { channelSummary, chartNumber, describeChange, formatAmount, formatCount, formatUseRate, type Change } from '../format';

/** The figures of the period before, to compare with. */
export type PreviousStats = Pick<CouponStatsFieldsFragment, 'issued' | 'used' | 'useRate' | 'discountTotal' | 'orderAmountTotal'>;

export interface KpiCardsProps {
  stats: CouponStatsFieldsFragment | null | undefined;
  /** the currency of the amounts; none when unknown */
  currency?: string | null;
  /** said under the amounts, e.g. that they add up several currencies */
  currencyNote?: string;
  loading?: boolean;
  /** the same figures over the previous period, and its length in days: "+12% vs previous 7 days" */
  previous?: PreviousStats | null;
  previousDays?: number;
}

interface Kpi {
  key: string;
  title: string;
  value: string;
  note?: ReactNode;
  /** the change since the previous period */
  change?: Change | null;
  /** shown smaller, in the second row */
  minor?: boolean;
}

/** The figures of a CouponStats, one small card each (compared with `prev` over the `days` before when given). */
export function kpis(
  s: CouponStatsFieldsFragment,
  currency?: string | null,
  prev?: PreviousStats | null,
  days = 0,
  currencyNote?: string,
): Kpi[] {
  const change = (cur: number, before: number | undefined) => (prev ? describeChange(cur, before, days) : null);
  const t = i18n.getFixedT(null, 'stats');
  return [
    {
      key: 'issued',
      title: t('kpi.issued'),
      value: formatCount(s.issued),
      note: channelSummary(s.issuedByChannel),
      change: change(s.issued, prev?.issued),
    },
    { key: 'used', title: t('kpi.used'), value: formatCount(s.used), change: change(s.used, prev?.used) },
    {
      key: 'use-rate',
      title: t('kpi.useRate'),
      value: formatUseRate(s.useRate, s.issued),
      note: t('kpi.useRateNote'),
      change: prev && s.issued > 0 && prev.issued > 0 ? change(s.useRate, prev.useRate) : null,
    },
    {
      key: 'discount',
      title: t('kpi.discount'),
      value: formatAmount(s.discountTotal, currency),
      note: currencyNote,
      change: change(chartNumber(s.discountTotal), prev ? chartNumber(prev.discountTotal) : undefined),
    },
    {
      key: 'order-amount',
      title: t('kpi.orderAmount'),
      value: formatAmount(s.orderAmountTotal, currency),
      note: currencyNote,
      change: change(chartNumber(s.orderAmountTotal), prev ? chartNumber(prev.orderAmountTotal) : undefined),
    },
    { key: 'refunded', title: t('kpi.refunded'), value: formatCount(s.refunded), minor: true },
    { key: 'expired', title: t('kpi.expired'), value: formatCount(s.expired), minor: true },
    { key: 'revoked', title: t('kpi.revoked'), value: formatCount(s.revoked), minor: true },
    { key: 'remaining-stock', title: t('kpi.remainingStock'), value: formatCount(s.remainingStock), note: t('kpi.now'), minor: true },
  ];
}

const EMPTY: CouponStatsFieldsFragment = {
  issued: 0,
  issuedByChannel: [],
  used: 0,
  refunded: 0,
  expired: 0,
  revoked: 0,
  remainingStock: 0,
  discountTotal: '',
  orderAmountTotal: '',
  useRate: 0,
  asOf: '',
};

export function KpiCards({ stats, currency, currencyNote, loading, previous, previousDays = 0 }: KpiCardsProps) {
  useTranslation('stats');
  const list = kpis(stats ?? EMPTY, currency, previous, previousDays, currencyNote);
  const card = (k: Kpi) => (
    <Col key={k.key} xs={12} sm={8} lg={{ flex: '1 1 0' }}>
      <Card size="small" data-testid={`kpi-${k.key}`} style={{ height: '100%' }}>
        <Statistic
          title={k.title}
          loading={loading && !stats}
          value={stats ? k.value : '–'}
          formatter={(v) => <span data-testid={`kpi-${k.key}-value`}>{v}</span>}
          styles={{ content: { fontSize: k.minor ? 16 : 22 } }}
        />
        {stats && k.note ? (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {k.note}
          </Typography.Text>
        ) : null}
        {stats && k.change ? (
          <Typography.Text
            type={k.change.trend === 'up' || k.change.trend === 'new' ? 'success' : k.change.trend === 'down' ? 'danger' : 'secondary'}
            style={{ fontSize: 12, display: 'block' }}
            data-testid={`kpi-${k.key}-change`}
          >
            {k.change.text}
          </Typography.Text>
        ) : null}
      </Card>
    </Col>
  );
  return (
    <div data-testid="kpis">
      <Row gutter={[12, 12]}>{list.filter((k) => !k.minor).map(card)}</Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {list.filter((k) => k.minor).map(card)}
      </Row>
    </div>
  );
}
