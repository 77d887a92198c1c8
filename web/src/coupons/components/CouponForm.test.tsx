import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StatusTag } from './StatusTag';
import { CouponForm } from './CouponForm';
import { DEFAULT_COUPON_VALUES, type CouponFormValues } from '../formValues';

describe('StatusTag', () => {
  it('shows the status', () => {
    render(<StatusTag status="ACTIVE" />);
    expect(screen.getByTestId('status-tag').textContent).toBe('ACTIVE');
  });
});

describe('CouponForm', () => {
  it('renders the fields of the default discount kind', () => {
    render(<CouponForm mode="create" submitLabel="Create coupon" onSubmit={async () => []} />);
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
        onSubmit={onSubmit}
      />,
    );
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0].discount.amountOff).toBe('0');
    await screen.findByText('amountOff must be positive');
    const item = document.getElementById('coupon_discount_amountOff')?.closest('.ant-form-item');
    expect(item?.textContent).toContain('amountOff must be positive');
    expect(screen.getByTestId('form-errors').textContent).toContain('The coupon changed meanwhile');
  });
});
