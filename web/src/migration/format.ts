// Display helpers for the migration from a monolith: the modes in order,
// task progress, rate and time left, and the texts of the page. Pure.
import type { MigrationDiffKind, MigrationMode, MigrationTaskKind, MigrationTaskStatus } from '../gql/graphql';
import { formatCount, formatDuration, formatRate } from '../issuance/format';

/** The modes in the order the migration goes through them, one step at a time. */
export const MIGRATION_MODES: MigrationMode[] = ['LEGACY_ONLY', 'DUAL_WRITE', 'DUAL_WRITE_NEW_READ', 'NEW_ONLY'];

/** What each mode means for the user coupons of migrated coupons. */
export const MODE_DESCRIPTIONS: Record<MigrationMode, string> = {
  LEGACY_ONLY: "Writes and reads use the monolith's tables only. Run the static copy here.",
  DUAL_WRITE: "Writes go to the monolith's tables first, then to coupond; reads use the monolith's. Copy, verify, repair.",
  DUAL_WRITE_NEW_READ: "Writes go to coupond first, then to the monolith's tables; reads use coupond. Verify again.",
  NEW_ONLY: "Writes and reads use coupond only; the monolith's tables are no longer written.",
};

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
  const title = back ? `Step back from ${from} to ${to}?` : `Move from ${from} to ${to}?`;
  switch (to) {
    case 'LEGACY_ONLY':
      return {
        title,
        content: "Writes stop going to coupond; reads stay on the monolith's tables.",
        warning:
          "coupond's copy falls behind the monolith's tables from now on. Before moving to DUAL_WRITE again, expect to copy, verify and repair.",
      };
    case 'DUAL_WRITE':
      return back
        ? {
            title,
            content: "Reads go back to the monolith's tables, and writes go to them first, then to coupond.",
            warning: 'Both sides are still written. Verify again before moving forward.',
          }
        : {
            title,
            content:
              "Writes of migrated coupons go to the monolith's tables first, then to coupond; reads stay on the monolith's tables. " +
              "Every instance follows within a second; coupond's stock of every migrated coupon is then set to the monolith's.",
          };
    case 'DUAL_WRITE_NEW_READ':
      return back
        ? {
            title,
            content: "Writes go to coupond first, then to the monolith's tables again; reads stay on coupond.",
            warning:
              "The monolith's tables missed every change made in NEW_ONLY. Run Verify, then Repair, to bring them up to date.",
          }
        : {
            title,
            content:
              "Writes go to coupond first, then to the monolith's tables; reads of migrated coupons come from coupond. Verify again in this mode before moving on.",
          };
    case 'NEW_ONLY':
      return {
        title,
        content:
          "Writes and reads use coupond only; the monolith's tables are no longer written. Stepping back later needs a verify and a repair to bring them up to date.",
      };
  }
}

export const TASK_KIND_LABELS: Record<MigrationTaskKind, string> = {
  STATIC_COPY: 'Static copy',
  COPY: 'Copy user coupons',
  VERIFY: 'Verify',
  REPAIR: 'Repair',
};

/** What each step does, for the buttons' tooltips. */
export const TASK_KIND_HELP: Record<MigrationTaskKind, string> = {
  STATIC_COPY: 'Copies the coupon templates and their stock. Run it in LEGACY_ONLY.',
  COPY: "Copies the monolith's user coupons from the checkpoint on. Runs once writes go to both sides (DUAL_WRITE).",
  VERIFY: 'Compares both sides user by user, and the stock; lists the differences.',
  REPAIR: "Works the repair log of failed second-side writes, then sets right the last verify's differences.",
};

export const TASK_STATUS_COLORS: Record<MigrationTaskStatus, string> = {
  RUNNING: 'processing',
  DONE: 'green',
  FAILED: 'red',
  CANCELLED: 'default',
};

export const DIFF_KIND_LABELS: Record<MigrationDiffKind, string> = {
  MISSING_IN_COUPOND: 'Missing in coupond',
  MISSING_IN_LEGACY: 'Missing in the monolith',
  DIFFERENT: 'Different',
  STOCK: 'Stock',
};

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
export function formatTaskRate(t: Pick<TaskLike, 'done' | 'startedAt' | 'updatedAt' | 'finishedAt'>): string {
  return formatRate(taskRate(t));
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
  return n > 0 ? `at most ${formatCount(n)} rows/s` : 'no limit';
}

/** "120 of 300", or "120" while the total is unknown. */
export function doneOfTotal(done: number, total: number): string {
  return total > 0 ? `${formatCount(done)} of ${formatCount(total)}` : formatCount(done);
}

/** What the task did so far, one line per figure, in the words of its kind. */
export function taskSummaryLines(t: TaskLike): string[] {
  const n = formatCount;
  switch (t.kind) {
    case 'STATIC_COPY':
      return [`${doneOfTotal(t.done, t.total)} templates read`, `${n(t.written)} templates copied by this task`];
    case 'COPY':
      return [
        `${doneOfTotal(t.done, t.total)} of the monolith's rows read`,
        `${n(t.written)} user coupons written to coupond`,
        `Throttle: ${formatRowsPerSecondLimit(t.rowsPerSecond)}`,
      ];
    case 'VERIFY':
      return [
        `${doneOfTotal(t.done, t.total)} of the monolith's rows compared`,
        `${n(t.users)} users compared`,
        `${n(t.differences)} ${t.differences === 1 ? 'difference' : 'differences'} found`,
      ];
    case 'REPAIR':
      return [
        `${doneOfTotal(t.done, t.total)} differences worked`,
        `${n(t.written)} repair log entries and differences set right`,
      ];
  }
}

/** "3 of 3" templates copied. */
export function templatesSummary(m: { copiedTemplates: number; legacyTemplates: number }): string {
  return `${formatCount(m.copiedTemplates)} of ${formatCount(m.legacyTemplates)}`;
}

/** A side of a difference as compared; an empty side is absent there. */
export function diffSideText(s: string | null | undefined): string {
  return s && s.trim() ? s : '(none)';
}
