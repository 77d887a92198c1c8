import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount, formatPercent } from '../format';

export interface FunnelProps {
  issued: number;
  used: number;
  refunded: number;
}

interface Step {
  key: string;
  label: string;
  value: number;
  /** the share of the step before, in percent; none for the first */
  share?: number;
  of?: string;
  color: string;
}

/** issued -> used -> refunded, each step with its share of the one before (a bar as wide as its share of issued). */
export function Funnel({ issued, used, refunded }: FunnelProps) {
  const { t } = useTranslation('stats');
  const pct = (a: number, b: number) => (b > 0 ? (a / b) * 100 : undefined);
  const steps: Step[] = [
    { key: 'issued', label: t('funnel.issued'), value: issued, color: '#1677ff' },
    { key: 'used', label: t('funnel.used'), value: used, share: pct(used, issued), of: t('funnel.ofIssued'), color: '#52c41a' },
    { key: 'refunded', label: t('funnel.refunded'), value: refunded, share: pct(refunded, used), of: t('funnel.ofUsed'), color: '#faad14' },
  ];
  return (
    <div data-testid="coupon-funnel" style={{ display: 'grid', gap: 6 }}>
      {steps.map((s) => {
        const width = issued > 0 ? Math.max((s.value / issued) * 100, s.value > 0 ? 0.5 : 0) : 0;
        return (
          <div key={s.key} style={{ display: 'grid', gridTemplateColumns: '90px 1fr 200px', alignItems: 'center', gap: 8 }}>
            <Typography.Text>{s.label}</Typography.Text>
            <div style={{ background: '#f5f5f5', height: 12, borderRadius: 2 }}>
              <div style={{ width: `${width}%`, background: s.color, height: '100%', borderRadius: 2 }} />
            </div>
            <Typography.Text data-testid={`funnel-${s.key}`}>
              {formatCount(s.value)}
              {s.share !== undefined ? (
                <Typography.Text type="secondary">{` · ${formatPercent(s.share)} ${s.of}`}</Typography.Text>
              ) : null}
            </Typography.Text>
          </div>
        );
      })}
    </div>
  );
}
