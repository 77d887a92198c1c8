import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage, type GraphQLCall } from '../../test/render';
import JobCreatePage, { jobInputFromForm } from './JobCreatePage';

// several steps of an antd form per test: slow on a busy machine
vi.setConfig({ testTimeout: 30_000 });
configure({ asyncUtilTimeout: 5000 });
afterEach(() => vi.unstubAllGlobals());

const COUPONS = {
  coupons: { edges: [{ node: { id: 'c1', name: 'Five off', remainingStock: 900, totalStock: 1000 } }], totalCount: 1 },
};

/** the coupon as the review reads it (CouponFields) */
const coupon = (over: Record<string, unknown> = {}) => ({
  coupon: {
    id: 'c1',
    name: 'Five off',
    description: '',
    status: 'ACTIVE',
    currency: 'USD',
    discount: { kind: 'AMOUNT_OFF', amountOff: '5.00', percentOff: null, maxDiscount: null, minOrderAmount: null },
    validity: { kind: 'RELATIVE', startsAt: null, endsAt: null, days: 30 },
    claimStartsAt: null,
    claimEndsAt: null,
    channels: ['TARGETED'],
    totalStock: 1000,
    remainingStock: 900,
    perUserLimit: 2,
    stockSlots: 1,
    productScope: { kind: 'ALL', productIds: [], categoryIds: [] },
    tagRule: { anyOf: [], allOf: [], noneOf: [] },
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    ...over,
  },
});

const JOB = {
  id: 'job-9', name: 'Spring', coupon: { id: 'c1', name: 'Five off' }, status: 'PENDING', audienceSize: 3,
  processed: 0, issued: 0, skipped: 0, failed: 0, notified: 0, ratePerSecond: 0, lastError: null,
  createdBy: 'admin', createdAt: '2026-03-01T10:00:00Z', startedAt: null, finishedAt: null,
};

const visible = (testId: string) => expect(screen.getByTestId(testId).style.display).toBe('');

/** from the coupon step (coupon preselected) to the review, pasting `ids` */
async function toReview(ids: string) {
  fireEvent.click(await screen.findByTestId('job-next'));
  await waitFor(() => visible('job-step-audience'));
  fireEvent.change(screen.getByTestId('job-step-audience').querySelector('textarea')!, { target: { value: ids } });
  fireEvent.click(screen.getByTestId('job-next'));
  await waitFor(() => visible('job-step-settings'));
  fireEvent.click(screen.getByTestId('job-next'));
  return screen.findByTestId('job-step-review');
}

/** clicks OK in the open "Start this job?" confirm (closed ones linger in the DOM, leaving) */
async function confirmStart() {
  const ok = await waitFor(() => {
    const open = screen.queryAllByTestId('job-start-confirm').filter((b) => !b.closest('.ant-zoom-leave'));
    expect(open).toHaveLength(1);
    return open[0];
  });
  fireEvent.click(ok);
}

const creates = (calls: GraphQLCall[]) => calls.filter((c) => c.operationName === 'CreateIssuanceJob');

