// Display helpers for issuance jobs: progress, rate, ETA, the status machine.
// Words come from the issuance catalogue: the component showing them must
// itself use the 'issuance' namespace (loaded, re-rendered on a switch).
import i18n from '../i18n';
import { formatNumber } from '../i18n/format';
import type { JobStatus } from '../gql/graphql';

export const JOB_STATUSES: JobStatus[] = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED'];

export const JOB_STATUS_COLORS: Record<JobStatus, string> = {
  PENDING: 'default',
  RUNNING: 'processing',
  PAUSED: 'orange',
  COMPLETED: 'green',
  FAILED: 'red',
  CANCELLED: 'default',
};

/** The status as people read it (en-US keeps the enum's words). */
export function jobStatusLabel(s: JobStatus): string {
  return i18n.t(`issuance:status.${s}`);
}

/** Defaults of IssuanceJobInput, as the server applies them. */
export const JOB_DEFAULTS = { batchSize: 1000, readBatchSize: 5000, notifyBatchSize: 500 } as const;

/** A job that may still change: the console keeps it live. */
export function isJobActive(s: JobStatus | null | undefined): boolean {
  return s === 'PENDING' || s === 'RUNNING' || s === 'PAUSED';
}

export type JobAction = 'pause' | 'resume' | 'cancel';

/** PENDING -> RUNNING <-> PAUSED -> COMPLETED | FAILED; anything not finished may be cancelled. */
export function allowedJobActions(s: JobStatus): JobAction[] {
  switch (s) {
    case 'PENDING':
      return ['cancel'];
    case 'RUNNING':
      return ['pause', 'cancel'];
    case 'PAUSED':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

export interface ProgressLike {
  status: JobStatus;
  audienceSize?: number | null;
  processed: number;
}

/**
 * 0..100, rounded down so that 100 means all processed. A COMPLETED job is at
 * 100 even when its audience size was never known; null while unknown.
 */
export function progressPercent(j: ProgressLike): number | null {
  if (j.audienceSize != null && j.audienceSize > 0) {
    return Math.max(0, Math.min(100, Math.floor((j.processed / j.audienceSize) * 100)));
  }
  if (j.status === 'COMPLETED') return 100;
  if (j.audienceSize === 0) return 0;
  return null;
}

const int = (n: number) => formatNumber(Math.round(n));

/** "1,234/s", "56.7/s", "0.25/s" (zh-CN "1,234/秒"); 0 or not a number gives "—". */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond == null || !Number.isFinite(perSecond) || perSecond <= 0) return '—';
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  const n = formatNumber(perSecond, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return i18n.t('issuance:units.rate', { n });
}

/** "45s", "3m 05s", "2h 07m", "3d 4h" (zh-CN "3分05秒"...); below one second "<1s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return i18n.t('issuance:units.underSecond');
  const s = Math.ceil(seconds);
  const p = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return i18n.t('issuance:units.s', { s });
  if (s < 3600) return i18n.t('issuance:units.ms', { m: Math.floor(s / 60), s: p(s % 60) });
  if (s < 86400) return i18n.t('issuance:units.hm', { h: Math.floor(s / 3600), m: p(Math.floor((s % 3600) / 60)) });
  return i18n.t('issuance:units.dh', { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) });
}

export interface EtaLike extends ProgressLike {
  ratePerSecond: number;
}

/** Seconds left (remaining / rate) for a RUNNING job with a known audience and a rate; else null. */
export function etaSeconds(j: EtaLike): number | null {
  if (j.status !== 'RUNNING' || j.audienceSize == null || !(j.ratePerSecond > 0)) return null;
  const remaining = Math.max(0, j.audienceSize - j.processed);
  return remaining / j.ratePerSecond;
}

/** The ETA as text: "3m 05s", "—" when it cannot be told. */
export function formatEta(j: EtaLike): string {
  const s = etaSeconds(j);
  return s == null ? '—' : formatDuration(s);
}

/** "120 / 300", or "120 / ?" when the audience size is not known yet. */
export function progressSummary(j: ProgressLike): string {
  return `${int(j.processed)} / ${j.audienceSize == null ? '?' : int(j.audienceSize)}`;
}

export function formatCount(n: number | null | undefined): string {
  return n == null ? '—' : int(n);
}

/** Time between two RFC 3339 instants (the end defaults to now). */
export function elapsedSeconds(start: string | null | undefined, end?: string | null, now = Date.now()): number | null {
  if (!start) return null;
  const a = new Date(start).getTime();
  const b = end ? new Date(end).getTime() : now;
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return Math.max(0, (b - a) / 1000);
}

/** "RUNNING,PAUSED" from the URL -> the known statuses in it */
export function jobStatusesFromParam(p: string | null): JobStatus[] {
  if (!p) return [];
  const known = new Set<string>(JOB_STATUSES);
  return p.split(',').filter((s): s is JobStatus => known.has(s));
}
