import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import type { ProgressHandlers } from '../subscribe';
import JobDetailPage from './JobDetailPage';

// the websocket is replaced by a handle the test pushes through
const subs = vi.hoisted(() => ({ handlers: [] as { id: string; h: unknown }[], unsubscribed: 0 }));
vi.mock('../subscribe', () => ({
  subscribeJobProgress: (id: string, h: unknown) => {
    subs.handlers.push({ id, h });
    return () => {
      subs.unsubscribed++;
    };
  },
}));

beforeEach(() => {
  subs.handlers = [];
  subs.unsubscribed = 0;
});
afterEach(() => vi.unstubAllGlobals());

const JOB = {
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
  ratePerSecond: 20,
  lastError: 'line 17: empty user id',
  createdBy: 'admin',
  createdAt: '2026-03-01T10:00:00Z',
  startedAt: '2026-03-01T10:00:01Z',
  finishedAt: null,
};

const last = () => subs.handlers[subs.handlers.length - 1].h as ProgressHandlers;

describe('JobDetailPage', () => {
  it('shows progress, rate, ETA, counters and the last error, and follows the subscription', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, IssuanceJob: () => ({ issuanceJob: JOB }) });
    renderPage(<JobDetailPage />, { path: '/jobs/:id', url: '/jobs/job-1' });
    expect((await screen.findByTestId('job-title')).textContent).toBe('Spring win-back');
    expect(screen.getByTestId('job-status').textContent).toBe('Running');
    expect(screen.getByTestId('job-progress').getAttribute('data-percent')).toBe('40');
    expect(screen.getByTestId('job-progress-summary').textContent).toBe('400 / 1,000 processed');
    expect(screen.getByTestId('job-rate').textContent).toContain('20.0/s');
    expect(screen.getByTestId('job-eta').textContent).toContain('30s'); // 600 left at 20/s
    expect(screen.getByTestId('job-issued').textContent).toContain('390');
    expect(screen.getByTestId('job-failed').textContent).toContain('2');
    expect(screen.getByTestId('job-last-error').textContent).toContain('line 17: empty user id');
    expect(screen.getByTestId('job-action-pause')).toBeTruthy();
    expect(screen.getByTestId('job-action-cancel')).toBeTruthy();
    expect(screen.queryByTestId('job-action-resume')).toBeNull();

    await waitFor(() => expect(subs.handlers.map((s) => s.id)).toEqual(['job-1']));
    expect(screen.getByTestId('job-live-mode').getAttribute('data-mode')).toBe('socket');
    act(() => last().next({ ...JOB, processed: 700, issued: 690, ratePerSecond: 100 } as never));
    await waitFor(() => expect(screen.getByTestId('job-progress').getAttribute('data-percent')).toBe('70'));
    expect(screen.getByTestId('job-eta').textContent).toContain('3s');

    act(() =>
      last().next({ ...JOB, status: 'COMPLETED', processed: 1000, issued: 990, ratePerSecond: 0, finishedAt: '2026-03-01T10:01:00Z' } as never),
    );
    await waitFor(() => expect(screen.getByTestId('job-status').textContent).toBe('Completed'));
    expect(screen.getByTestId('job-progress').getAttribute('data-percent')).toBe('100');
    expect(screen.getByTestId('job-issued').textContent).toContain('990');
    expect(screen.queryByTestId('job-action-pause')).toBeNull();
    await waitFor(() => expect(subs.unsubscribed).toBe(1));
    expect(screen.getByTestId('job-live-mode').getAttribute('data-mode')).toBe('idle');
  });

  it('falls back to polling when the websocket fails', async () => {
    let reads = 0;
    mockGraphQL({
      Me: () => ADMIN_ME,
      IssuanceJob: () => ({ issuanceJob: { ...JOB, processed: 400 + 100 * reads++ } }),
    });
    renderPage(<JobDetailPage />, { path: '/jobs/:id', url: '/jobs/job-1' });
    await screen.findByTestId('job-title');
    await waitFor(() => expect(subs.handlers.length).toBe(1));
    act(() => last().error(new Error('socket closed')));
    await waitFor(() => expect(screen.getByTestId('job-live-mode').getAttribute('data-mode')).toBe('polling'));
    await waitFor(() => expect(reads).toBeGreaterThanOrEqual(3), { timeout: 3500 });
    expect(subs.handlers.length).toBe(1);
  });

  it('resumes a paused job and cancels after confirmation', async () => {
    let status = 'PAUSED';
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      IssuanceJob: () => ({ issuanceJob: { ...JOB, status, lastError: null } }),
      ResumeIssuanceJob: () => ((status = 'RUNNING'), { resumeIssuanceJob: { job: { ...JOB, status, lastError: null }, userErrors: [] } }),
      CancelIssuanceJob: () => ((status = 'CANCELLED'), { cancelIssuanceJob: { job: { ...JOB, status, lastError: null }, userErrors: [] } }),
    });
    renderPage(<JobDetailPage />, { path: '/jobs/:id', url: '/jobs/job-1' });
    expect((await screen.findByTestId('job-status')).textContent).toBe('Paused');
    expect(screen.queryByTestId('job-last-error')).toBeNull();
    fireEvent.click(screen.getByTestId('job-action-resume'));
    await waitFor(() => expect(screen.getByTestId('job-status').textContent).toBe('Running'));
    expect(calls.find((c) => c.operationName === 'ResumeIssuanceJob')?.variables).toEqual({ id: 'job-1' });

    fireEvent.click(screen.getByTestId('job-action-cancel'));
    fireEvent.click(await screen.findByTestId('job-cancel-confirm'));
    await waitFor(() => expect(screen.getByTestId('job-status').textContent).toBe('Cancelled'));
    expect(calls.some((c) => c.operationName === 'CancelIssuanceJob')).toBe(true);
  });

  it('renders in Chinese: status, counters, actions, live mode and times', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, IssuanceJob: () => ({ issuanceJob: JOB }) });
    await i18n.changeLanguage('zh-CN');
    renderPage(<JobDetailPage />, { path: '/jobs/:id', url: '/jobs/job-1' });
    expect((await screen.findByTestId('job-title')).textContent).toBe('Spring win-back');
    expect(screen.getByTestId('job-status').textContent).toBe('进行中');
    expect(screen.getByTestId('job-progress-summary').textContent).toBe('已处理 400 / 1,000');
    expect(screen.getByTestId('job-rate').textContent).toContain('20.0/秒');
    expect(screen.getByTestId('job-eta').textContent).toContain('剩余时间');
    expect(screen.getByTestId('job-eta').textContent).toContain('30秒');
    expect(screen.getByTestId('job-issued').textContent).toContain('已发放');
    expect(screen.getByTestId('job-action-pause').textContent).toMatch(/暂\s*停/);
    expect(screen.getByTestId('job-action-cancel').textContent).toBe('取消任务');
    expect(screen.getByText('详情')).toBeTruthy();
    expect(screen.getByText('创建人')).toBeTruthy();
    expect(document.body.textContent).toMatch(/2026\/03\/01 \d\d:00/);
    await waitFor(() => expect(screen.getByTestId('job-live-mode').textContent).toBe('实时'));
  });
});
