import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import MigrationPage from './MigrationPage';

afterEach(() => vi.unstubAllGlobals());

const TASK = {
  id: '7',
  kind: 'COPY',
  status: 'RUNNING',
  mode: 'DUAL_WRITE',
  rowsPerSecond: 500,
  done: 1500,
  total: 6000,
  written: 1490,
  users: 0,
  differences: 0,
  error: null,
  startedBy: 'admin',
  startedAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:03Z',
  finishedAt: null,
};

const VERIFY = {
  ...TASK,
  id: '5',
  kind: 'VERIFY',
  status: 'DONE',
  rowsPerSecond: 0,
  done: 6000,
  total: 0,
  written: 6000,
  users: 2000,
  differences: 2,
  finishedAt: '2026-03-01T09:00:00Z',
};

const MIGRATION = {
  mode: 'LEGACY_ONLY',
  modeChangedAt: null,
  modeChangedBy: null,
  configured: true,
  legacyTemplates: 3,
  copiedTemplates: 0,
  legacyRows: 600,
  copiedThrough: 0,
  rowsBehind: 600,
  pendingRepairs: 0,
  task: null,
  lastVerify: null,
  nextMode: 'DUAL_WRITE',
  blockers: ['the static copy is not done: 0 of 3 templates copied'],
};

const DIFFS = {
  migration: {
    lastVerify: {
      id: '5',
      diffs: {
        edges: [
          {
            cursor: 'c1',
            node: {
              id: '1',
              kind: 'DIFFERENT',
              userId: '42',
              couponId: '1',
              legacyId: '5',
              userCouponId: 'uc_2_Mg',
              legacy: 'coupon 1 USED order o-x',
              coupond: 'coupon 1 UNUSED',
              repaired: false,
            },
          },
          {
            cursor: 'c2',
            node: {
              id: '2',
              kind: 'STOCK',
              userId: null,
              couponId: '1',
              legacyId: null,
              userCouponId: null,
              legacy: 'remaining 99995',
              coupond: 'remaining 100000',
              repaired: true,
            },
          },
        ],
        pageInfo: { hasNextPage: false, endCursor: 'c2' },
      },
    },
  },
};

const page = () => renderPage(<MigrationPage />, { path: '/migration', url: '/migration' });

