import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import JobCreatePage, { jobInputFromForm } from './JobCreatePage';

afterEach(() => vi.unstubAllGlobals());

const COUPONS = {
  coupons: { edges: [{ node: { id: 'c1', name: 'Five off', remainingStock: 900, totalStock: 1000 } }], totalCount: 1 },
};

describe('JobCreatePage', () => {
  it('pastes ids, shows server userErrors on the coupon step, then creates and opens the job', async () => {
    let attempts = 0;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      TargetedCoupons: () => COUPONS,
      Tags: () => ({ tags: [] }),
      CreateIssuanceJob: () =>
        ++attempts === 1
          ? {
              createIssuanceJob: {
                job: null,
                userErrors: [{ field: ['input', 'couponId'], message: 'the coupon is not open to TARGETED', code: 'CHANNEL_CLOSED' }],
              },
            }
          : {
              createIssuanceJob: {
                job: {
                  id: 'job-9', name: 'Spring', coupon: { id: 'c1', name: 'Five off' }, status: 'PENDING', audienceSize: 3,
                  processed: 0, issued: 0, skipped: 0, failed: 0, notified: 0, ratePerSecond: 0, lastError: null,
                  createdBy: 'admin', createdAt: '2026-03-01T10:00:00Z', startedAt: null, finishedAt: null,
                },
                userErrors: [],
              },
            },
    });
    const { router } = renderPage(<JobCreatePage />, { path: '/jobs/new', url: '/jobs/new?couponId=c1' });
    fireEvent.click(await screen.findByTestId('job-next'));
    const textarea = (await screen.findByTestId('job-step-audience')).querySelector('textarea')!;
    await waitFor(() => expect(screen.getByTestId('job-step-audience').style.display).toBe(''));
    fireEvent.change(textarea, { target: { value: 'a b,c\na' } });
    await waitFor(() => expect(screen.getByTestId('job-id-count').textContent).toContain('3 user ids (1 duplicate dropped)'));
    fireEvent.click(screen.getByTestId('job-next'));
    fireEvent.click(await screen.findByTestId('job-submit'));

    await screen.findByText('the coupon is not open to TARGETED');
    expect(document.getElementById('job_couponId')?.closest('.ant-form-item')?.textContent).toContain('not open to TARGETED');
    expect(screen.getByTestId('job-step-coupon').style.display).toBe('');
    expect(calls.find((c) => c.operationName === 'CreateIssuanceJob')?.variables).toEqual({
      input: {
        couponId: 'c1',
        audience: { userIds: ['a', 'b', 'c'] },
        notify: false,
        batchSize: 1000,
        readBatchSize: 5000,
        notifyBatchSize: 500,
      },
    });

    fireEvent.click(screen.getByTestId('job-next'));
    await waitFor(() => expect(screen.getByTestId('job-step-audience').style.display).toBe(''));
    fireEvent.click(screen.getByTestId('job-next'));
    fireEvent.click(await screen.findByTestId('job-submit'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/jobs/job-9'));
  });

  it('builds the input of one audience kind', () => {
    const base = { couponId: 'c1', notify: true, batchSize: 10, readBatchSize: 20, notifyBatchSize: 5, name: '  Spring ' };
    expect(
      jobInputFromForm({ ...base, audienceKind: 'tags', audience: { userIds: 'x y', tags: { anyOf: ['vip'] } } }),
    ).toEqual({
      couponId: 'c1',
      name: 'Spring',
      notify: true,
      batchSize: 10,
      readBatchSize: 20,
      notifyBatchSize: 5,
      audience: { tags: { anyOf: ['vip'], allOf: [], noneOf: [] } },
    });
    const file = new File(['u1\n'], 'a.csv');
    expect(
      jobInputFromForm({ ...base, audienceKind: 'file', audience: { file: [{ uid: '1', name: 'a.csv', originFileObj: file as never }] } })
        .audience,
    ).toEqual({ file });
  });
});
