// Display helpers for the migration from a monolith: the modes in order,
// task progress, rate and time left, and the texts of the page, in the
// current language (namespace migration). The components that call them use
// useTranslation('migration'), so they re-render on a language change.
import type { MigrationDiffKind, MigrationMode, MigrationTaskKind, MigrationTaskStatus } from '../gql/graphql';
import i18n from '../i18n';
import { formatNumber } from '../i18n/format';

/** The modes in the order the migration goes through them, one step at a time. */
export const MIGRATION_MODES: MigrationMode[] = ['LEGACY_ONLY', 'DUAL_WRITE', 'DUAL_WRITE_NEW_READ', 'NEW_ONLY'];

const t = (key: string, opts?: Record<string, unknown>): string =>
  // keys are built from known enums below; the catalogue test holds both languages to the same keys
  (i18n.t as unknown as (k: string, o?: Record<string, unknown>) => string)(`migration:${key}`, opts);

const known = <T extends string>(all: readonly T[], v: string): v is T => (all as readonly string[]).includes(v);

/** A mode as shown: in English its name (LEGACY_ONLY), in Chinese a description with the name. */
export function modeName(mode: MigrationMode): string {
  return known(MIGRATION_MODES, mode) ? t(`modes.${mode}.name`) : mode;
}

/** What each mode means for the user coupons of migrated coupons. */
export function modeDescription(mode: MigrationMode): string {
  return known(MIGRATION_MODES, mode) ? t(`modes.${mode}.description`) : '';
}

/** 0..3: where `mode` is among MIGRATION_MODES (0 for an unknown mode). */
export function modeStep(mode: MigrationMode | null | undefined): number {
  const i = mode ? MIGRATION_MODES.indexOf(mode) : -1;
  return i < 0 ? 0 : i;
}

/** The mode one step back, or null from the first one. */
export function previousMode(mode: MigrationMode): MigrationMode | null {
  const i = modeStep(mode);
  return i > 0 ? MIGRATION_MODES[i - 1] : null;
}

/** The texts of the confirmation of a step from `from` to `to` (forward or back). */
export function modeChangeText(from: MigrationMode, to: MigrationMode): { title: string; content: string; warning?: string } {
  const back = modeStep(to) < modeStep(from);
  const names = { from: modeName(from), to: modeName(to) };
  const title = back ? t('modeChange.backTitle', names) : t('modeChange.forwardTitle', names);
  const key = `modeChange.${back ? 'back' : 'forward'}.${to}`;
  const warned = back; // every step back carries a warning; no step forward does
  return {
    title,
    content: t(`${key}.content`, { dualWrite: modeName('DUAL_WRITE'), newOnly: modeName('NEW_ONLY') }),
    ...(warned ? { warning: t(`${key}.warning`, { dualWrite: modeName('DUAL_WRITE'), newOnly: modeName('NEW_ONLY') }) } : {}),
  };
}

const TASK_KINDS: MigrationTaskKind[] = ['STATIC_COPY', 'COPY', 'VERIFY', 'REPAIR'];
const TASK_STATUSES: MigrationTaskStatus[] = ['RUNNING', 'DONE', 'FAILED', 'CANCELLED'];
const DIFF_KINDS: MigrationDiffKind[] = ['MISSING_IN_COUPOND', 'MISSING_IN_LEGACY', 'DIFFERENT', 'STOCK'];

/** A task kind's name: "Static copy", "Verify" ... */
export function taskKindLabel(k: MigrationTaskKind): string {
  return known(TASK_KINDS, k) ? t(`taskKinds.${k}.label`) : k;
}

/** What each step does, for the buttons' tooltips. */
export function taskKindHelp(k: MigrationTaskKind): string {
  return known(TASK_KINDS, k) ? t(`taskKinds.${k}.help`, { legacyOnly: modeName('LEGACY_ONLY'), dualWrite: modeName('DUAL_WRITE') }) : '';
}

/** A task status as shown (in English its name: RUNNING). */
export function taskStatusLabel(s: MigrationTaskStatus): string {
  return known(TASK_STATUSES, s) ? t(`taskStatus.${s}`) : s;
}

export const TASK_STATUS_COLORS: Record<MigrationTaskStatus, string> = {
  RUNNING: 'processing',
  DONE: 'green',
  FAILED: 'red',
  CANCELLED: 'default',
};

/** A difference's kind: "Missing in coupond" ... */
export function diffKindLabel(k: MigrationDiffKind): string {
  return known(DIFF_KINDS, k) ? t(`diffKinds.${k}`) : k;
}

export const DIFF_KIND_COLORS: Record<MigrationDiffKind, string> = {
  MISSING_IN_COUPOND: 'orange',
  MISSING_IN_LEGACY: 'purple',
  DIFFERENT: 'red',
  STOCK: 'blue',
};

export interface TaskLike {
  id?: string;
  kind: MigrationTaskKind;
  status: MigrationTaskStatus;
  rowsPerSecond: number;
  done: number;
  total: number;
  written: number;
  users: number;
  differences: number;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string | null;
}

/**
 * 0..100, rounded down so that 100 means all done; a DONE task is at 100
 * even when its total was never known; null while the total is unknown.
 */
