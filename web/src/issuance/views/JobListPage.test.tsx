import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import JobListPage from './JobListPage';

afterEach(() => vi.unstubAllGlobals());

const job = (over: Record<string, unknown>) => ({
  id: 'job-1',
  name: 'Spring win-back',
  coupon: { id: 'c1', name: 'Five off' },
  status: 'RUNNING',
  audienceSize: 1000,
  processed: 400,
  issued: 390,
  skipped: 8,
  failed: 2,
  notified: 0,
  ratePerSecond: 123.4,
  lastError: null,
  createdBy: 'admin',
  createdAt: '2026-03-01T10:00:00Z',
  startedAt: '2026-03-01T10:00:01Z',
  finishedAt: null,
  ...over,
});

const page = (nodes: unknown[], hasNextPage = false, totalCount = nodes.length) => ({
  issuanceJobs: {
    edges: nodes.map((n, i) => ({ cursor: `c${i}`, node: n })),
    pageInfo: { hasNextPage, endCursor: hasNextPage ? 'next' : null },
    totalCount,
  },
});

describe('JobListPage', () => {
  it('lists jobs with status, progress, counters and rate, and loads more', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      IssuanceJobs: (v) =>
        v.after
          ? page([job({ id: 'job-3', name: 'Old one', status: 'CANCELLED', processed: 10 })], false, 3)
          : page(
              [
                job({}),
                job({ id: 'job-2', name: 'Done', status: 'COMPLETED', processed: 1000, issued: 1000, skipped: 0, failed: 0, notified: 1000 }),
              ],
              true,
              3,
            ),
    });
    renderPage(<JobListPage />, { path: '/jobs', url: '/jobs' });
    const row = (await screen.findByText('Spring win-back')).closest('tr')!;
    expect(row.textContent).toContain('Running');
    expect(row.textContent).toContain('Five off');
    expect(row.textContent).toContain('400 / 1,000');
    expect(row.textContent).toContain('390');
    expect(row.textContent).toContain('123/s');
    expect(row.querySelector('[data-testid=job-row-progress]')?.getAttribute('data-percent')).toBe('40');
    expect(screen.getByText('Spring win-back').getAttribute('href')).toBe('/jobs/job-1');

    const done = screen.getByText('Done').closest('tr')!;
    expect(done.textContent).toContain('Completed');
    expect(done.querySelector('[data-testid=job-row-progress]')?.getAttribute('data-percent')).toBe('100');
    expect(screen.getByTestId('jobs-total').textContent).toBe('Showing 2 of 3');
    expect(await screen.findByTestId('new-job')).toBeTruthy();

    fireEvent.click(screen.getByTestId('jobs-more'));
    await screen.findByText('Old one');
    expect(screen.getByTestId('jobs-total').textContent).toBe('Showing 3 of 3');
    expect(calls.find((c) => c.operationName === 'IssuanceJobs' && c.variables.after)?.variables).toMatchObject({
      after: 'next',
      first: 20,
      status: null,
      couponId: null,
    });
  });

  it('filters by status from the URL and polls while a job runs', async () => {
    const { calls } = mockGraphQL({ Me: () => ADMIN_ME, IssuanceJobs: () => page([job({})]) });
    renderPage(<JobListPage />, { path: '/jobs', url: '/jobs?status=RUNNING,PAUSED' });
    await screen.findByText('Spring win-back');
    expect(calls.find((c) => c.operationName === 'IssuanceJobs')?.variables.status).toEqual(['RUNNING', 'PAUSED']);
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'IssuanceJobs').length).toBeGreaterThan(1), {
      timeout: 3500,
    });
  });

  it('hides "New job" from analysts and shows errors', async () => {
    mockGraphQL({
      Me: () => ({ me: { id: 'u2', name: 'ann', kind: 'CONSOLE_USER', roles: ['ANALYST'] } }),
      IssuanceJobs: () => ({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }),
    });
    renderPage(<JobListPage />, { path: '/jobs', url: '/jobs' });
    expect((await screen.findByTestId('jobs-error')).textContent).toContain('You do not have permission');
    expect(screen.queryByTestId('new-job')).toBeNull();
  });

  it('renders in Chinese: title, columns, statuses, rate, times and totals', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      IssuanceJobs: () => page([job({}), job({ id: 'job-2', name: 'Done', status: 'COMPLETED', processed: 1000 })], true, 3),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<JobListPage />, { path: '/jobs', url: '/jobs' });
    const row = (await screen.findByText('Spring win-back')).closest('tr')!;
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('发放任务');
    expect(screen.getByTestId('new-job').textContent).toMatch(/新建任务/);
    const head = screen.getByTestId('jobs-table').querySelector('thead')!.textContent;
    for (const col of ['名称', '优惠券', '状态', '进度', '已发放', '已跳过', '失败', '已通知', '速率', '创建时间']) expect(head).toContain(col);
    expect(row.textContent).toContain('进行中');
    expect(row.textContent).toContain('123/秒');
    expect(row.textContent).toContain('由 admin 创建');
    expect(row.textContent).toMatch(/2026\/03\/01 \d\d:00/);
    expect(screen.getByText('Done').closest('tr')!.textContent).toContain('已完成');
    expect(screen.getByTestId('jobs-total').textContent).toBe('显示 2 条，共 3 条');
    expect(screen.getByTestId('jobs-more').textContent).toMatch(/加载更多/);
  });
});