describe('JobCreatePage', () => {
  it('pastes ids, shows server userErrors on the coupon step, then creates and opens the job', async () => {
    let attempts = 0;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      TargetedCoupons: () => COUPONS,
      Coupon: () => coupon(),
      Tags: () => ({ tags: [] }),
      CreateIssuanceJob: () =>
        ++attempts === 1
          ? {
              createIssuanceJob: {
                job: null,
                userErrors: [{ field: ['input', 'couponId'], message: 'the coupon is not open to TARGETED', code: 'CHANNEL_CLOSED' }],
              },
            }
          : { createIssuanceJob: { job: JOB, userErrors: [] } },
    });
    const { router } = renderPage(<JobCreatePage />, { path: '/jobs/new', url: '/jobs/new?couponId=c1' });
    fireEvent.click(await screen.findByTestId('job-next'));
    const textarea = (await screen.findByTestId('job-step-audience')).querySelector('textarea')!;
    await waitFor(() => visible('job-step-audience'));
    fireEvent.change(textarea, { target: { value: 'a b,c\na' } });
    await waitFor(() => expect(screen.getByTestId('job-id-count').textContent).toContain('3 user ids (1 duplicate dropped)'));
    fireEvent.click(screen.getByTestId('job-next'));
    await waitFor(() => visible('job-step-settings'));
    fireEvent.click(screen.getByTestId('job-next'));
    fireEvent.click(await screen.findByTestId('job-submit'));
    await confirmStart();

    await screen.findByText('the coupon is not open to TARGETED');
    expect(document.getElementById('job_couponId')?.closest('.ant-form-item')?.textContent).toContain('not open to TARGETED');
    visible('job-step-coupon');
    // the batch settings were left folded: their defaults are sent
    expect(creates(calls)[0]?.variables).toEqual({
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
    await waitFor(() => visible('job-step-audience'));
    fireEvent.click(screen.getByTestId('job-next'));
    await waitFor(() => visible('job-step-settings'));
    fireEvent.click(screen.getByTestId('job-next'));
    fireEvent.click(await screen.findByTestId('job-submit'));
    await confirmStart();
    await waitFor(() => expect(router.state.location.pathname).toBe('/jobs/job-9'));
    expect(creates(calls)).toHaveLength(2);
  });

  it('reviews the coupon, the audience size and warns when the audience outgrows the stock; nothing is created before the confirm', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      TargetedCoupons: () => COUPONS,
      Coupon: () => coupon({ remainingStock: 2, totalStock: 10 }),
      Tags: () => ({ tags: [] }),
      CreateIssuanceJob: () => ({ createIssuanceJob: { job: JOB, userErrors: [] } }),
    });
    renderPage(<JobCreatePage />, { path: '/jobs/new', url: '/jobs/new?couponId=c1' });
    const review = await toReview('u1 u2 u3 u4 u5 u1');
    await waitFor(() => expect(screen.getByTestId('job-review-coupon').textContent).toContain('Five off'));
    expect(screen.getByTestId('job-review-coupon').textContent).toMatch(/\$5\.00|5\.00 USD/);
    expect(screen.getByTestId('job-review-stock').textContent).toBe('2 of 10 left');
    expect(screen.getByTestId('job-review-limit').textContent).toBe('2 per user');
    expect(screen.getByTestId('job-review-size').textContent).toBe('5 users');
    expect(review.textContent).toContain('5 user ids (1 duplicate dropped)');
    expect(screen.getByTestId('job-stock-warning').textContent).toContain(
      'The audience (5) is larger than the remaining stock (2): 3 users will get nothing.',
    );
    expect(screen.queryByTestId('job-stock-ok')).toBeNull();

    // Start asks first; declining creates nothing
    fireEvent.click(screen.getByTestId('job-submit'));
    expect((await screen.findAllByText('Start this issuance job?')).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByTestId('job-start-cancel'));
    await new Promise((r) => setTimeout(r, 50));
    expect(creates(calls)).toHaveLength(0);

    fireEvent.click(screen.getByTestId('job-submit'));
    await confirmStart();
    await waitFor(() => expect(creates(calls)).toHaveLength(1));
  });

  it('says the stock is enough when it is, with no warning', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      TargetedCoupons: () => COUPONS,
      Coupon: () => coupon({ remainingStock: 3 }),
      Tags: () => ({ tags: [] }),
    });
    renderPage(<JobCreatePage />, { path: '/jobs/new', url: '/jobs/new?couponId=c1' });
    await toReview('u1 u2 u3');
    expect((await screen.findByTestId('job-stock-ok')).textContent).toContain('Enough stock: 3 left for 3 users.');
    expect(screen.queryByTestId('job-stock-warning')).toBeNull();
    expect(screen.getByTestId('job-review-size').textContent).toBe('3 users');
  });

  it('sizes a tag audience from the tags, at most when several tags combine', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      TargetedCoupons: () => COUPONS,
      Coupon: () => coupon({ remainingStock: 100 }),
      Tags: () => ({ tags: [{ name: 'vip', description: '', kind: 'MANUAL', userCount: 80 }, { name: 'new', description: '', kind: 'MANUAL', userCount: 50 }] }),
    });
    renderPage(<JobCreatePage />, { path: '/jobs/new', url: '/jobs/new?couponId=c1' });
    fireEvent.click(await screen.findByTestId('job-next'));
    await waitFor(() => visible('job-step-audience'));
    fireEvent.click(screen.getByTestId('job-audience-tags'));
    const anyOf = (await screen.findByTestId('job-tags-anyOf')).querySelector('input')!;
    for (const name of ['vip', 'new']) {
      fireEvent.mouseDown(anyOf);
      fireEvent.click(await screen.findByTitle(`${name} (${name === 'vip' ? 80 : 50})`));
    }
    fireEvent.click(screen.getByTestId('job-next'));
    await waitFor(() => visible('job-step-settings'));
    fireEvent.click(screen.getByTestId('job-next'));
    await screen.findByTestId('job-step-review');
    expect(screen.getByTestId('job-review-size').textContent).toBe("At most 130 users (from the tags' user counts)");
    expect((await screen.findByTestId('job-stock-warning')).textContent).toContain('up to 30 users may get nothing');
  });

  it('says honestly that a file audience is counted when the job runs', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      TargetedCoupons: () => COUPONS,
      Coupon: () => coupon({ remainingStock: 900 }),
      Tags: () => ({ tags: [] }),
    });
    renderPage(<JobCreatePage />, { path: '/jobs/new', url: '/jobs/new?couponId=c1' });
    fireEvent.click(await screen.findByTestId('job-next'));
    await waitFor(() => visible('job-step-audience'));
    fireEvent.click(screen.getByTestId('job-audience-file'));
    const input = await waitFor(() => {
      const el = screen.getByTestId('job-step-audience').querySelector('input[type=file]');
      expect(el).not.toBeNull();
      return el as HTMLInputElement;
    });
    fireEvent.change(input, { target: { files: [new File(['user_id\nu1\nu2\n'], 'audience.csv', { type: 'text/csv' })] } });
    await screen.findByText('audience.csv');
    fireEvent.click(screen.getByTestId('job-next'));
    await waitFor(() => visible('job-step-settings'));
    fireEvent.click(screen.getByTestId('job-next'));
    await screen.findByTestId('job-step-review');
    expect(screen.getByTestId('job-summary').textContent).toContain('audience.csv');
    expect(screen.getByTestId('job-review-size').textContent).toBe('Counted when the job runs: the server reads the file.');
    expect((await screen.findByTestId('job-stock-unknown')).textContent).toContain('900 left in stock');
    expect(screen.queryByTestId('job-stock-warning')).toBeNull();
  });

  it('keeps the batch settings folded under Advanced, with their defaults shown, and sends what is changed there', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      TargetedCoupons: () => COUPONS,
      Coupon: () => coupon(),
      Tags: () => ({ tags: [] }),
      CreateIssuanceJob: () => ({ createIssuanceJob: { job: JOB, userErrors: [] } }),
    });
    renderPage(<JobCreatePage />, { path: '/jobs/new', url: '/jobs/new?couponId=c1' });
    fireEvent.click(await screen.findByTestId('job-next'));
    await waitFor(() => visible('job-step-audience'));
    fireEvent.change(screen.getByTestId('job-step-audience').querySelector('textarea')!, { target: { value: 'u1' } });
    fireEvent.click(screen.getByTestId('job-next'));
    await waitFor(() => visible('job-step-settings'));

    const header = screen.getByTestId('job-advanced').querySelector('[aria-expanded]')!;
    expect(header.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByTestId('job-advanced-summary').textContent).toBe('batch size 1,000 · read batch 5,000 · notify batch 500');
    const batch = document.getElementById('job_batchSize') as HTMLInputElement;
    expect(screen.getByTestId('job-advanced').querySelector('.ant-collapse-item-active')).toBeNull();
    expect(batch.closest('.ant-collapse-item')).not.toBeNull(); // rendered inside the fold, so still part of the form

    fireEvent.click(screen.getByTestId('job-advanced-toggle'));
    await waitFor(() => expect(header.getAttribute('aria-expanded')).toBe('true'));
    fireEvent.change(batch, { target: { value: '250' } });
    fireEvent.blur(batch);
    await waitFor(() => expect(screen.getByTestId('job-advanced-summary').textContent).toContain('batch size 250'));

    fireEvent.click(screen.getByTestId('job-next'));
    fireEvent.click(await screen.findByTestId('job-submit'));
    await confirmStart();
    await waitFor(() => expect(creates(calls)).toHaveLength(1));
    expect(creates(calls)[0].variables).toMatchObject({ input: { batchSize: 250, readBatchSize: 5000, notifyBatchSize: 500 } });
  });

  it('renders in Chinese: steps, review, stock warning and confirm', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      TargetedCoupons: () => COUPONS,
      Coupon: () => coupon({ remainingStock: 1, totalStock: 10 }),
      Tags: () => ({ tags: [] }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<JobCreatePage />, { path: '/jobs/new', url: '/jobs/new?couponId=c1' });
    expect(await screen.findByText('新建发放任务')).toBeTruthy();
    expect(screen.getByTestId('job-steps').textContent).toContain('发放对象');
    expect(screen.getByTestId('job-next').textContent).toMatch(/下\s*一\s*步/);
    fireEvent.click(screen.getByTestId('job-next'));
    await waitFor(() => visible('job-step-audience'));
    expect(screen.getByTestId('job-step-audience').textContent).toContain('粘贴用户 ID');
    fireEvent.change(screen.getByTestId('job-step-audience').querySelector('textarea')!, { target: { value: 'u1 u2 u2' } });
    await waitFor(() => expect(screen.getByTestId('job-id-count').textContent).toContain('2 个用户 ID（已去除 1 个重复）'));
    fireEvent.click(screen.getByTestId('job-next'));
    await waitFor(() => visible('job-step-settings'));
    expect(screen.getByTestId('job-advanced').textContent).toContain('高级设置');
    fireEvent.click(screen.getByTestId('job-next'));
    await screen.findByTestId('job-step-review');
    await waitFor(() => expect(screen.getByTestId('job-review-stock').textContent).toBe('剩余 1，共 10'));
    expect(screen.getByTestId('job-review-coupon').textContent).toContain('US$5.00');
    expect(screen.getByTestId('job-review-size').textContent).toBe('2 位用户');
    expect(screen.getByTestId('job-stock-warning').textContent).toContain('将有 1 位用户领不到优惠券');
    fireEvent.click(screen.getByTestId('job-submit'));
    expect((await screen.findAllByText('启动此发放任务？')).length).toBeGreaterThan(0);
    expect(screen.getByTestId('job-start-confirm').textContent).toMatch(/启\s*动/);
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