describe('MigrationPage', () => {
  it('shows the mode, the figures and the blockers; the advance button is disabled while they remain', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Migration: () => ({ migration: MIGRATION }) });
    page();
    const steps = await screen.findByTestId('migration-mode');
    expect(steps.getAttribute('data-mode')).toBe('LEGACY_ONLY');
    expect(screen.getByTestId('migration-mode-current').textContent).toBe('LEGACY_ONLY');
    expect(steps.querySelector('.ant-steps-item-active, .ant-steps-item-process')?.textContent).toContain('LEGACY_ONLY');
    expect(screen.getByTestId('migration-mode-changed').textContent).toMatch(/never been changed/);
    expect(screen.getByTestId('migration-templates').textContent).toContain('0 of 3');
    expect(screen.getByTestId('migration-legacy-rows').textContent).toContain('600');
    expect(screen.getByTestId('migration-rows-behind').textContent).toContain('600');
    expect(screen.queryByTestId('migration-unconfigured')).toBeNull();

    expect(screen.getAllByTestId('migration-blocker').map((b) => b.textContent)).toEqual([
      'the static copy is not done: 0 of 3 templates copied',
    ]);
    expect(screen.queryByTestId('migration-ready')).toBeNull();
    const advance = screen.getByTestId('migration-advance') as HTMLButtonElement;
    expect(advance.textContent).toBe('Move to DUAL_WRITE');
    expect(advance.disabled).toBe(true);
    expect(screen.queryByTestId('migration-back')).toBeNull(); // nothing before LEGACY_ONLY

    // the copy waits for DUAL_WRITE; no task runs, so nothing to cancel
    expect((screen.getByTestId('migration-start-COPY') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('migration-start-STATIC_COPY') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId('migration-cancel')).toBeNull();
    expect(screen.getByTestId('migration-no-task')).toBeTruthy();
    expect(screen.getByTestId('migration-no-verify')).toBeTruthy();
  });

  it('warns when the instance has no monolith database, and shows why a task is refused', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Migration: () => ({ migration: { ...MIGRATION, configured: false, legacyTemplates: 0, legacyRows: 0, rowsBehind: 0 } }),
      StartMigrationTask: () => ({
        errors: [{ message: 'this instance has no legacy database (COUPOND_LEGACY_DSN)', extensions: { code: 'UNAVAILABLE' } }],
      }),
    });
    page();
    expect((await screen.findByTestId('migration-unconfigured')).textContent).toMatch(/COUPOND_LEGACY_DSN/);
    fireEvent.click(screen.getByTestId('migration-start-STATIC_COPY'));
    await waitFor(() => expect(document.body.textContent).toContain('Static copy was not started'));
    expect(document.body.textContent).toContain('The server refused: this instance has no legacy database (COUPOND_LEGACY_DSN)');
    expect(document.body.textContent).not.toContain('Please try again shortly');
  });

  it('shows a running task with progress, is read every second, and cancels it after confirmation', async () => {
    let reads = 0;
    let cancelled = false;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Migration: () => {
        reads++;
        return {
          migration: {
            ...MIGRATION,
            mode: 'DUAL_WRITE',
            modeChangedAt: '2026-03-01T09:30:00Z',
            modeChangedBy: 'alice',
            copiedTemplates: 3,
            copiedThrough: 1500,
            rowsBehind: 4500,
            nextMode: 'DUAL_WRITE_NEW_READ',
            blockers: ['task 7 (COPY) is running'],
            task: cancelled ? { ...TASK, status: 'CANCELLED', finishedAt: '2026-03-01T10:00:04Z' } : TASK,
          },
        };
      },
      CancelMigrationTask: () => ((cancelled = true), { cancelMigrationTask: { task: TASK, userErrors: [] } }),
    });
    page();
    expect((await screen.findByTestId('migration-task-status')).textContent).toBe('RUNNING');
    expect(screen.getByTestId('migration-mode').getAttribute('data-mode')).toBe('DUAL_WRITE');
    expect(screen.getByTestId('migration-mode-changed').textContent).toContain('set by alice');
    expect(screen.getByTestId('migration-copied-through').textContent).toMatch(/1500$/); // an id, not grouped
    expect(screen.getByTestId('migration-rows-behind').textContent).toMatch(/4,500$/);
    expect(screen.getByTestId('migration-task-kind').textContent).toBe('Copy user coupons');
    expect(screen.getByTestId('migration-task-progress').getAttribute('data-percent')).toBe('25');
    expect(screen.getByTestId('migration-task-done').textContent).toContain('1,500 of 6,000');
    expect(screen.getByTestId('migration-task-rate').textContent).toContain('500/s'); // 1,500 in 3 s
    expect(screen.getByTestId('migration-task-eta').textContent).toContain('9s');
    expect(screen.getByTestId('migration-task-summary').textContent).toContain('Throttle: at most 500 rows/s');
    expect(screen.getByTestId('migration-back').textContent).toBe('Step back to LEGACY_ONLY');
    expect((screen.getByTestId('migration-advance') as HTMLButtonElement).disabled).toBe(true);
    for (const k of ['STATIC_COPY', 'COPY', 'VERIFY', 'REPAIR']) {
      expect((screen.getByTestId(`migration-start-${k}`) as HTMLButtonElement).disabled).toBe(true);
    }
    await waitFor(() => expect(reads).toBeGreaterThanOrEqual(3), { timeout: 3500 });

    fireEvent.click(screen.getByTestId('migration-cancel'));
    fireEvent.click(await screen.findByTestId('migration-cancel-confirm'));
    await waitFor(() => expect(screen.getByTestId('migration-task-status').textContent).toBe('CANCELLED'));
    expect(calls.some((c) => c.operationName === 'CancelMigrationTask')).toBe(true);
    expect(screen.queryByTestId('migration-cancel')).toBeNull();
    // no longer read every second
    const after = reads;
    await new Promise((r) => setTimeout(r, 1500));
    expect(reads).toBe(after);
  });

  it('starts a copy with the throttle and shows a refusal from the server', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Migration: () => ({ migration: { ...MIGRATION, mode: 'DUAL_WRITE', copiedTemplates: 3, nextMode: 'DUAL_WRITE_NEW_READ', blockers: [] } }),
      StartMigrationTask: (v) =>
        v.kind === 'COPY'
          ? { startMigrationTask: { task: { ...TASK, rowsPerSecond: v.rowsPerSecond }, userErrors: [] } }
          : {
              startMigrationTask: {
                task: null,
                userErrors: [{ field: null, message: 'another migration task is running: wait for it or cancel it', code: 'CONFLICT' }],
              },
            },
    });
    page();
    expect((await screen.findByTestId('migration-ready')).textContent).toContain('nothing blocks DUAL_WRITE_NEW_READ');
    expect((screen.getByTestId('migration-advance') as HTMLButtonElement).disabled).toBe(false);

    const rate = within(screen.getByTestId('migration-tasks')).getByRole('spinbutton');
    fireEvent.change(rate, { target: { value: '250' } });
    fireEvent.blur(rate);
    fireEvent.click(screen.getByTestId('migration-start-COPY'));
    await waitFor(() => expect(calls.find((c) => c.operationName === 'StartMigrationTask')?.variables).toEqual({ kind: 'COPY', rowsPerSecond: 250 }));

    fireEvent.click(screen.getByTestId('migration-start-VERIFY'));
    await waitFor(() => expect(document.body.textContent).toContain('another migration task is running: wait for it or cancel it'));
    expect(document.body.textContent).toContain('Verify was not started');
    expect(calls.filter((c) => c.operationName === 'StartMigrationTask')[1].variables).toEqual({ kind: 'VERIFY', rowsPerSecond: null });
  });

  it('moves to the next mode after confirmation, and steps back with a warning', async () => {
    let mode = 'DUAL_WRITE';
    const m = () => ({
      ...MIGRATION,
      mode,
      copiedTemplates: 3,
      nextMode: mode === 'DUAL_WRITE' ? 'DUAL_WRITE_NEW_READ' : 'NEW_ONLY',
      blockers: mode === 'DUAL_WRITE' ? [] : ['no verify has run since the mode became DUAL_WRITE_NEW_READ'],
      modeChangedAt: '2026-03-01T10:00:00Z',
      modeChangedBy: 'admin',
    });
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Migration: () => ({ migration: m() }),
      SetMigrationMode: (v) => ((mode = v.mode as string), { setMigrationMode: { migration: m(), userErrors: [] } }),
    });
    page();
    fireEvent.click(await screen.findByTestId('migration-advance'));
    expect((await screen.findAllByText('Move from DUAL_WRITE to DUAL_WRITE_NEW_READ?')).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByTestId('migration-mode-confirm'));
    await waitFor(() => expect(screen.getByTestId('migration-mode').getAttribute('data-mode')).toBe('DUAL_WRITE_NEW_READ'));
    expect(calls.find((c) => c.operationName === 'SetMigrationMode')?.variables).toEqual({ mode: 'DUAL_WRITE_NEW_READ' });
    expect(screen.getByTestId('migration-blocker').textContent).toMatch(/no verify has run/);
    expect((screen.getByTestId('migration-advance') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('migration-back'));
    expect((await screen.findAllByText('Step back from DUAL_WRITE_NEW_READ to DUAL_WRITE?')).length).toBeGreaterThan(0);
    expect(document.body.textContent).toContain('Verify again before moving forward.');
    await waitFor(() => expect(screen.getAllByTestId('migration-mode-confirm').length).toBeGreaterThan(0));
    const confirms = screen.getAllByTestId('migration-mode-confirm');
    fireEvent.click(confirms[confirms.length - 1]);
    await waitFor(() => expect(screen.getByTestId('migration-mode').getAttribute('data-mode')).toBe('DUAL_WRITE'));
    expect(calls.filter((c) => c.operationName === 'SetMigrationMode').map((c) => c.variables.mode)).toEqual([
      'DUAL_WRITE_NEW_READ',
      'DUAL_WRITE',
    ]);
  });

  it("lists the last verify's differences", async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Migration: () => ({
        migration: {
          ...MIGRATION,
          mode: 'DUAL_WRITE',
          nextMode: 'DUAL_WRITE_NEW_READ',
          task: VERIFY,
          lastVerify: VERIFY,
          blockers: ['the last verify found 2 differences: repair them, then verify again'],
        },
      }),
      MigrationDiffs: () => DIFFS,
    });
    page();
    const table = await screen.findByTestId('migration-diffs-table');
    await waitFor(() => expect(table.querySelectorAll('tbody tr[data-row-key]').length).toBe(2));
    const first = table.querySelector('tr[data-row-key="1"]') as HTMLElement;
    expect(first.textContent).toContain('Different');
    expect(first.textContent).toContain('42');
    expect(first.textContent).toContain('uc_2_Mg');
    expect(first.textContent).toContain('coupon 1 USED order o-x');
    expect(first.textContent).toContain('coupon 1 UNUSED');
    expect(first.textContent).toContain('Not yet');
    const stock = table.querySelector('tr[data-row-key="2"]') as HTMLElement;
    expect(stock.textContent).toContain('Stock');
    expect(stock.textContent).toContain('remaining 99995');
    expect(stock.textContent).toContain('Repaired');
    expect(screen.getByTestId('migration-diffs-total').textContent).toBe('Showing 2 of 2');
    expect(screen.getByTestId('migration-task-differences').textContent).toContain('2');
    expect(calls.find((c) => c.operationName === 'MigrationDiffs')?.variables).toEqual({ first: 50, after: null });
  });

  it('keeps the last figures, with a warning, when a read fails while a task runs', async () => {
    let reads = 0;
    mockGraphQL({
      Me: () => ADMIN_ME,
      Migration: () =>
        reads++ === 0
          ? { migration: { ...MIGRATION, mode: 'DUAL_WRITE', nextMode: 'DUAL_WRITE_NEW_READ', task: TASK } }
          : { errors: [{ message: 'db down', extensions: { code: 'INTERNAL' } }] },
    });
    page();
    expect((await screen.findByTestId('migration-task-status')).textContent).toBe('RUNNING');
    expect((await screen.findByTestId('migration-stale', {}, { timeout: 3000 })).textContent).toContain('Something went wrong on the server.');
    expect(screen.getByTestId('migration-task-progress').getAttribute('data-percent')).toBe('25');
    expect(screen.queryByTestId('migration-load-error')).toBeNull();
  });

  it('shows the error when the migration cannot be read', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Migration: () => ({ errors: [{ message: 'forbidden', extensions: { code: 'FORBIDDEN' } }] }),
    });
    page();
    expect((await screen.findByTestId('migration-load-error')).textContent).toContain('You do not have permission to do this.');
  });
});

