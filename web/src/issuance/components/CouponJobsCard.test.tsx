import { afterEach, describe, expect, it, vi } from 'vitest';
import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { Form } from 'antd';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import { CouponJobsCard } from './CouponJobsCard';
import { TargetedCouponPicker } from './TargetedCouponPicker';

vi.setConfig({ testTimeout: 20_000 });
configure({ asyncUtilTimeout: 5000 });
afterEach(() => vi.unstubAllGlobals());

const JOBS = {
  issuanceJobs: {
    edges: [
      {
        cursor: 'c0',
        node: {
          id: 'job-1', name: '会员回馈', coupon: { id: 'c1', name: 'Five off' }, status: 'PAUSED', audienceSize: 10,
          processed: 4, issued: 4, skipped: 0, failed: 0, notified: 0, ratePerSecond: 0, lastError: null,
          createdBy: 'admin', createdAt: '2026-03-01T10:00:00Z', startedAt: '2026-03-01T10:00:01Z', finishedAt: null,
        },
      },
    ],
    pageInfo: { hasNextPage: false, endCursor: null },
    totalCount: 1,
  },
};

describe('CouponJobsCard', () => {
  it('renders in Chinese on the coupon page, without the coupon column', async () => {
    const { calls } = mockGraphQL({ Me: () => ADMIN_ME, IssuanceJobs: () => JOBS });
    await i18n.changeLanguage('zh-CN');
    renderPage(<CouponJobsCard coupon={{ id: 'c1', status: 'ACTIVE', channels: ['TARGETED'] }} />, { path: '/coupons/:id', url: '/coupons/c1' });
    const card = await screen.findByTestId('coupon-jobs');
    await screen.findByText('会员回馈');
    expect(card.textContent).toContain('发放任务');
    expect(screen.getByTestId('coupon-new-job').textContent).toBe('新建发放任务');
    expect(card.querySelector('thead')!.textContent).not.toContain('优惠券');
    expect(screen.getByTestId('job-status').textContent).toBe('已暂停');
    expect(screen.getByTestId('jobs-total').textContent).toBe('显示 1 条，共 1 条');
    expect(calls.find((c) => c.operationName === 'IssuanceJobs')?.variables).toMatchObject({ couponId: 'c1' });
  });

  it('disables "New issuance job" for a coupon a job cannot issue', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, IssuanceJobs: () => ({ issuanceJobs: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } }) });
    renderPage(<CouponJobsCard coupon={{ id: 'c1', status: 'PAUSED', channels: ['CLAIM'] }} />, { path: '/coupons/:id', url: '/coupons/c1' });
    expect(await screen.findByText('No issuance jobs for this coupon yet.')).toBeTruthy();
    expect(screen.getByTestId('coupon-new-job').hasAttribute('disabled')).toBe(true);
  });
});

describe('TargetedCouponPicker', () => {
  it('shows the stock of each coupon in Chinese', async () => {
    mockGraphQL({
      TargetedCoupons: () => ({
        coupons: { edges: [{ node: { id: 'c1', name: 'Five off', remainingStock: 900, totalStock: 1000 } }], totalCount: 3 },
      }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(
      <Form>
        <Form.Item name="couponId">
          <TargetedCouponPicker />
        </Form.Item>
      </Form>,
      { path: '/', url: '/' },
    );
    const picker = await screen.findByTestId('job-coupon-picker');
    expect(picker.textContent).toContain('搜索生效中、开放定向发放渠道的优惠券');
    fireEvent.mouseDown(picker.querySelector('input')!);
    await waitFor(() => expect(screen.getByTestId('coupon-option-c1').textContent).toContain('剩余 900 / 1,000'));
    expect(document.body.textContent).toContain('还有 2 张，输入名称缩小范围');
  });
});
