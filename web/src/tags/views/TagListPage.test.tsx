import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import TagListPage from './TagListPage';

afterEach(() => vi.unstubAllGlobals());

const TAGS = [
  { name: 'vip', description: 'Big spenders', kind: 'REALTIME', userCount: 1234 },
  { name: 'city:berlin', description: '', kind: 'BATCH', userCount: 7 },
];

describe('TagListPage', () => {
  it('lists the tags with kind and user count', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Tags: () => ({ tags: TAGS }) });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    const row = (await screen.findByText('vip')).closest('tr')!;
    expect(row.textContent).toContain('Realtime');
    expect(row.textContent).toContain('Big spenders');
    expect(row.textContent).toContain('1,234');
    expect(screen.getByText('city:berlin').closest('tr')!.textContent).toContain('Batch');
    expect(await screen.findByTestId('new-tag')).toBeTruthy();
    expect(await screen.findByTestId('import-users-vip')).toBeTruthy();
  });

  it('shows an error state when the list fails', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ errors: [{ message: 'tags is not available', extensions: { code: 'FORBIDDEN' } }] }),
    });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    expect((await screen.findByTestId('tags-error')).textContent).toContain('You do not have permission');
  });

  it('creates a tag and shows userErrors on the form field', async () => {
    let attempts = 0;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags: TAGS }),
      CreateTag: (v) => {
        attempts++;
        const input = v.input as { name: string; description: string; kind: string };
        if (attempts === 1) {
          return {
            createTag: {
              tag: null,
              userErrors: [{ field: ['input', 'name'], message: 'tag vip2 already exists', code: 'CONFLICT' }],
            },
          };
        }
        return { createTag: { tag: { ...input, userCount: 0 }, userErrors: [] } };
      },
    });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    fireEvent.click(await screen.findByTestId('new-tag'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'vip2' } });
    fireEvent.change(within(dialog).getByLabelText('Description'), { target: { value: 'Second tier' } });
    fireEvent.click(screen.getByTestId('create-tag-submit'));
    await screen.findByText('tag vip2 already exists');
    const item = document.getElementById('tag_name')?.closest('.ant-form-item');
    expect(item?.textContent).toContain('tag vip2 already exists');
    expect(calls.find((c) => c.operationName === 'CreateTag')?.variables).toEqual({
      input: { name: 'vip2', description: 'Second tier', kind: 'REALTIME' },
    });

    fireEvent.click(screen.getByTestId('create-tag-submit'));
    await waitFor(() => expect(attempts).toBe(2));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'Tags').length).toBeGreaterThan(1));
  });

  it('rejects a malformed tag name before asking the server', async () => {
    const { calls } = mockGraphQL({ Me: () => ADMIN_ME, Tags: () => ({ tags: [] }) });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    await screen.findByText(/No tags yet/);
    fireEvent.click(await screen.findByTestId('new-tag'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: '-bad name' } });
    fireEvent.click(screen.getByTestId('create-tag-submit'));
    await screen.findByText(/Use 1-64 letters/);
    expect(calls.some((c) => c.operationName === 'CreateTag')).toBe(false);
  });
});
