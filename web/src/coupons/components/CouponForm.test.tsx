import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18n from '../../i18n';
import { ApiError } from '../../api/client';
import { StatusTag } from './StatusTag';
import { CouponForm } from './CouponForm';
import dayjs from 'dayjs';
import { DEFAULT_COUPON_VALUES, type CouponFormValues } from '../formValues';

// the form validates and re-renders a lot: slow on a busy machine
vi.setConfig({ testTimeout: 30_000 });

describe('StatusTag', () => {
  it('shows the status in the chosen language', async () => {
    render(<StatusTag status="ACTIVE" />);
    expect(screen.getByTestId('status-tag').textContent).toBe('Active');
    await i18n.changeLanguage('zh-CN');
    await waitFor(() => expect(screen.getByTestId('status-tag').textContent).toBe('生效中'), { timeout: 5000 });
  });
});

describe('CouponForm', () => {
  it('renders the fields of the default discount kind', () => {
    render(<CouponForm mode="create" submitLabel="Create coupon" findSameName={async () => []} onSubmit={async () => []} />);
    expect(screen.getByLabelText('Name')).toBeTruthy();
    expect(document.getElementById('coupon_discount_amountOff')).toBeTruthy();
    expect(document.getElementById('coupon_discount_percentOff')).toBeNull();
    expect(screen.getByText('Create coupon')).toBeTruthy();
  });

  it('shows userErrors inline on the matching item and the rest in an alert', async () => {
    const onSubmit = vi.fn(async (_v: CouponFormValues) => [
      { field: ['input', 'discount', 'amountOff'], message: 'amountOff must be positive', code: 'INVALID_INPUT' },
      { field: null, message: 'The coupon changed meanwhile', code: 'CONFLICT' },
    ]);
    const initial = { ...DEFAULT_COUPON_VALUES, name: 'Spring', totalStock: 100, discount: { kind: 'AMOUNT_OFF', amountOff: '0' } };
    render(
      <CouponForm
        mode="create"
        submitLabel="Create coupon"
        initialValues={initial as CouponFormValues}
        findSameName={async () => []}
        onSubmit={onSubmit}
      />,
    );
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0].discount.amountOff).toBe('0');
    // the server's field name reads as the form's label
    await screen.findByText('Amount off must be positive');
    const item = document.getElementById('coupon_discount_amountOff')?.closest('.ant-form-item');
    expect(item?.textContent).toContain('Amount off must be positive');
    expect(screen.getByTestId('form-errors').textContent).toContain('The coupon changed meanwhile');
  });

  const noDuplicates = async () => [];
  const base = (over: Record<string, unknown>) =>
    ({ ...DEFAULT_COUPON_VALUES, name: 'Spring', totalStock: 100, discount: { kind: 'AMOUNT_OFF', amountOff: '5' }, ...over }) as CouponFormValues;
  const errorOf = (id: string) => document.getElementById(id)?.closest('.ant-form-item')?.querySelector('.ant-form-item-explain')?.textContent;

  it('asks instead of guessing: stock below 1, per-user limit 0 and an end before the start are errors, not fixed up', async () => {
    const onSubmit = vi.fn(async () => []);
    render(
      <CouponForm
        mode="create"
        submitLabel="Create coupon"
        findSameName={noDuplicates}
        initialValues={base({
          totalStock: -10,
          perUserLimit: 0,
          validity: { kind: 'FIXED', range: [dayjs('2026-05-10T00:00:00Z'), dayjs('2026-05-01T00:00:00Z')] },
        })}
        onSubmit={onSubmit}
      />,
    );
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(errorOf('coupon_totalStock')).toMatch(/Total stock must be a whole number from 1/));
    expect(errorOf('coupon_perUserLimit')).toMatch(/Per-user limit must be a whole number from 1 to 1,000/);
    expect(document.body.textContent).toContain('The end of the validity must be after its start');
    // the values were left as typed: -10 stays -10
    expect((document.getElementById('coupon_totalStock') as HTMLInputElement).value).toBe('-10');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('flags a name over 200 characters instead of cutting it', async () => {
    const onSubmit = vi.fn(async () => []);
    render(<CouponForm mode="create" submitLabel="Create coupon" findSameName={noDuplicates} initialValues={base({})} onSubmit={onSubmit} />);
    const input = document.getElementById('coupon_name') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'x'.repeat(5000) } });
    expect(input.value.length).toBe(5000);
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(errorOf('coupon_name')).toContain('At most 200 characters'));
    // the counter shows how far over it is
    expect(input.closest('.ant-form-item')?.textContent).toContain('5000 / 200');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows a request that failed above the form', async () => {
    const onSubmit = vi.fn(async (): Promise<never> => {
      throw new ApiError('NETWORK', 'fetch failed');
    });
    render(<CouponForm mode="create" submitLabel="Create coupon" findSameName={noDuplicates} initialValues={base({})} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByTestId('coupon-submit'));
    expect((await screen.findByTestId('form-errors', {}, { timeout: 5000 })).textContent).toBe('Cannot reach the server. Check your connection.');
  });

  it('asks in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    const onSubmit = vi.fn(async () => []);
    render(
      <CouponForm
        mode="create"
        submitLabel="创建优惠券"
        findSameName={noDuplicates}
        initialValues={base({ name: '', totalStock: 0 })}
        onSubmit={onSubmit}
      />,
    );
    expect(screen.getByLabelText('名称')).toBeTruthy();
    expect(screen.getByText('金额立减')).toBeTruthy();
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(errorOf('coupon_name')).toBe('请输入名称'), { timeout: 5000 });
    await waitFor(() => expect(errorOf('coupon_totalStock')).toBe('总库存必须是 1 到 1,000,000,000,000 之间的整数'), { timeout: 5000 });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('warns, without blocking, when another coupon has the same name', async () => {
    const findSameName = vi.fn(async (name: string, _exceptId?: string) => (name === 'Spring' ? [{ id: 'other' }] : []));
    const onSubmit = vi.fn(async () => []);
    render(
      <CouponForm mode="draft" couponId="k1" submitLabel="Save" findSameName={findSameName} initialValues={base({})} onSubmit={onSubmit} />,
    );
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(findSameName).toHaveBeenCalledWith('Spring', 'k1');
    await waitFor(() => expect(errorOf('coupon_name')).toContain('Another coupon already has this name'));
  });
});
