import { Button, DatePicker, Segmented, Space, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Granularity } from '../../gql/graphql';
import {
  MAX_DAYS,
  dayDisabled,
  exportUrl,
  lastDays,
  nextGranularity,
  rangeDays,
  type DayRange,
  type ExportKind,
} from '../format';

const EXPORT_LABEL: Record<ExportKind, string> = {
  coupons: 'Coupons CSV',
  series: 'Series CSV',
  products: 'Products CSV',
};

const PRESETS: { label: string; days: number }[] = [
  { label: 'Today', days: 1 },
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 30 days', days: 30 },
  { label: 'Last 90 days', days: 90 },
  { label: 'Last 365 days', days: 365 },
];

// The picker holds calendar days: a Dayjs is only a carrier for "YYYY-MM-DD"
// (the range is in UTC days, see format.ts).
const toDayjs = (day: string) => dayjs(day, 'YYYY-MM-DD');
const fromDayjs = (d: Dayjs) => d.format('YYYY-MM-DD');

export interface RangeBarProps {
  range: DayRange;
  granularity: Granularity;
  onChange: (range: DayRange, granularity: Granularity) => void;
  /** which CSV exports to offer */
  exports: ExportKind[];
  couponId?: string;
}

/** The date range (UTC days), the granularity, and the CSV exports for them. */
export function RangeBar({ range, granularity, onChange, exports, couponId }: RangeBarProps) {
  const days = rangeDays(range);
  const hourAllowed = days <= MAX_DAYS.HOUR;
  return (
    <Space wrap size="middle" style={{ marginBottom: 16 }} data-testid="range-bar">
      <Space size={4} align="center">
        <DatePicker.RangePicker
          data-testid="range-picker"
          allowClear={false}
          value={[toDayjs(range.from), toDayjs(range.to)]}
          disabledDate={(d, info) => dayDisabled(fromDayjs(d), info?.from ? fromDayjs(info.from) : null)}
          presets={PRESETS.map((p) => {
            const r = lastDays(p.days);
            return { label: p.label, value: [toDayjs(r.from), toDayjs(r.to)] as [Dayjs, Dayjs] };
          })}
          onChange={(v) => {
            if (!v?.[0] || !v[1]) return;
            const r = { from: fromDayjs(v[0]), to: fromDayjs(v[1]) };
            onChange(r, nextGranularity(granularity, range, r));
          }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          UTC days
        </Typography.Text>
      </Space>
      <Segmented<Granularity>
        data-testid="granularity"
        value={granularity}
        onChange={(g) => onChange(range, g)}
        options={[
          {
            label: 'By hour',
            value: 'HOUR',
            disabled: !hourAllowed,
            tooltip: hourAllowed ? undefined : `By hour: at most ${MAX_DAYS.HOUR} days`,
          },
          { label: 'By day', value: 'DAY' },
        ]}
      />
      <Space size={8} wrap>
        {exports.map((k) => (
          <Tooltip key={k} title={`Download ${k === 'series' ? 'the series' : `the ${k}`} for ${range.from} – ${range.to} as CSV`}>
            <Button href={exportUrl(k, range, { granularity, couponId })} download="" data-testid={`export-${k}`}>
              {EXPORT_LABEL[k]}
            </Button>
          </Tooltip>
        ))}
      </Space>
    </Space>
  );
}
