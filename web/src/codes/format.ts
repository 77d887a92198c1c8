// Pure helpers for code batches: the generate form's rules (the server's
// limits), progress, and what a batch shows and allows. Messages are in the
// console's language (the codes catalogue).
import type { GenerateCodesInput, JobStatus } from '../gql/graphql';
import i18n from '../i18n';
import { formatNumber } from '../i18n/format';

/** The server's limits for generateCodes. */
export const CODE_LIMITS = {
  minCount: 1,
  maxCount: 1_000_000,
  maxPrefix: 8,
  minLength: 15,
  maxLength: 24,
  defaultLength: 16,
} as const;

const PREFIX_RE = /^[A-Z0-9]*$/;

/** What the prefix input holds: upper-cased as typed, surrounding spaces dropped. */
export function normalizePrefix(v: string | null | undefined): string {
  return (v ?? '').trim().toUpperCase();
}

/** An error message, or null when the value is fine. */
export function countError(v: number | null | undefined): string | null {
  if (v == null) return i18n.t('codes:rules.countRequired');
  if (!Number.isInteger(v) || v < CODE_LIMITS.minCount || v > CODE_LIMITS.maxCount) {
    return i18n.t('codes:rules.countRange', { min: formatNumber(CODE_LIMITS.minCount), max: formatNumber(CODE_LIMITS.maxCount) });
  }
  return null;
}

export function prefixError(v: string | null | undefined): string | null {
  const p = v ?? '';
  if (p.length > CODE_LIMITS.maxPrefix) return i18n.t('codes:rules.prefixTooLong', { max: CODE_LIMITS.maxPrefix });
  if (!PREFIX_RE.test(p)) return i18n.t('codes:rules.prefixChars');
  return null;
}

export function lengthError(v: number | null | undefined): string | null {
  if (v == null) return i18n.t('codes:rules.lengthRequired');
  if (!Number.isInteger(v) || v < CODE_LIMITS.minLength || v > CODE_LIMITS.maxLength) {
    return i18n.t('codes:rules.lengthRange', { min: CODE_LIMITS.minLength, max: CODE_LIMITS.maxLength });
  }
  return null;
}

export interface GenerateCodesValues {
  count: number;
  prefix?: string | null;
  length: number;
}

/** The form's values as GenerateCodesInput; an empty prefix is left out. */
export function toGenerateCodesInput(couponId: string, v: GenerateCodesValues): GenerateCodesInput {
  const prefix = normalizePrefix(v.prefix);
  return { couponId, count: v.count, length: v.length, ...(prefix ? { prefix } : {}) };
}

/** What a code looks like: the prefix, then `length` characters ("E2E" + "XXXX…"). */
export function codeShape(prefix: string | null | undefined, length: number | null | undefined): string {
  const n = length != null && Number.isInteger(length) && length > 0 ? Math.min(length, CODE_LIMITS.maxLength) : 0;
  return normalizePrefix(prefix) + 'X'.repeat(n);
}

export interface BatchLike {
  status: JobStatus;
  count: number;
  generated: number;
  disabled: boolean;
}

/** Codes are still being generated: the list is read every second. */
export function isBatchActive(s: JobStatus | null | undefined): boolean {
  return s === 'PENDING' || s === 'RUNNING';
}

/** 0..100, rounded down so that 100 means all generated; a COMPLETED batch is at 100. */
export function batchPercent(b: Pick<BatchLike, 'status' | 'count' | 'generated'>): number {
  if (b.status === 'COMPLETED') return 100;
  if (!(b.count > 0)) return 0;
  return Math.max(0, Math.min(100, Math.floor((b.generated / b.count) * 100)));
}

const int = (n: number) => formatNumber(n);

/** "1,200 / 5,000" */
export function batchProgressSummary(b: Pick<BatchLike, 'count' | 'generated'>): string {
  return `${int(b.generated)} / ${int(b.count)}`;
}

/** "12 (0.2%)": redeemed codes of those generated. */
export function redeemedSummary(redeemed: number, generated: number): string {
  if (!(generated > 0) || redeemed <= 0) return int(Math.max(0, redeemed));
  const pct = (redeemed / generated) * 100;
  return `${int(redeemed)} (${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%)`;
}

/** The antd Progress status for a batch. */
export function batchProgressStatus(b: Pick<BatchLike, 'status' | 'disabled'>): 'success' | 'exception' | 'active' | 'normal' {
  if (b.status === 'FAILED') return 'exception';
  if (b.status === 'RUNNING') return 'active';
  if (b.status === 'COMPLETED') return b.disabled ? 'normal' : 'success';
  return 'normal';
}

/** A batch can be disabled once (there is no way back). */
export function canDisableBatch(b: Pick<BatchLike, 'disabled'>): boolean {
  return !b.disabled;
}