export function taskPercent(t: Pick<TaskLike, 'status' | 'done' | 'total'>): number | null {
  if (t.total > 0) return Math.max(0, Math.min(100, Math.floor((t.done / t.total) * 100)));
  if (t.status === 'DONE') return 100;
  return null;
}

/** Seconds between two RFC 3339 instants; null when either is missing or bad. */
function seconds(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const a = new Date(from).getTime();
  const b = new Date(to).getTime();
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return Math.max(0, (b - a) / 1000);
}

/** Seconds from `start` to `end` (to `now` without an end); null without a start. */
export function elapsedSeconds(start: string | null | undefined, end: string | null | undefined, now = Date.now()): number | null {
  return seconds(start, end ?? new Date(now).toISOString());
}

/** A whole count in the current language ("1,234"); "—" when missing. */
export function formatCount(n: number | null | undefined): string {
  return n == null ? '—' : formatNumber(Math.round(n));
}

/** A duration: "45s", "3m 05s", "2h 07m", "3d 4h" (zh-CN "45秒", "3分05秒" ...); below one second "<1s". */
export function formatDuration(secs: number): string {
  if (!Number.isFinite(secs) || secs < 0) return '—';
  if (secs < 1) return t('duration.underSecond');
  const s = Math.ceil(secs);
  const p = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return t('duration.s', { s });
  if (s < 3600) return t('duration.ms', { m: Math.floor(s / 60), s: p(s % 60) });
  if (s < 86400) return t('duration.hm', { h: Math.floor(s / 3600), m: p(Math.floor((s % 3600) / 60)) });
  return t('duration.dh', { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) });
}

/**
 * Rows (or templates, or differences) per second over the task's life: done
 * divided by the time from its start to its last report (updatedAt, or its
 * end). null before anything is done.
 */
export function taskRate(t: Pick<TaskLike, 'done' | 'startedAt' | 'updatedAt' | 'finishedAt'>): number | null {
  const s = seconds(t.startedAt, t.finishedAt ?? t.updatedAt);
  if (s == null || s <= 0 || !(t.done > 0)) return null;
  return t.done / s;
}

/** The rate as text ("250/s"), "—" when there is none yet. */
export function formatTaskRate(task: Pick<TaskLike, 'done' | 'startedAt' | 'updatedAt' | 'finishedAt'>): string {
  const r = taskRate(task);
  if (r == null || !Number.isFinite(r) || r <= 0) return '—';
  const digits = r >= 100 ? 0 : r >= 10 ? 1 : 2;
  const n = formatNumber(r, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return t('rate', { n });
}

/** Seconds left for a RUNNING task with a known total and a rate; else null. */
export function taskEtaSeconds(t: TaskLike): number | null {
  if (t.status !== 'RUNNING' || !(t.total > 0)) return null;
  const rate = taskRate(t);
  if (rate == null) return null;
  return Math.max(0, t.total - t.done) / rate;
}

/** The time left as text ("3m 05s"), "—" when it cannot be told. */
export function formatTaskEta(t: TaskLike): string {
  const s = taskEtaSeconds(t);
  return s == null ? '—' : formatDuration(s);
}

/** "0 = no limit": the copy's throttle as text. */
export function formatRowsPerSecondLimit(n: number): string {
  return n > 0 ? t('throttle.limit', { n: formatCount(n) }) : t('throttle.none');
}

/** "120 of 300", or "120" while the total is unknown. */
export function doneOfTotal(done: number, total: number): string {
  return total > 0 ? t('ofTotal', { done: formatCount(done), total: formatCount(total) }) : formatCount(done);
}

/** What the task did so far, one line per figure, in the words of its kind. */
export function taskSummaryLines(task: TaskLike): string[] {
  const n = formatCount;
  const progress = doneOfTotal(task.done, task.total);
  switch (task.kind) {
    case 'STATIC_COPY':
      return [t('summary.STATIC_COPY.read', { progress }), t('summary.STATIC_COPY.written', { count: task.written, n: n(task.written) })];
    case 'COPY':
      return [
        t('summary.COPY.read', { progress }),
        t('summary.COPY.written', { count: task.written, n: n(task.written) }),
        t('summary.COPY.throttle', { limit: formatRowsPerSecondLimit(task.rowsPerSecond) }),
      ];
    case 'VERIFY':
      return [
        t('summary.VERIFY.read', { progress }),
        t('summary.VERIFY.users', { count: task.users, n: n(task.users) }),
        t('summary.VERIFY.differences', { count: task.differences, n: n(task.differences) }),
      ];
    case 'REPAIR':
      return [t('summary.REPAIR.read', { progress }), t('summary.REPAIR.written', { count: task.written, n: n(task.written) })];
    default:
      return [];
  }
}

/** "3 of 3" templates copied. */
export function templatesSummary(m: { copiedTemplates: number; legacyTemplates: number }): string {
  return t('ofTotal', { done: formatCount(m.copiedTemplates), total: formatCount(m.legacyTemplates) });
}

/** A side of a difference as compared; an empty side is absent there. */
export function diffSideText(s: string | null | undefined): string {
  return s && s.trim() ? s : t('diffs.none');
}
