import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import { ADMIN_ME, mockGraphQL, renderPage } from '../../test/render';
import TagListPage from './TagListPage';

// a loaded machine renders antd tables slowly
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => vi.unstubAllGlobals());

const TAGS = [
  { name: 'vip', description: 'Big spenders', kind: 'REALTIME', userCount: 1234 },
  { name: 'city:berlin', description: '', kind: 'BATCH', userCount: 7 },
];

const MORE = [
  ...TAGS,
  { name: 'churn-risk', description: 'No order in 90 days', kind: 'BATCH', userCount: 1 },
  { name: 'new', description: 'Signed up this week (VIP trial)', kind: 'REALTIME', userCount: 0 },
];

const rowOf = (name: string) => screen.getByText(name, { selector: 'strong' }).closest('tr')!;
const names = () =>
  Array.from(screen.getByTestId('tags-table').querySelectorAll('tbody tr td:first-child strong')).map((e) => e.textContent);


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

describe('TagListPage: search, edit, delete', () => {
  it('filters the list by name and description', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Tags: () => ({ tags: MORE }) });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    await screen.findByText('churn-risk');
    const search = screen.getByPlaceholderText('Search tags by name or description');
    fireEvent.change(search, { target: { value: 'VIP' } });
    // the name vip, and "VIP trial" in a description
    await waitFor(() => expect(names()).toEqual(['new', 'vip']));
    expect(screen.getByTestId('tag-search-count').textContent).toBe('2 of 4 tags');
    fireEvent.change(search, { target: { value: 'order 90' } });
    await waitFor(() => expect(names()).toEqual(['churn-risk']));
    fireEvent.change(search, { target: { value: 'berlin' } });
    await waitFor(() => expect(names()).toEqual(['city:berlin']));
    fireEvent.change(search, { target: { value: 'nothing-like-it' } });
    expect(await screen.findByText('No tag matches "nothing-like-it".')).toBeTruthy();
    fireEvent.change(search, { target: { value: '' } });
    await waitFor(() => expect(names()).toHaveLength(4));
    expect(screen.queryByTestId('tag-search-count')).toBeNull();
  });

  it('edits the description and kind; the name stays', async () => {
    let tags = TAGS;
    const { calls } = mockGraphQL({
      Me: () => ({ me: { ...ADMIN_ME.me, roles: ['OPERATOR'] } }),
      Tags: () => ({ tags }),
      UpdateTag: (v) => {
        const input = v.input as { description: string; kind: string };
        const tag = { ...TAGS[0], ...input };
        tags = [tag, TAGS[1]];
        return { updateTag: { tag, userErrors: [] } };
      },
    });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    fireEvent.click(await screen.findByTestId('edit-tag-vip'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Edit tag vip')).toBeTruthy();
    const name = within(dialog).getByLabelText('Name') as HTMLInputElement;
    expect(name.value).toBe('vip');
    expect(name.disabled).toBe(true);
    const desc = within(dialog).getByLabelText('Description') as HTMLTextAreaElement;
    expect(desc.value).toBe('Big spenders');
    fireEvent.change(desc, { target: { value: '  Top 1% of buyers ' } });
    fireEvent.click(within(dialog).getByText('Batch'));
    fireEvent.click(screen.getByTestId('edit-tag-submit'));
    await waitFor(() => expect(calls.some((c) => c.operationName === 'UpdateTag')).toBe(true));
    expect(calls.find((c) => c.operationName === 'UpdateTag')!.variables).toEqual({
      name: 'vip',
      input: { description: 'Top 1% of buyers', kind: 'BATCH' },
    });
    await waitFor(() => expect(rowOf('vip').textContent).toContain('Top 1% of buyers'));
    expect(rowOf('vip').textContent).toContain('Batch');
  });

  it('shows a refused edit on its field', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags: TAGS }),
      UpdateTag: () => ({
        updateTag: {
          tag: null,
          userErrors: [{ field: ['input', 'description'], message: 'description is longer than 500 characters', code: 'INVALID_INPUT' }],
        },
      }),
    });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    fireEvent.click(await screen.findByTestId('edit-tag-vip'));
    await screen.findByRole('dialog');
    fireEvent.click(screen.getByTestId('edit-tag-submit'));
    await screen.findByText('description is longer than 500 characters');
    expect(document.getElementById('editTag_description')!.closest('.ant-form-item')!.textContent).toContain(
      'description is longer than 500 characters',
    );
  });

  it('deletes a tag after a confirmation that counts its users', async () => {
    let tags = TAGS;
    const { calls } = mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags }),
      DeleteTag: (v) => {
        tags = tags.filter((t) => t.name !== v.name);
        return { deleteTag: { deletedName: v.name, userErrors: [] } };
      },
    });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    fireEvent.click(await screen.findByTestId('delete-tag-vip'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Delete tag vip?');
    expect(within(dialog).getByTestId('delete-tag-users').textContent).toBe(
      '1,234 users have this tag: deleting it takes the tag away from all of them too. This cannot be undone.',
    );
    expect(calls.some((c) => c.operationName === 'DeleteTag')).toBe(false);
    fireEvent.click(screen.getByTestId('delete-tag-confirm'));
    await waitFor(() => expect(screen.queryByText('vip', { selector: 'strong' })).toBeNull());
    expect(calls.find((c) => c.operationName === 'DeleteTag')!.variables).toEqual({ name: 'vip' });
    expect(await screen.findByText('Tag vip deleted')).toBeTruthy();
    expect(screen.getByText('city:berlin')).toBeTruthy();
  });

  it('counts one user in the singular', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Tags: () => ({ tags: MORE }) });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    fireEvent.click(await screen.findByTestId('delete-tag-churn-risk'));
    expect((await screen.findByTestId('delete-tag-users')).textContent).toMatch(/^1 user has this tag:/);
  });

  it("shows the server's reason when the delete is refused, and keeps the tag", async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags: TAGS }),
      DeleteTag: () => ({
        deleteTag: {
          deletedName: null,
          userErrors: [
            { field: ['name'], message: 'tag "vip" is in use: the tag rule of coupon 12 names it; change those rules first', code: 'INVALID_STATE' },
          ],
        },
      }),
    });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    fireEvent.click(await screen.findByTestId('delete-tag-vip'));
    await screen.findByRole('dialog');
    fireEvent.click(screen.getByTestId('delete-tag-confirm'));
    const error = await screen.findByTestId('delete-tag-error');
    expect(error.textContent).toContain('The tag was not deleted.');
    expect(error.textContent).toContain('the tag rule of coupon 12 names it');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(rowOf('vip')).toBeTruthy();
  });

  it('offers no create, import, edit or delete to an analyst', async () => {
    mockGraphQL({ Me: () => ({ me: { ...ADMIN_ME.me, roles: ['ANALYST'] } }), Tags: () => ({ tags: TAGS }) });
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    await screen.findByText('vip');
    // the search is for everybody
    expect(screen.getByTestId('tag-search')).toBeTruthy();
    expect(screen.queryByTestId('new-tag')).toBeNull();
    expect(screen.queryByTestId('import-users-vip')).toBeNull();
    expect(screen.queryByTestId('edit-tag-vip')).toBeNull();
    expect(screen.queryByTestId('delete-tag-vip')).toBeNull();
    expect(screen.queryByText('Edit')).toBeNull();
    expect(screen.queryByText('Delete')).toBeNull();
  });
});

