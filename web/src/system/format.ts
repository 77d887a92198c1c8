import i18n from '../i18n';
import { formatNumber } from '../i18n/format';

/** A lag in seconds as a person reads it: "12 ms", "1.4 s", "3 min 5 s" (「12 毫秒」「1.4 秒」「3 分 5 秒」). */
export function formatLag(seconds: number): string {
  if (seconds < 1) return i18n.t('system:lag.ms', { n: formatNumber(Math.round(seconds * 1000)) });
  if (seconds < 60) return i18n.t('system:lag.s', { n: formatNumber(seconds, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
  const m = Math.floor(seconds / 60);
  return i18n.t('system:lag.min', { m: formatNumber(m), s: formatNumber(Math.round(seconds - m * 60)) });
}