describe('MigrationPage in Chinese', () => {
  it('names the modes, tasks, figures and confirmations in Chinese', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Migration: () => ({
        migration: {
          ...MIGRATION,
          mode: 'DUAL_WRITE',
          modeChangedAt: '2026-03-01T09:30:00Z',
          modeChangedBy: 'alice',
          copiedTemplates: 3,
          nextMode: 'DUAL_WRITE_NEW_READ',
          blockers: [],
          task: { ...TASK, status: 'DONE', finishedAt: '2026-03-01T10:00:03Z', done: 6000, written: 6000 },
          lastVerify: VERIFY,
        },
      }),
      MigrationDiffs: () => DIFFS,
      Resharding: () => ({ errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] }),
    });
    await i18n.changeLanguage('zh-CN');
    page();
    expect(await screen.findByText('旧系统数据迁移')).toBeTruthy();
    expect(screen.getByTestId('migration-mode-current').textContent).toBe('双写读旧（DUAL_WRITE）');
    expect(screen.getByTestId('migration-mode-changed').textContent).toContain('由 alice 切换');
    expect(screen.getByTestId('migration-templates').textContent).toContain('3 / 3');
    expect(screen.getByText('已复制模板')).toBeTruthy();
    expect(screen.getByTestId('migration-task-kind').textContent).toBe('回填用户优惠券');
    expect(screen.getByTestId('migration-task-status').textContent).toBe('已完成');
    expect(screen.getByTestId('migration-task-rate').textContent).toContain('2,000/秒');
    expect(screen.getByTestId('migration-task-summary').textContent).toContain('已向 coupond 写入 6,000 张用户优惠券');
    expect(screen.getByTestId('migration-task-summary').textContent).toContain('限速：每秒最多 500 行');
    expect(screen.getByTestId('migration-start-VERIFY').textContent).toMatch(/^校\s?验$/); // antd spaces two-character labels
    expect(screen.getByTestId('migration-start-REPAIR').textContent).toMatch(/^修\s?复$/);
    expect(screen.getByTestId('migration-ready').textContent).toContain('就绪');

    const table = await screen.findByTestId('migration-diffs-table');
    await waitFor(() => expect(table.querySelectorAll('tbody tr[data-row-key]').length).toBe(2));
    expect(table.querySelector('tr[data-row-key="1"]')!.textContent).toContain('数据不一致');
    expect(table.querySelector('tr[data-row-key="1"]')!.textContent).toContain('未修复');
    expect(table.querySelector('tr[data-row-key="2"]')!.textContent).toContain('库存不一致');
    expect(screen.getByTestId('migration-diffs-total').textContent).toBe('显示 2 / 2 条');
    expect(screen.getByTestId('migration-verify-summary').textContent).toContain('2 处差异');

    fireEvent.click(screen.getByTestId('migration-advance'));
    expect((await screen.findAllByText('确认从 双写读旧（DUAL_WRITE） 切换到 双写读新（DUAL_WRITE_NEW_READ）？')).length).toBeGreaterThan(0);
    expect(screen.getAllByText('保持 双写读旧（DUAL_WRITE）').length).toBeGreaterThan(0);
    fireEvent.click(screen.getByTestId('migration-back'));
    expect((await screen.findAllByText('确认从 双写读旧（DUAL_WRITE） 回退到 仅旧系统（LEGACY_ONLY）？')).length).toBeGreaterThan(0);
    expect(document.body.textContent).toContain('从现在起，coupond 中的数据将落后于旧系统的表');
  });
});
