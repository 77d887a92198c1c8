import type { ReactNode } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { CouponStatsFieldsFragment } from '../../gql/graphql';
import { channelSummary, formatAmount, formatCount, formatUseRate } from '../format';

export interface KpiCardsProps {
  stats: CouponStatsFieldsFragment | null | undefined;
  currency?: string | null;
  loading?: boolean;
}

interface Kpi {
  key: string;
  title: string;
  value: string;
  note?: ReactNode;
  /** shown smaller, in the second row */
  minor?: boolean;
}

/** The figures of a CouponStats, one small card each. */
export function kpis(s: CouponStatsFieldsFragment, currency?: string | null): Kpi[] {
  return [
    { key: 'issued', title: 'Issued', value: formatCount(s.issued), note: channelSummary(s.issuedByChannel) },
    { key: 'used', title: 'Used', value: formatCount(s.used) },
    { key: 'use-rate', title: 'Use rate', value: formatUseRate(s.useRate, s.issued), note: 'used / issued' },
    { key: 'discount', title: 'Discount granted', value: formatAmount(s.discountTotal, currency) },
    { key: 'order-amount', title: 'Order amount', value: formatAmount(s.orderAmountTotal, currency) },
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

export function KpiCards({ stats, currency, loading }: KpiCardsProps) {
  const list = kpis(stats ?? EMPTY, currency);
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
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {k.note}
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
