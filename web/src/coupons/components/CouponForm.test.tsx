import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import i18n from '../../i18n';
import { mockGraphQL } from '../../test/render';
import { ApiError } from '../../api/client';
import { StatusTag } from './StatusTag';
import { CouponForm } from './CouponForm';
import dayjs from 'dayjs';
import { DEFAULT_COUPON_VALUES, toCouponInput, type CouponFormValues } from '../formValues';

// the campaign select's default list: none (a test that needs campaigns passes findCampaigns)
vi.mock('../../campaigns/hooks', () => ({ campaignOptions: async () => [] }));

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
    // the form validates every field at once; under load that takes more than waitFor's default second
    await waitFor(() => expect(errorOf('coupon_totalStock')).toMatch(/Total stock must be a whole number from 1/), { timeout: 5000 });
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

  const classBox = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;

  it('edits the combinations: classes checked, then the exclusive switch clears and disables them', async () => {
    const onSubmit = vi.fn(async (_v: CouponFormValues) => []);
    render(
      <CouponForm
        mode="create"
        submitLabel="Create coupon"
        findSameName={noDuplicates}
        initialValues={base({ combinesWith: ['SHIPPING'] })}
        onSubmit={onSubmit}
      />,
    );
    const section = screen.getByTestId('combinations');
    expect(section.textContent).toContain("Two coupons share an order only when each allows the other's class.");
    // AMOUNT_OFF on every product: an order discount
    expect(screen.getByTestId('coupon-class').textContent).toContain('Order discount');
    expect(classBox('Shipping discount').checked).toBe(true);
    fireEvent.click(classBox('Product discount'));
    await waitFor(() => expect(classBox('Product discount').checked).toBe(true));
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    // in stack order, as the group lists them
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ combinesWith: ['PRODUCT', 'SHIPPING'], exclusive: false });

    fireEvent.click(screen.getByTestId('coupon-exclusive'));
    await waitFor(() => expect(classBox('Product discount').disabled).toBe(true));
    expect(classBox('Product discount').checked).toBe(false);
    expect(classBox('Shipping discount').checked).toBe(false);
    expect(classBox('Order discount').disabled).toBe(true);
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(onSubmit.mock.calls[1][0]).toMatchObject({ combinesWith: [], exclusive: true });

    // off again: the boxes can be checked again
    fireEvent.click(screen.getByTestId('coupon-exclusive'));
    await waitFor(() => expect(classBox('Order discount').disabled).toBe(false));
  });

  it('shows the class derived from the discount kind and the scope', async () => {
    // the scope's pickers read the catalog: answered, not sent to the network
    mockGraphQL({});
    render(
      <QueryClientProvider client={new QueryClient()}>
        <CouponForm
          mode="create"
          submitLabel="Create coupon"
          findSameName={noDuplicates}
          initialValues={base({ productScope: { kind: 'WHITELIST', productIds: [], categoryIds: [] } })}
          onSubmit={async () => []}
        />
      </QueryClientProvider>,
    );
    expect(screen.getByTestId('coupon-class').textContent).toContain('Product discount');
    fireEvent.click(screen.getByText('Free shipping'));
    await waitFor(() => expect(screen.getByTestId('coupon-class').textContent).toContain('Shipping discount'));
    vi.unstubAllGlobals();
  });

  it('keeps the combinations editable on a live coupon', async () => {
    const onSubmit = vi.fn(async (_v: CouponFormValues) => []);
    render(
      <CouponForm mode="live" submitLabel="Save" findSameName={noDuplicates} initialValues={base({ exclusive: true, combinesWith: [] })} onSubmit={onSubmit} />,
    );
    // the rules are frozen, the combinations are not
    expect((document.getElementById('coupon_totalStock') as HTMLInputElement).disabled).toBe(true);
    const sw = screen.getByTestId('coupon-exclusive') as HTMLButtonElement;
    expect(sw.disabled).toBe(false);
    expect(classBox('Order discount').disabled).toBe(true);
    fireEvent.click(sw);
    await waitFor(() => expect(classBox('Order discount').disabled).toBe(false));
    fireEvent.click(classBox('Order discount'));
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0][0]).toMatchObject({ combinesWith: ['ORDER'], exclusive: false });
  });

  it('shows a refused combination on the classes', async () => {
    const onSubmit = vi.fn(async (_v: CouponFormValues) => [
      { field: ['input', 'combinesWith'], message: 'an exclusive coupon combines with no class', code: 'INVALID_INPUT' },
    ]);
    render(<CouponForm mode="draft" submitLabel="Save" findSameName={noDuplicates} initialValues={base({ combinesWith: ['ORDER'] })} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const item = await waitFor(() => {
      const el = classBox('Order discount').closest('.ant-form-item');
      expect(el?.textContent).toContain('An exclusive coupon combines with no class');
      return el;
    });
    expect(item).toBeTruthy();
    expect(screen.queryByTestId('form-errors')).toBeNull();
  });

  it('names the combinations in Chinese', async () => {
    await i18n.changeLanguage('zh-CN');
    render(<CouponForm mode="create" submitLabel="创建" findSameName={noDuplicates} initialValues={base({})} onSubmit={async () => []} />);
    expect(screen.getByTestId('combinations').textContent).toContain('叠加规则');
    expect(screen.getByTestId('coupon-class').textContent).toContain('订单优惠');
    expect(classBox('运费优惠')).toBeTruthy();
    expect(screen.getByText('两张优惠券只有在彼此都允许对方的类别时，才能在同一订单中叠加使用。')).toBeTruthy();
  });

  const CAMPAIGNS = [
    { id: 'k1', name: 'Double 11', currency: 'USD' },
    { id: 'k2', name: 'Spring fair', currency: 'CNY' },
  ];

  /** opens the campaign select, searches `term` and picks the option titled `title` */
  async function pickCampaign(term: string, title: string) {
    const section = screen.getByTestId('campaign-budget');
    const box = within(section).getByRole('combobox');
    fireEvent.mouseDown(section.querySelector('.ant-select-content, .ant-select-selector') ?? box);
    fireEvent.change(box, { target: { value: term } });
    const option = await waitFor(() => {
      const o = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((e) => e.getAttribute('title') === title);
      expect(o).toBeTruthy();
      return o!;
    });
    fireEvent.click(option);
    await waitFor(() => expect(section.textContent).toContain(title));
  }

  it('puts a new coupon in a campaign, with its own budget', async () => {
    const onSubmit = vi.fn(async (_v: CouponFormValues) => []);
    const findCampaigns = vi.fn(async () => CAMPAIGNS);
    render(
      <CouponForm
        mode="create"
        submitLabel="Create coupon"
        findSameName={noDuplicates}
        findCampaigns={findCampaigns}
        initialValues={base({ currency: 'USD' })}
        onSubmit={onSubmit}
      />,
    );
    expect(screen.getByTestId('campaign-budget').textContent).toContain('Campaign and budget');
    await pickCampaign('double', 'Double 11 (USD)');
    fireEvent.change(document.getElementById('coupon_budget_amount')!, { target: { value: '250.50' } });
    fireEvent.change(document.getElementById('coupon_budget_usesPerDay')!, { target: { value: '40' } });
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const v = onSubmit.mock.calls[0][0];
    expect(v).toMatchObject({ campaignId: 'k1', budget: { amount: '250.50', usesPerDay: 40 } });
    expect(toCouponInput(v, 'create')).toMatchObject({ campaignId: 'k1', budget: { amount: '250.50', usesPerDay: 40 } });
    expect(findCampaigns).toHaveBeenCalledTimes(1);
  });

  it("gives a coupon of the default currency its campaign's currency", async () => {
    render(
      <CouponForm
        mode="create"
        submitLabel="Create coupon"
        findSameName={noDuplicates}
        findCampaigns={async () => CAMPAIGNS}
        initialValues={base({ currency: '' })}
        onSubmit={async () => []}
      />,
    );
    await pickCampaign('spring', 'Spring fair (CNY)');
    await waitFor(() => expect((document.getElementById('coupon_currency') as HTMLInputElement).value).toBe('CNY'));
    expect(screen.getByTestId('campaign-budget').textContent).not.toContain("This campaign's budget is in");
  });

  it('warns when the campaign is in another currency, and refuses a cap that is not a number', async () => {
    const onSubmit = vi.fn(async (_v: CouponFormValues) => []);
    render(
      <CouponForm
        mode="create"
        submitLabel="Create coupon"
        findSameName={noDuplicates}
        findCampaigns={async () => CAMPAIGNS}
        initialValues={base({ currency: 'USD', budget: { amount: 'lots' } })}
        onSubmit={onSubmit}
      />,
    );
    await pickCampaign('spring', 'Spring fair (CNY)');
    // the warning follows the pick once the form has taken it
    await waitFor(() => expect(screen.getByTestId('campaign-budget').textContent).toContain("This campaign's budget is in CNY"));
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(errorOf('coupon_budget_amount')).toBeTruthy());
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('edits the campaign and budget of a live coupon; clearing the campaign detaches it', async () => {
    const onSubmit = vi.fn(async (_v: CouponFormValues) => []);
    render(
      <CouponForm
        mode="live"
        submitLabel="Save"
        findSameName={noDuplicates}
        // the list failed: the current campaign is still shown by name
        findCampaigns={async () => Promise.reject(new Error('down'))}
        campaign={CAMPAIGNS[0]}
        initialValues={base({ campaignId: 'k1', budget: { amount: '100', usesPerDay: 5 } })}
        onSubmit={onSubmit}
      />,
    );
    const section = screen.getByTestId('campaign-budget');
    expect(section.textContent).toContain('Double 11 (USD)');
    await waitFor(() => expect(section.textContent).toContain('The campaigns could not be loaded'));
    const amount = document.getElementById('coupon_budget_amount') as HTMLInputElement;
    expect(amount.disabled).toBe(false);
    expect((document.getElementById('coupon_budget_usesPerDay') as HTMLInputElement).disabled).toBe(false);
    fireEvent.change(amount, { target: { value: '' } });
    // clear the campaign
    const clear = section.querySelector('.ant-select-clear');
    expect(clear).toBeTruthy();
    fireEvent.mouseDown(clear!);
    fireEvent.click(clear!);
    await waitFor(() => expect(section.textContent).not.toContain('Double 11 (USD)'));
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const input = toCouponInput(onSubmit.mock.calls[0][0], 'update');
    expect(input.campaignId).toBe('');
    expect(input.budget).toEqual({ amount: null, usesPerDay: 5 });
  });

  it('shows a refused budget on its field', async () => {
    const onSubmit = vi.fn(async (_v: CouponFormValues) => [
      { field: ['input', 'budget', 'usesPerDay'], message: 'usesPerDay must be positive', code: 'INVALID_INPUT' },
      { field: ['input', 'campaignId'], message: 'the campaign is in CNY', code: 'CURRENCY_MISMATCH' },
    ]);
    render(
      <CouponForm
        mode="draft"
        submitLabel="Save"
        findSameName={noDuplicates}
        findCampaigns={async () => CAMPAIGNS}
        initialValues={base({ campaignId: 'k2' })}
        onSubmit={onSubmit}
      />,
    );
    fireEvent.click(screen.getByTestId('coupon-submit'));
    await waitFor(() => expect(errorOf('coupon_budget_usesPerDay')).toBe('Uses per day must be positive'));
    await waitFor(() => expect(screen.getByTestId('campaign-budget').textContent).toContain('The campaign is in CNY'));
    expect(screen.queryByTestId('form-errors')).toBeNull();
  });
});
