import type { ReactNode } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { CouponStatsFieldsFragment } from '../../gql/graphql';
import { channelSummary, chartNumber, formatAmount, formatChange, formatCount, formatUseRate } from '../format';

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
  change?: string | null;
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
  const change = (cur: number, before: number | undefined) => (prev ? formatChange(cur, before, days) : null);
  return [
    {
      key: 'issued',
      title: 'Issued',
      value: formatCount(s.issued),
      note: channelSummary(s.issuedByChannel),
      change: change(s.issued, prev?.issued),
    },
    { key: 'used', title: 'Used', value: formatCount(s.used), change: change(s.used, prev?.used) },
    {
      key: 'use-rate',
      title: 'Use rate',
      value: formatUseRate(s.useRate, s.issued),
      note: 'used / issued',
      change: prev && s.issued > 0 && prev.issued > 0 ? change(s.useRate, prev.useRate) : null,
    },
    {
      key: 'discount',
      title: 'Discount granted',
      value: formatAmount(s.discountTotal, currency),
      note: currencyNote,
      change: change(chartNumber(s.discountTotal), prev ? chartNumber(prev.discountTotal) : undefined),
    },
    {
      key: 'order-amount',
      title: 'Order amount',
      value: formatAmount(s.orderAmountTotal, currency),
      note: currencyNote,
      change: change(chartNumber(s.orderAmountTotal), prev ? chartNumber(prev.orderAmountTotal) : undefined),
    },
    { key: 'refunded', title: 'Refunded', value: formatCount(s.refunded), minor: true },
    { key: 'expired', title: 'Expired', value: formatCount(s.expired), minor: true },
    { key: 'revoked', title: 'Revoked', value: formatCount(s.revoked), minor: true },
    { key: 'remaining-stock', title: 'Remaining stock', value: formatCount(s.remainingStock), note: 'now', minor: true },
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
            type={k.change.startsWith('+') || k.change.startsWith('new') ? 'success' : k.change.startsWith('-') ? 'danger' : 'secondary'}
            style={{ fontSize: 12, display: 'block' }}
            data-testid={`kpi-${k.key}-change`}
          >
            {k.change}
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
