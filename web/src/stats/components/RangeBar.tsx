import { Button, DatePicker, Segmented, Space, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';
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

const PRESETS = [
  { key: 'today', days: 1 },
  { key: 'last7', days: 7 },
  { key: 'last30', days: 30 },
  { key: 'last90', days: 90 },
  { key: 'last365', days: 365 },
] as const;

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
  const { t } = useTranslation('stats');
  const days = rangeDays(range);
  const day = (d: string) => formatDate(`${d}T00:00:00Z`, { utc: true });
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
            return { label: t(`range.presets.${p.key}`), value: [toDayjs(r.from), toDayjs(r.to)] as [Dayjs, Dayjs] };
          })}
          onChange={(v) => {
            if (!v?.[0] || !v[1]) return;
            const r = { from: fromDayjs(v[0]), to: fromDayjs(v[1]) };
            onChange(r, nextGranularity(granularity, range, r));
          }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('range.utcDays')}
        </Typography.Text>
      </Space>
      <Segmented<Granularity>
        data-testid="granularity"
        value={granularity}
        onChange={(g) => onChange(range, g)}
        options={[
          {
            label: t('range.byHour'),
            value: 'HOUR',
            disabled: !hourAllowed,
            tooltip: hourAllowed ? undefined : t('range.hourLimit', { days: MAX_DAYS.HOUR }),
          },
          { label: t('range.byDay'), value: 'DAY' },
        ]}
      />
      <Space size={8} wrap>
        {exports.map((k) => (
          <Tooltip key={k} title={t(`range.exportTip.${k}`, { from: day(range.from), to: day(range.to) })}>
            <Button href={exportUrl(k, range, { granularity, couponId })} download="" data-testid={`export-${k}`}>
              {t(`range.export.${k}`)}
            </Button>
          </Tooltip>
        ))}
      </Space>
    </Space>
  );
}
