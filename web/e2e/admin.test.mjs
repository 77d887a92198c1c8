// End-to-end test of the Administration pages (ADMIN only) against the real
// server, through the shared harness (e2e/harness.mjs):
//
//   flock /tmp/web-build.lock sh -c 'npm run build && node --test e2e/admin.test.mjs'
//
// Creates an API key on the API keys page and sees its secret once, then
// revokes it; creates a console user with ANALYST on the Console users page,
// signs in as them and checks that the admin pages are neither in the menu
// nor open to them; signs back in as admin, disables them, and checks that
// their login is refused; last, filters the audit log by actor and opens an
// entry's detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, clickUntilHidden, gql, signIn, signInAs, withConsole } from './harness.mjs';

const ADMIN_PAGES = [
  ['/audit', 'Audit log'],
  ['/api-keys', 'API keys'],
  ['/console-users', 'Console users'],
];

test('admin: API keys, console users, audit log', { timeout: 150_000 }, () =>
  withConsole('admin', async (page) => {
    const rand = Date.now().toString(36);
    await signIn(page);

    // An API key: the secret is shown once, with a warning, then revoked.
    const keyName = `e2e-key-${rand}`;
    await page.locator('.ant-layout-sider').getByText('API keys', { exact: true }).click();
    await page.waitForURL(/\/api-keys$/);
    await page.getByTestId('new-api-key').click();
    await page.fill('#apikey_name', keyName);
    await page.getByTestId('create-api-key-submit').click();
    const secretBox = page.getByTestId('api-key-secret');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    assert.match(secret, /^cpk_/);
    assert.match(await page.getByTestId('secret-warning').textContent(), /cannot be shown again/);
    await clickUntilHidden(page.getByTestId('secret-done'), secretBox);
    const keyRow = page.locator('tr', { hasText: keyName });
    await keyRow.waitFor();
    assert.match(await keyRow.textContent(), /Service/);
    assert.match(await keyRow.textContent(), /never/);
    assert.doesNotMatch(await page.locator('body').textContent(), new RegExp(secret), 'the secret is not shown again');
    // The key works until revoked.
    const asKey = (s) =>
      page.evaluate(async (s) => {
        const res = await fetch('/graphql', {
          method: 'POST',
          credentials: 'omit',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s}` },
          body: JSON.stringify({ query: '{ me { name kind } }' }),
        });
        return (await res.json()).data?.me ?? null;
      }, s);
    assert.deepEqual(await asKey(secret), { name: keyName, kind: 'API_KEY' });
    await page.getByTestId(`revoke-${keyName}`).click();
    await page.getByTestId('confirm-revoke').click();
    await keyRow.waitFor({ state: 'detached' });
    assert.equal(await asKey(secret), null, 'a revoked key is refused');

    // A console user with ANALYST, created on the page.
    const user = `e2e-ana-${rand}`;
    const userPassword = `e2e-ana-password-${rand}`;
    await page.locator('.ant-layout-sider').getByText('Console users', { exact: true }).click();
    await page.waitForURL(/\/console-users$/);
    await page.getByTestId('new-console-user').click();
    await page.fill('#consoleuser_username', user);
    await page.fill('#consoleuser_password', userPassword);
    await page.getByTestId('create-user-submit').click();
    const userRow = page.locator('tr', { hasText: user });
    await userRow.waitFor();
    assert.match(await userRow.textContent(), /Analyst/);
    assert.match(await userRow.textContent(), /Active/);

    // Signed in as them: no admin page in the menu, nor open by address.
    await signInAs(page, user, userPassword);
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('principal-name').getByText(user).waitFor();
    const sider = page.locator('.ant-layout-sider');
    await sider.getByText('Dashboard', { exact: true }).waitFor();
    for (const [path, label] of ADMIN_PAGES) {
      assert.equal(await sider.getByText(label, { exact: true }).count(), 0, `no ${label} in an analyst's menu`);
      await page.goto(path);
      await page.getByTestId('no-access').waitFor();
    }

    // Back as admin: disable them; their login is refused.
    await signInAs(page, 'admin', PASSWORD);
    await page.waitForURL(/\/coupons$/);
    await page.goto('/console-users');
    await page.getByTestId(`disable-${user}`).click();
    await page.getByTestId('confirm-disable').click();
    await userRow.getByText('Disabled').waitFor();
    // The admin cannot disable themselves.
    assert.equal(await page.getByTestId('disable-admin').isDisabled(), true);

    await signInAs(page, user, userPassword);
    const refused = page.locator('[data-testid=login-error], .ant-form-item-explain-error').first();
    await refused.waitFor();
    assert.match(await refused.textContent(), /disabled/);
    assert.match(page.url(), /\/login/);

    // The audit log, filtered by actor: the changes above, newest first.
    await signInAs(page, 'admin', PASSWORD);
    await page.waitForURL(/\/coupons$/);
    await page.locator('.ant-layout-sider').getByText('Audit log', { exact: true }).click();
    await page.waitForURL(/\/audit$/);
    await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
    await page.getByTestId('audit-actor').fill('admin');
    await page.getByTestId('audit-action').fill('updateConsoleUser');
    await page.getByTestId('audit-filter').click();
    const entry = page.getByTestId('audit-table').locator('tr', { hasText: 'updateConsoleUser' }).first();
    await entry.waitFor();
    const rows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid=audit-table] tbody tr.ant-table-row')].every((r) => r.textContent.includes('updateConsoleUser')),
    );
    for (const text of await rows.allTextContents()) assert.match(text, /admin/);
    await entry.click();
    const detail = page.getByTestId('audit-detail-json');
    await detail.waitFor();
    const json = JSON.parse(await detail.textContent());
    assert.equal(json.args.disabled, true);
    assert.match(await page.getByTestId('audit-detail').textContent(), /ConsoleUser/);

    // The password given at creation never reached the log.
    const { auditLog } = await gql(
      page,
      `query($a: String) { auditLog(actor: "admin", action: $a, first: 50) { edges { node { detail } } } }`,
      { a: 'createConsoleUser' },
    );
    assert.ok(auditLog.edges.length > 0);
    for (const e of auditLog.edges) assert.doesNotMatch(e.node.detail, new RegExp(userPassword));
  }),
);