describe('TagListPage in Chinese', () => {
  it('shows the list, its actions and the dialogs in Chinese', async () => {
    mockGraphQL({
      Me: () => ADMIN_ME,
      Tags: () => ({ tags: TAGS }),
      DeleteTag: () => ({
        deleteTag: { deletedName: null, userErrors: [{ field: ['name'], message: 'tag "vip" is in use', code: 'INVALID_STATE' }] },
      }),
    });
    await i18n.changeLanguage('zh-CN');
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    const row = (await screen.findByText('vip')).closest('tr')!;
    expect(screen.getByText('用户标签')).toBeTruthy();
    expect(screen.getByText('用户数')).toBeTruthy();
    expect(row.textContent).toContain('实时');
    expect(row.textContent).toContain('1,234');
    expect(within(row).getByText('导入用户')).toBeTruthy();
    expect(within(row).getByRole('button', { name: /编\s*辑/ })).toBeTruthy();
    expect(screen.getByTestId('new-tag').textContent).toBe('新建标签');
    expect(screen.getByPlaceholderText('按名称或描述搜索标签')).toBeTruthy();

    fireEvent.change(screen.getByTestId('tag-search').querySelector('input')!, { target: { value: 'zzz' } });
    expect(await screen.findByText('没有与「zzz」匹配的标签。')).toBeTruthy();
    fireEvent.change(screen.getByTestId('tag-search').querySelector('input')!, { target: { value: '' } });

    fireEvent.click(await screen.findByTestId('delete-tag-vip'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('删除标签 vip？');
    expect(within(dialog).getByTestId('delete-tag-users').textContent).toBe(
      '1,234 位用户带有此标签：删除后，这些用户的该标签也会一并移除。 此操作不可撤销。',
    );
    fireEvent.click(screen.getByTestId('delete-tag-confirm'));
    const error = await screen.findByTestId('delete-tag-error');
    expect(error.textContent).toContain('标签未删除。');
    expect(error.textContent).toContain('tag "vip" is in use');
  });

  it('shows the edit dialog in Chinese', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Tags: () => ({ tags: TAGS }) });
    await i18n.changeLanguage('zh-CN');
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    fireEvent.click(await screen.findByTestId('edit-tag-city:berlin'));
    const edit = await screen.findByRole('dialog');
    expect(edit.textContent).toContain('编辑标签 city:berlin');
    expect(edit.textContent).toContain('名称是标签的唯一标识，不可修改。');
    expect(within(edit).getByText('批量')).toBeTruthy();
    expect(within(edit).getByRole('button', { name: /保\s*存/ })).toBeTruthy();
  });

  it('shows the new tag dialog in Chinese', async () => {
    mockGraphQL({ Me: () => ADMIN_ME, Tags: () => ({ tags: TAGS }) });
    await i18n.changeLanguage('zh-CN');
    renderPage(<TagListPage />, { path: '/tags', url: '/tags' });
    fireEvent.click(await screen.findByTestId('new-tag'));
    const create = await screen.findByRole('dialog');
    expect(create.textContent).toContain('实时标签由商城在业务发生时打上');
    fireEvent.click(screen.getByTestId('create-tag-submit'));
    expect(await screen.findByText('请输入名称')).toBeTruthy();
  });
});
