import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import {
  MIGRATION_MODES,
  diffSideText,
  doneOfTotal,
  formatRowsPerSecondLimit,
  formatTaskEta,
  formatTaskRate,
  modeChangeText,
  modeStep,
  previousMode,
  taskEtaSeconds,
  taskPercent,
  taskRate,
  taskSummaryLines,
  templatesSummary,
  type TaskLike,
} from './format';

const task = (over: Partial<TaskLike> = {}): TaskLike => ({
  kind: 'COPY',
  status: 'RUNNING',
  rowsPerSecond: 0,
  done: 0,
  total: 0,
  written: 0,
  users: 0,
  differences: 0,
  startedAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:00Z',
  finishedAt: null,
  ...over,
});

describe('modes', () => {
  it('are in the order of the migration', () => {
    expect(MIGRATION_MODES).toEqual(['LEGACY_ONLY', 'DUAL_WRITE', 'DUAL_WRITE_NEW_READ', 'NEW_ONLY']);
    expect(MIGRATION_MODES.map(modeStep)).toEqual([0, 1, 2, 3]);
    expect(modeStep(null)).toBe(0);
    expect(modeStep('SOMETHING_ELSE' as never)).toBe(0);
  });

  it('step back one at a time, not before the first', () => {
    expect(previousMode('LEGACY_ONLY')).toBeNull();
    expect(previousMode('DUAL_WRITE')).toBe('LEGACY_ONLY');
    expect(previousMode('DUAL_WRITE_NEW_READ')).toBe('DUAL_WRITE');
    expect(previousMode('NEW_ONLY')).toBe('DUAL_WRITE_NEW_READ');
  });

  it('name the change in the confirmation; a step back carries a warning', () => {
    const fwd = modeChangeText('LEGACY_ONLY', 'DUAL_WRITE');
    expect(fwd.title).toBe('Move from LEGACY_ONLY to DUAL_WRITE?');
    expect(fwd.content).toMatch(/monolith's tables first, then to coupond/);
    expect(fwd.warning).toBeUndefined();
    const back = modeChangeText('DUAL_WRITE', 'LEGACY_ONLY');
    expect(back.title).toBe('Step back from DUAL_WRITE to LEGACY_ONLY?');
    expect(back.warning).toMatch(/falls behind/);
    expect(modeChangeText('DUAL_WRITE_NEW_READ', 'DUAL_WRITE').warning).toBeTruthy();
    expect(modeChangeText('NEW_ONLY', 'DUAL_WRITE_NEW_READ').warning).toMatch(/Verify, then Repair/);
    expect(modeChangeText('DUAL_WRITE', 'DUAL_WRITE_NEW_READ').warning).toBeUndefined();
    expect(modeChangeText('DUAL_WRITE_NEW_READ', 'NEW_ONLY').content).toMatch(/no longer written/);
  });
});

describe('taskPercent', () => {
  it('is done over total, rounded down and bounded', () => {
    expect(taskPercent({ status: 'RUNNING', done: 150, total: 600 })).toBe(25);
    expect(taskPercent({ status: 'RUNNING', done: 599, total: 600 })).toBe(99);
    expect(taskPercent({ status: 'DONE', done: 600, total: 600 })).toBe(100);
    expect(taskPercent({ status: 'RUNNING', done: 700, total: 600 })).toBe(100);
  });
  it('is unknown without a total, unless the task is DONE', () => {
    expect(taskPercent({ status: 'RUNNING', done: 150, total: 0 })).toBeNull();
    expect(taskPercent({ status: 'CANCELLED', done: 150, total: 0 })).toBeNull();
    expect(taskPercent({ status: 'DONE', done: 600, total: 0 })).toBe(100);
  });
});

describe('rate and time left', () => {
  it('divides what is done by the time to the last report', () => {
    const t = task({ done: 500, total: 2000, updatedAt: '2026-03-01T10:00:02Z' });
    expect(taskRate(t)).toBe(250);
    expect(formatTaskRate(t)).toBe('250/s');
    expect(taskEtaSeconds(t)).toBe(6); // 1500 left at 250/s
    expect(formatTaskEta(t)).toBe('6s');
  });
  it('uses the end of a finished task', () => {
    const t = task({ status: 'DONE', done: 600, total: 600, updatedAt: '2026-03-01T10:00:04Z', finishedAt: '2026-03-01T10:00:04Z' });
    expect(formatTaskRate(t)).toBe('150/s');
    expect(taskEtaSeconds(t)).toBeNull();
    expect(formatTaskEta(t)).toBe('—');
  });
  it('has none before anything is done, or without a total', () => {
    expect(taskRate(task())).toBeNull();
    expect(formatTaskRate(task({ done: 10 }))).toBe('—'); // no time has passed
    expect(taskEtaSeconds(task({ done: 10, updatedAt: '2026-03-01T10:00:01Z' }))).toBeNull(); // total unknown
    expect(taskRate(task({ done: 10, startedAt: 'not a time', updatedAt: '2026-03-01T10:00:01Z' }))).toBeNull();
    expect(formatTaskEta(task({ done: 100, total: 1000, updatedAt: '2026-03-01T10:00:01Z' }))).toBe('9s');
  });
});

describe('summaries', () => {
  it('read in the words of each kind', () => {
    expect(taskSummaryLines(task({ kind: 'STATIC_COPY', done: 3, total: 3, written: 3 }))).toEqual([
      '3 of 3 templates read',
      '3 templates copied by this task',
    ]);
    expect(taskSummaryLines(task({ kind: 'COPY', done: 1200, total: 5000, written: 1199, rowsPerSecond: 500 }))).toEqual([
      "1,200 of 5,000 of the monolith's rows read",
      '1,199 user coupons written to coupond',
      'Throttle: at most 500 rows/s',
    ]);
    expect(taskSummaryLines(task({ kind: 'VERIFY', done: 600, users: 200, differences: 1 }))).toEqual([
      "600 of the monolith's rows compared",
      '200 users compared',
      '1 difference found',
    ]);
    expect(taskSummaryLines(task({ kind: 'VERIFY', done: 600, users: 200, differences: 0 }))[2]).toBe('0 differences found');
    expect(taskSummaryLines(task({ kind: 'REPAIR', done: 4, total: 4, written: 6 }))).toEqual([
      '4 of 4 differences worked',
      '6 repair log entries and differences set right',
    ]);
  });

  it('format counts and limits', () => {
    expect(doneOfTotal(1234, 0)).toBe('1,234');
    expect(doneOfTotal(1, 3)).toBe('1 of 3');
    expect(templatesSummary({ copiedTemplates: 0, legacyTemplates: 3 })).toBe('0 of 3');
    expect(formatRowsPerSecondLimit(0)).toBe('no limit');
    expect(formatRowsPerSecondLimit(2500)).toBe('at most 2,500 rows/s');
    expect(diffSideText('')).toBe('(none)');
    expect(diffSideText('  ')).toBe('(none)');
    expect(diffSideText('remaining 5')).toBe('remaining 5');
  });
});

describe('in Chinese', () => {
  it('writes the modes, the confirmations, the summaries and the durations in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    const back = modeChangeText('NEW_ONLY', 'DUAL_WRITE_NEW_READ');
    expect(back.title).toBe('确认从 仅新系统（NEW_ONLY） 回退到 双写读新（DUAL_WRITE_NEW_READ）？');
    expect(back.warning).toContain('仅新系统（NEW_ONLY）');
    expect(back.warning).toContain('「校验」');
    expect(modeChangeText('LEGACY_ONLY', 'DUAL_WRITE').warning).toBeUndefined();
    expect(taskSummaryLines(task({ kind: 'VERIFY', done: 600, users: 200, differences: 1 }))).toEqual([
      '已比对旧系统记录 600 行',
      '已比对 200 个用户',
      '发现 1 处差异',
    ]);
    expect(doneOfTotal(1200, 5000)).toBe('1,200 / 5,000');
    expect(formatRowsPerSecondLimit(0)).toBe('不限速');
    expect(formatRowsPerSecondLimit(2500)).toBe('每秒最多 2,500 行');
    expect(formatTaskRate(task({ done: 500, total: 2000, updatedAt: '2026-03-01T10:00:02Z' }))).toBe('250/秒');
    expect(formatTaskEta(task({ done: 1, total: 400, updatedAt: '2026-03-01T10:00:01Z' }))).toBe('6 分 39 秒');
    expect(diffSideText('')).toBe('（无）');
  });
});
