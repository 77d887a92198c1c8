import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import { CodeBatchesCard } from './CodeBatchesCard';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
// these drive a dialog and poll: slow on a busy machine
vi.setConfig({ testTimeout: 30_000 });

const batch = (over: Record<string, unknown>) => ({
  id: 'b1',
  status: 'COMPLETED',
  count: 50,
  generated: 50,
  redeemed: 5,
  disabled: false,
  prefix: 'E2E',
  length: 16,
  lastError: null,
  createdAt: '2026-03-01T10:00:00Z',
  finishedAt: '2026-03-01T10:00:02Z',
  exportUrl: '/export/codes/b1?sig=1',
  ...over,
});

const card = (channels: ('CLAIM' | 'CODE')[] = ['CLAIM', 'CODE'], status: 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ENDED' = 'ACTIVE') =>
  renderPage(<CodeBatchesCard coupon={{ id: 'c1', status, channels }} />, { path: '/coupons/:id', url: '/coupons/c1' });
const row = (id: string) => document.querySelector(`tr[data-row-key="${id}"]`) as HTMLElement;

describe('CodeBatchesCard', () => {
  it('lists batches with progress, redeemed and the disabled mark; polls while one is generated', async () => {
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      CodeBatches: () => ({
        codeBatches: [
          batch({ id: 'b2', status: 'RUNNING', count: 1000, generated: 250, redeemed: 0, prefix: '', exportUrl: null }),
          batch({ disabled: true }),
          batch({ id: 'b3', status: 'FAILED', generated: 10, lastError: 'the database is gone', exportUrl: null }),
        ],
      }),
    });
    card();
    await screen.findAllByTestId('code-batch-status');
    expect(calls.find((c) => c.operationName === 'CodeBatches')?.variables).toEqual({ couponId: 'c1' });

    const running = row('b2');
    expect(running.textContent).toContain('Running');
    expect(running.textContent).toContain('250 / 1,000');
    expect(running.querySelector('[data-testid=code-batch-progress]')?.getAttribute('data-percent')).toBe('25');
    expect(running.querySelector('[data-testid=code-batch-download]')).toBeNull();
    expect(running.querySelector('[data-testid=code-batch-disable]')).toBeTruthy();

    const done = row('b1');
    expect(done.querySelector('[data-testid=code-batch-disabled]')?.textContent).toBe('Disabled');
    expect(done.querySelector('[data-testid=code-batch-redeemed]')?.textContent).toBe('5 (10%)');
    expect(done.querySelector('[data-testid=code-batch-disable]')).toBeNull();
    expect(done.querySelector('[data-testid=code-batch-download]')).toBeTruthy();
    expect(done.querySelector('[data-testid=code-batch-prefix]')?.textContent).toBe('E2E + 16');
    expect(row('b3').querySelector('[data-testid=code-batch-error]')?.textContent).toContain('the database is gone');

    await waitFor(() => expect(calls.filter((c) => c.operationName === 'CodeBatches').length).toBeGreaterThan(1), {
      timeout: 2500,
    });
  });

  it('analysts see the list without export links or actions', async () => {
    mockGraphQL({
      Me: () => ({ me: { id: 'u2', name: 'ann', kind: 'CONSOLE_USER', roles: ['ANALYST'] } }),
      CodeBatches: () => ({ codeBatches: [batch({ exportUrl: null })] }),
    });
    card();
    await screen.findByTestId('code-batch-status');
    expect(screen.queryByTestId('generate-codes')).toBeNull();
    expect(screen.queryByTestId('code-batch-download')).toBeNull();
    expect(screen.queryByTestId('code-batch-disable')).toBeNull();
  });

  it('offers "Generate codes" only for a coupon open to the CODE channel', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, CodeBatches: () => ({ codeBatches: [] }) });
    card(['CLAIM']);
    expect(((await screen.findByTestId('generate-codes')) as HTMLButtonElement).disabled).toBe(true);
  });

  it('offers "Generate codes" for an active or paused coupon, not yet for a draft, and says why', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, CodeBatches: () => ({ codeBatches: [] }) });
    const draft = card(['CLAIM', 'CODE'], 'DRAFT');
    const button = (await screen.findByTestId('generate-codes')) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.mouseEnter(screen.getByTestId('generate-codes-hint'));
    expect((await screen.findByRole('tooltip')).textContent).toContain('codes can be generated once the coupon is active or paused');
    draft.unmount();

    card(['CLAIM', 'CODE'], 'PAUSED');
    expect(((await screen.findByTestId('generate-codes')) as HTMLButtonElement).disabled).toBe(false);
  });

  it('speaks Chinese', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, CodeBatches: () => ({ codeBatches: [batch({ disabled: true })] }) });
    await i18n.changeLanguage('zh-CN');
    card();
    expect((await screen.findByTestId('code-batch-status')).textContent).toBe('已完成');
    expect(screen.getByTestId('code-batch-disabled').textContent).toBe('已停用');
    expect(screen.getByTestId('generate-codes').textContent).toBe('生成兑换码');
    fireEvent.click(screen.getByTestId('generate-codes'));
    fireEvent.click(await screen.findByTestId('generate-codes-submit'));
    await screen.findByText('请输入要生成的兑换码数量');
    expect(screen.getByTestId('code-shape').textContent).toBe('兑换码形如 XXXXXXXXXXXXXXXX');
  });

  it('is not shown to support', async () => {
    const { calls } = mockGraphQL({ Me: () => ({ me: { id: 'u3', name: 'sue', kind: 'CONSOLE_USER', roles: ['SUPPORT'] } }) });
    card();
    await waitFor(() => expect(calls.some((c) => c.operationName === 'Me')).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('code-batches')).toBeNull();
  });

  it('generates: validates, upper-cases the prefix, shows server userErrors on the field, then refreshes', async () => {
    let attempts = 0;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      CodeBatches: () => ({ codeBatches: [] }),
      GenerateCodes: () =>
        ++attempts === 1
          ? { generateCodes: { batch: null, userErrors: [{ field: ['input', 'prefix'], message: 'prefix is taken', code: 'CONFLICT' }] } }
          : { generateCodes: { batch: batch({ status: 'PENDING', generated: 0 }), userErrors: [] } },
    });
    card();
    fireEvent.click(await screen.findByTestId('generate-codes'));
    const count = (await screen.findByLabelText('Number of codes')) as HTMLInputElement;
    const prefix = screen.getByLabelText('Prefix') as HTMLInputElement;
    const length = screen.getByLabelText('Length after the prefix') as HTMLInputElement;
    expect(length.value).toBe('16');

    fireEvent.change(count, { target: { value: '2000000' } });
    fireEvent.change(prefix, { target: { value: 'e2e-' } });
    fireEvent.change(length, { target: { value: '14' } });
    fireEvent.click(screen.getByTestId('generate-codes-submit'));
    await screen.findByText('Between 1 and 1,000,000 codes');
    expect(prefix.value).toBe('E2E-');
    await screen.findByText('Only the letters A-Z and the digits 0-9');
    await screen.findByText('Between 15 and 24 characters');
    expect(calls.some((c) => c.operationName === 'GenerateCodes')).toBe(false);

    fireEvent.change(count, { target: { value: '50' } });
    fireEvent.change(prefix, { target: { value: 'e2e' } });
    fireEvent.change(length, { target: { value: '16' } });
    await waitFor(() => expect(screen.getByTestId('code-shape').textContent).toContain('E2EXXXXXXXXXXXX'));
    fireEvent.click(screen.getByTestId('generate-codes-submit'));
    await screen.findByText('prefix is taken');
    expect(document.getElementById('codes_prefix')?.closest('.ant-form-item')?.textContent).toContain('prefix is taken');
    expect(calls.find((c) => c.operationName === 'GenerateCodes')?.variables).toEqual({
      input: { couponId: 'c1', count: 50, prefix: 'E2E', length: 16 },
    });

    const listReads = calls.filter((c) => c.operationName === 'CodeBatches').length;
    fireEvent.click(screen.getByTestId('generate-codes-submit'));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'CodeBatches').length).toBeGreaterThan(listReads));
    expect(attempts).toBe(2);
  });

  it('downloads through a freshly read link, and disables after a confirmation', async () => {
    let reads = 0;
    let disabled = false;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      CodeBatches: () => ({ codeBatches: [batch({ disabled, exportUrl: `/export/codes/b1?sig=${++reads}` })] }),
      DisableCodeBatch: () => {
        disabled = true;
        return { disableCodeBatch: { batch: batch({ disabled: true }), userErrors: [] } };
      },
    });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.getAttribute('href')!);
    });
    card();
    fireEvent.click(await screen.findByTestId('code-batch-download'));
    await waitFor(() => expect(clicked).toEqual(['/export/codes/b1?sig=2']));

    fireEvent.click(screen.getByTestId('code-batch-disable'));
    fireEvent.click(await screen.findByTestId('code-batch-disable-confirm'));
    await screen.findByTestId('code-batch-disabled');
    expect(calls.find((c) => c.operationName === 'DisableCodeBatch')?.variables).toEqual({ id: 'b1' });
    expect(screen.queryByTestId('code-batch-disable')).toBeNull();
  });

  it('shows the userErrors of disabling', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      CodeBatches: () => ({ codeBatches: [batch({})] }),
      DisableCodeBatch: () => ({ disableCodeBatch: { batch: null, userErrors: [{ field: null, message: '', code: 'INVALID_STATE' }] } }),
    });
    card();
    fireEvent.click(await screen.findByTestId('code-batch-disable'));
    fireEvent.click(await screen.findByTestId('code-batch-disable-confirm'));
    expect((await screen.findByTestId('code-batches-action-error')).textContent).toContain('Not allowed in the current status.');
  });
});
