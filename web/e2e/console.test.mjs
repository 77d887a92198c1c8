// End-to-end test of the console against the real server.
//
//   npm run e2e        (builds dist first, since the Go binary embeds it)
//
// Builds coupond, starts it on a free port with a temporary data dir, drives
// Debian's /usr/bin/chromium through playwright-core: signs in as admin,
// creates a coupon through the form, activates it, finds it in the list,
// opens the System view (no replicas on the embedded store), runs a
// query in the playground; then creates a tag on the Tags page, has a
// user claim a coupon (through the API), looks the user up on the Users page,
// tags them there, and imports a CSV of users into the tag; then imports
// categories and products from CSV files on the Products page, super-blacklists
// a product, sets a coupon's product scope with the pickers (on the form and
// with "Edit scope"), and revokes a claimed coupon on the Users page; then
// creates an issuance job in the wizard from an uploaded file of 300 user ids
// and follows it on its page to COMPLETED (E2E_SKIP_JOBS=1 skips that); then
// generates a batch of 50 codes on a coupon's page, follows it to COMPLETED,
// downloads its CSV and disables it (E2E_SKIP_CODES=1 skips that); then
// claims and uses a coupon with carts and follows the figures on the
// dashboard and the coupon's Statistics card, exports CSV, takes
// screenshot-dashboard.png, and checks that an analyst lands on the dashboard
// and is offered no change (E2E_SKIP_STATS=1 skips that); last, migrates
// a sample monolith on the Migration page: the server is started with
// COUPOND_LEGACY_DSN on a SQLite monolith made by `coupond migrate sample`
// (3 templates, 200 users with 3 coupons each); the test runs the static
// copy, moves to DUAL_WRITE, copies the user coupons, verifies with no
// difference and moves to DUAL_WRITE_NEW_READ (E2E_SKIP_MIGRATION=1 skips
// that, and the monolith). Every request the browser makes must go to
// 127.0.0.1. Stops the server and the browser by itself.
// E2E_MOCK=1 runs it against e2e/mock-server.mjs instead (console work only;
// the mock has no tags, jobs or monolith, so only the first test, the code
// batch test and the statistics test pass there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PASSWORD, SCREENSHOT, SHOTS_DIR, gql, payloadOK, signIn, signInAs, withConsole } from './harness.mjs';

test('console: login, create, activate, list, playground', { timeout: 120_000 }, () =>
  withConsole('coupons', async (page) => {
    // Signed out: the console sends us to the login page.
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', 'wrong-' + PASSWORD);
    await page.click('button[type=submit]');
    // shown as an alert, or inline when the server names the field
    await page.locator('[data-testid=login-error], .ant-form-item-explain-error').first().waitFor();

    await page.fill('#login-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/coupons$/);
    await assert.doesNotReject(page.getByTestId('principal-name').getByText('admin').waitFor());

    // Create a coupon through the form.
    const name = `E2E coupon ${Date.now()}`;
    await page.getByTestId('new-coupon').click();
    await page.waitForURL(/\/coupons\/new$/);
    await page.fill('#coupon_name', name);
    await page.fill('#coupon_description', 'Created by the end-to-end test');
    await page.fill('#coupon_discount_amountOff', '10.00');
    await page.fill('#coupon_discount_minOrderAmount', '50.00');
    await page.fill('#coupon_totalStock', '500');
    await page.getByTestId('coupon-submit').click();
    await page.waitForURL(/\/coupons\/(?!new)[^/]+$/);
    await page.getByTestId('coupon-title').getByText(name).waitFor();
    assert.equal(await page.getByTestId('status-tag').textContent(), 'Draft');

    // Activate it on the detail page.
    await page.getByTestId('action-activate').click();
    await page.getByTestId('activate-confirm').click();
    await page.getByTestId('status-tag').getByText('Active', { exact: true }).waitFor();
    await page.getByTestId('action-pause').waitFor();

    // Find it in the list, through the side navigation, then with the search filter.
    await page.locator('.ant-layout-sider').getByText('Coupons', { exact: true }).click();
    await page.waitForURL(/\/coupons$/);
    const row = page.locator('tr', { hasText: name });
    await row.waitFor();
    assert.match(await row.textContent(), /Active/);
    assert.match(await row.textContent(), /10\.00( \S+)? off on orders from \S*50\.00/); // "$10.00 off on orders from $50.00"
    assert.match(await row.textContent(), /500 \/ 500/);
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
    await page.locator('.ant-table .ant-spin-spinning').waitFor({ state: 'detached' });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });

    await page.getByTestId('filter-search').locator('input').fill(name);
    await page.getByTestId('filter-search').locator('input').press('Enter');
    await page.waitForURL((u) => new URL(u).searchParams.get('q') === name);
    await page.locator('tr', { hasText: name }).waitFor();

    // The system view: this server runs on the embedded store, without replicas.
    await page.goto('/system');
    await page.getByTestId('replication-none').waitFor();

    // The playground runs a query as the signed-in user.
    await page.goto('/playground');
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });
    await run.click();
    const response = page.locator('.graphiql-response');
    await response.getByText('"admin"').first().waitFor({ timeout: 30_000 });
    assert.match(await response.textContent(), /"roles"/);
  }),
);

test('console: tags, import, user lookup with tags and coupons', { timeout: 120_000 }, () =>
  withConsole('users-tags', async (page) => {
    const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const tag = `e2e-tag-${rand}`;
    const userId = `e2e-user-${rand}`;
    await signIn(page);

    // Create a tag on the Tags page.
    await page.locator('.ant-layout-sider').getByText('Tags', { exact: true }).click();
    await page.waitForURL(/\/tags$/);
    await page.getByTestId('new-tag').click();
    await page.fill('#tag_name', tag);
    await page.fill('#tag_description', 'Created by the end-to-end test');
    // A click during the dialog's opening animation can be lost: click the
    // (visible) label until the hidden radio input reports checked.
    const batchRadio = page.getByRole('dialog').getByRole('radio', { name: 'Batch' });
    for (let i = 0; i < 30 && !(await batchRadio.isChecked()); i++) {
      await page.getByRole('dialog').getByText('Batch', { exact: true }).click();
      await page.waitForTimeout(100);
    }
    assert.ok(await batchRadio.isChecked(), 'the Batch kind could not be selected');
    await page.getByTestId('create-tag-submit').click();
    const tagRow = page.locator('tr', { hasText: tag });
    await tagRow.waitFor();
    assert.match(await tagRow.textContent(), /Batch/);
    assert.equal(await tagRow.getByTestId('tag-user-count').textContent(), '0');

    // Give the user a coupon through the API, with the page's session.
    const couponName = `E2E claim ${rand}`;
    const { createCoupon } = await gql(
      page,
      `mutation($input: CouponInput!) { createCoupon(input: $input) { coupon { id } userErrors { field message code } } }`,
      {
        input: {
          name: couponName,
          discount: { kind: 'AMOUNT_OFF', amountOff: '5.00', minOrderAmount: '20.00' },
          validity: { kind: 'RELATIVE', days: 30 },
          totalStock: 10,
        },
      },
    );
    const couponId = payloadOK(createCoupon, 'createCoupon').coupon.id;
    const { activateCoupon } = await gql(
      page,
      `mutation($id: ID!) { activateCoupon(id: $id) { coupon { status } userErrors { field message code } } }`,
      { id: couponId },
    );
    assert.equal(payloadOK(activateCoupon, 'activateCoupon').coupon.status, 'ACTIVE');
    const { claimCoupon } = await gql(
      page,
      `mutation($input: ClaimInput!) { claimCoupon(input: $input) { userCoupon { id status } replayed userErrors { code message } } }`,
      { input: { userId, couponId, requestId: `e2e-${rand}` } },
    );
    assert.equal(payloadOK(claimCoupon, 'claimCoupon').userCoupon.status, 'UNUSED');

    // Look the user up on the Users page.
    await page.locator('.ant-layout-sider').getByText('Users', { exact: true }).click();
    await page.waitForURL(/\/users$/);
    await page.getByTestId('users-empty').waitFor();
    await page.getByPlaceholder('User id').fill(userId);
    await page.getByPlaceholder('User id').press('Enter');
    await page.waitForURL((u) => new URL(u).pathname === `/users/${userId}`);
    assert.equal(await page.getByTestId('user-id').textContent(), userId);
    await page.getByTestId('user-tags-empty').waitFor();

    // Its coupon is in the table, linking to the coupon.
    const couponRow = page.locator('tr', { hasText: couponName });
    await couponRow.waitFor();
    const couponText = await couponRow.textContent();
    assert.match(couponText, /Unused/);
    assert.match(couponText, /Claim/);
    assert.match(couponText, /5\.00( \S+)? off on orders from \S*20\.00/);
    assert.equal(await couponRow.getByRole('link').getAttribute('href'), `/coupons/${encodeURIComponent(couponId)}`);
    assert.equal(await page.getByTestId('user-coupons-total').textContent(), 'Showing 1 of 1');

    // Add the tag through the picker; it shows among the user's tags.
    await page.getByTestId('add-user-tag').click();
    await page.keyboard.type(tag);
    await page.locator(`.ant-select-item-option[title="${tag}"]`).click();
    await page.getByTestId(`user-tag-${tag}`).waitFor();
    const { userTags } = await gql(page, `query($userId: ID!) { userTags(userId: $userId) }`, { userId });
    assert.deepEqual(userTags, [tag]);

    // The status filter narrows the coupons.
    await page.goto(`/users/${userId}?status=USED`);
    await page.getByText('This user holds no coupons with these statuses.').waitFor();
    await page.getByTestId(`user-tag-${tag}`).waitFor();

    // Import three more users into the tag from a CSV file.
    await page.locator('.ant-layout-sider').getByText('Tags', { exact: true }).click();
    await page.waitForURL(/\/tags$/);
    await page.getByTestId(`import-users-${tag}`).click();
    const ids = [1, 2, 3].map((i) => `e2e-import-${rand}-${i}`);
    await page
      .getByRole('dialog')
      .locator('input[type=file]')
      .setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(ids.join('\n') + '\n') });
    await page.getByRole('dialog').getByText('users.csv').waitFor();
    await page.getByTestId('import-submit').click();
    assert.equal(await page.getByTestId('import-count').textContent(), '3 users newly tagged');
    await page.getByTestId('import-close').click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    // the list is refreshed: the user tagged on the Users page and the three imported
    await tagRow.getByTestId('tag-user-count').getByText('4', { exact: true }).waitFor();
    const { userTags: imported } = await gql(page, `query($userId: ID!) { userTags(userId: $userId) }`, { userId: ids[1] });
    assert.deepEqual(imported, [tag]);
  }),
);

test('console: catalog import, super-blacklist, coupon product scope, revoke', { timeout: 150_000 }, () =>
  withConsole('catalog-scope', async (page) => {
    const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const root = `e2e-root-${rand}`;
    const child = `e2e-child-${rand}`;
    const rootName = `Root ${rand}`;
    const [p1, p2, p3] = [1, 2, 3].map((i) => `e2e-p${i}-${rand}`);
    const p1Name = `Shoe ${rand}, red`;
    await signIn(page);

    await page.locator('.ant-layout-sider').getByText('Products', { exact: true }).click();
    await page.waitForURL(/\/products$/);

    // Categories: a root and a child, from a CSV with a BOM, CRLF and quotes.
    await page.getByTestId('import-categories').click();
    let dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'categories.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFFid,name,parentId\r\n${child},"Child ${rand}",${root}\r\n${root},"${rootName}",\r\n`),
    });
    assert.equal(await dialog.getByTestId('catalog-import-row-count').textContent(), '2 categories');
    await dialog.getByTestId('catalog-import-submit').click();
    assert.equal(await dialog.getByTestId('catalog-import-count').textContent(), '2 categories imported');
    await dialog.getByTestId('catalog-import-close').click();
    await dialog.waitFor({ state: 'hidden' });
    const tree = page.getByTestId('categories-tree');
    await tree.getByTestId(`category-${child}`).waitFor();
    assert.match(await tree.getByTestId(`category-${root}`).textContent(), new RegExp(rootName));

    // Products: three, one of them in a bad row that is skipped.
    await page.getByTestId('import-products').click();
    dialog = page.getByRole('dialog');
    const csv = [
      'id,name,categoryId',
      `${p1},"${p1Name}",${child}`,
      `${p2},Hat ${rand},${root}`,
      `,no id,${root}`,
      `${p3},Gift card ${rand},`,
    ].join('\n');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    assert.equal(await dialog.getByTestId('catalog-import-row-count').textContent(), '3 products');
    assert.match(await dialog.getByTestId('catalog-import-bad-rows').textContent(), /line 4: the id is empty/);
    await dialog.getByTestId('catalog-import-submit').click();
    assert.equal(await dialog.getByTestId('catalog-import-count').textContent(), '3 products imported');
    await dialog.getByTestId('catalog-import-close').click();
    await dialog.waitFor({ state: 'hidden' });

    // Find them, with the category shown by its path.
    await page.getByTestId('products-search').locator('input').fill(rand);
    await page.getByTestId('products-search').locator('input').press('Enter');
    await page.waitForURL((u) => new URL(u).searchParams.get('q') === rand);
    const p1Row = page.locator('tr', { hasText: p1 });
    await p1Row.waitFor();
    assert.match(await p1Row.textContent(), new RegExp(`${rootName} / Child ${rand}`));
    await page.getByTestId('products-total').getByText('Showing 3 of 3').waitFor();

    // Super-blacklist the gift card through the toggle and its confirmation.
    const toggle = page.getByTestId(`blacklist-toggle-${p3}`);
    assert.equal(await toggle.getAttribute('aria-checked'), 'false');
    await toggle.click();
    await page.getByTestId('blacklist-confirm').click();
    await page.waitForFunction(
      (id) => document.querySelector(`[data-testid="blacklist-toggle-${id}"]`)?.getAttribute('aria-checked') === 'true',
      p3,
    );
    await page.getByTestId('products-blacklisted-only').click();
    await page.waitForURL((u) => new URL(u).searchParams.get('blacklisted') === '1');
    await page.getByTestId('products-total').getByText('Showing 1 of 1').waitFor();
    await page.locator('tr', { hasText: p3 }).waitFor();
    const { products } = await gql(page, `query($s: String) { products(search: $s, superBlacklisted: true) { edges { node { id } } } }`, { s: rand });
    assert.deepEqual(products.edges.map((e) => e.node.id), [p3]);

    // A coupon whose scope is picked with the scope editor: the product by name, the root category from the tree.
    const couponName = `E2E scope ${rand}`;
    await page.goto('/coupons/new');
    await page.fill('#coupon_name', couponName);
    await page.fill('#coupon_discount_amountOff', '5.00');
    await page.fill('#coupon_totalStock', '10');
    await page.locator('#coupon').getByText('Only these', { exact: true }).click();
    await page.getByTestId('product-picker').click();
    await page.keyboard.type(`Shoe ${rand}`);
    await page.locator(`.ant-select-item-option[title="${p1Name} (${p1})"]`).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('category-picker').click();
    await page.locator(`.ant-select-tree [data-testid="category-option-${root}"]`).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('coupon-submit').click();
    await page.waitForURL(/\/coupons\/(?!new)[^/]+$/);
    await page.getByTestId('coupon-title').getByText(couponName).waitFor();
    const couponId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());

    // The detail page names the scope.
    const summary = page.getByTestId('scope-summary');
    assert.equal(await summary.getByTestId('scope-kind-label').textContent(), 'Only these');
    await summary.getByTestId(`scope-product-${p1}`).getByText(p1Name).waitFor();
    await summary.getByTestId(`scope-category-${root}`).getByText(rootName).waitFor();
    const { coupon } = await gql(page, `query($id: ID!) { coupon(id: $id) { productScope { kind productIds categoryIds } } }`, { id: couponId });
    assert.deepEqual(coupon.productScope, { kind: 'WHITELIST', productIds: [p1], categoryIds: [root] });

    // Activate it, then change the scope of the live coupon with "Edit scope": add the hat.
    await page.getByTestId('action-activate').click();
    await page.getByTestId('activate-confirm').click();
    await page.getByTestId('status-tag').getByText('Active', { exact: true }).waitFor();
    await page.getByTestId('edit-scope').click();
    dialog = page.getByRole('dialog');
    // Pick the hat until the picker shows it chosen: a pick during the
    // dialog's opening animation or the search's round trip can be lost.
    const hatChosen = dialog.locator('.ant-select-selection-item', { hasText: `Hat ${rand}` });
    for (let i = 0; i < 5 && (await hatChosen.count()) === 0; i++) {
      await dialog.getByTestId('product-picker').click();
      await page.keyboard.type(`Hat ${rand}`);
      await page.locator(`.ant-select-item-option[title="Hat ${rand} (${p2})"]`).click();
      await page.keyboard.press('Escape');
      await page.waitForTimeout(200);
    }
    assert.ok((await hatChosen.count()) > 0, 'the hat could not be picked');
    await dialog.getByTestId('scope-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await summary.getByTestId(`scope-product-${p2}`).getByText(`Hat ${rand}`).waitFor();
    await summary.getByTestId(`scope-product-${p1}`).waitFor();

    // A user claims it; support revokes it on the Users page, with a reason.
    const userId = `e2e-scope-user-${rand}`;
    const { claimCoupon } = await gql(
      page,
      `mutation($input: ClaimInput!) { claimCoupon(input: $input) { userCoupon { id status } userErrors { code message } } }`,
      { input: { userId, couponId, requestId: `e2e-scope-${rand}` } },
    );
    const ucId = payloadOK(claimCoupon, 'claimCoupon').userCoupon.id;
    await page.goto(`/users/${userId}`);
    const ucRow = page.locator('tr', { hasText: couponName });
    await ucRow.waitFor();
    await ucRow.getByTestId(`revoke-${ucId}`).click();
    dialog = page.getByRole('dialog', { name: 'Revoke coupon' });
    // The reason box has focus once the dialog has opened; a click during the opening animation can miss.
    await dialog.locator('#revoke_reason:focus').waitFor();
    await dialog.getByTestId('revoke-submit').click();
    await dialog.getByText('Give a reason').waitFor();
    await dialog.locator('#revoke_reason').fill('E2E: issued by mistake');
    await dialog.getByTestId('revoke-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await ucRow.getByTestId('user-coupon-status').getByText('REVOKED').waitFor();
    assert.equal(await ucRow.getByTestId(`revoke-${ucId}`).count(), 0);
  }),
);

// E2E_SKIP_JOBS=1 skips this test (for a coupond built before issuance jobs existed); by default it runs.
test(
  'console: issuance job from an uploaded file, live progress to COMPLETED',
  { timeout: 150_000, skip: process.env.E2E_SKIP_JOBS === '1' ? 'E2E_SKIP_JOBS=1' : false },
  () =>
    withConsole('issuance-job', async (page) => {
      const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      await signIn(page);

      // An ACTIVE coupon open to CLAIM and TARGETED, with stock for 1000 (through the API).
      const couponName = `E2E targeted ${rand}`;
      const { createCoupon } = await gql(
        page,
        `mutation($input: CouponInput!) { createCoupon(input: $input) { coupon { id } userErrors { field message code } } }`,
        {
          input: {
            name: couponName,
            discount: { kind: 'AMOUNT_OFF', amountOff: '3.00' },
            validity: { kind: 'RELATIVE', days: 30 },
            channels: ['CLAIM', 'TARGETED'],
            totalStock: 1000,
          },
        },
      );
      const couponId = payloadOK(createCoupon, 'createCoupon').coupon.id;
      const { activateCoupon } = await gql(
        page,
        `mutation($id: ID!) { activateCoupon(id: $id) { coupon { status } userErrors { field message code } } }`,
        { id: couponId },
      );
      assert.equal(payloadOK(activateCoupon, 'activateCoupon').coupon.status, 'ACTIVE');

      // The wizard: pick the coupon, upload 300 user ids, name it, review, start.
      await page.locator('.ant-layout-sider').getByText('Issuance jobs', { exact: true }).click();
      await page.waitForURL(/\/jobs$/);
      await page.getByTestId('new-job').click();
      await page.waitForURL(/\/jobs\/new$/);
      await page.getByTestId('job-coupon-picker').click();
      await page.keyboard.type(couponName);
      await page.locator(`.ant-select-item-option[title="${couponName}"]`).click();
      await page.getByTestId('job-next').click();

      await page.getByTestId('job-audience-file').click();
      const ids = Array.from({ length: 300 }, (_, i) => `e2e-job-${rand}-${i + 1}`);
      await page
        .getByTestId('job-step-audience')
        .locator('input[type=file]')
        .setInputFiles({ name: 'audience.csv', mimeType: 'text/csv', buffer: Buffer.from(['user_id', ...ids].join('\n') + '\n') });
      await page.getByTestId('job-step-audience').getByText('audience.csv').waitFor();
      await page.getByTestId('job-next').click();

      const jobName = `E2E job ${rand}`;
      await page.fill('#job_name', jobName);
      await page.getByTestId('job-next').click();

      // The review: the coupon, the file (counted when the job runs), then Start and its confirm.
      await page.getByTestId('job-review-coupon').getByText(couponName).waitFor();
      assert.match(await page.getByTestId('job-summary').textContent(), /audience\.csv/);
      assert.match(await page.getByTestId('job-review-size').textContent(), /Counted when the job runs/);
      await page.getByTestId('job-submit').click();
      await page.getByTestId('job-start-confirm').click();

      // The detail page follows it live to the end.
      await page.waitForURL(/\/jobs\/(?!new)[^/]+$/);
      const jobId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
      assert.equal(await page.getByTestId('job-title').textContent(), jobName);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="job-progress"]')?.getAttribute('data-percent') === '100',
        null,
        { timeout: 60_000 },
      );
      await page.getByTestId('job-status').getByText('Completed', { exact: true }).waitFor({ timeout: 30_000 });
      await page.getByTestId('job-issued').getByText('300', { exact: true }).waitFor();
      assert.match(await page.getByTestId('job-progress-summary').textContent(), /^300 \/ 300 processed$/);
      assert.match(await page.getByTestId('job-coupon').textContent(), new RegExp(couponName));
      assert.equal(await page.getByTestId('job-action-pause').count(), 0);

      const { issuanceJob } = await gql(
        page,
        `query($id: ID!) { issuanceJob(id: $id) { status audienceSize processed issued failed coupon { id remainingStock } } }`,
        { id: jobId },
      );
      assert.deepEqual(
        { ...issuanceJob, coupon: issuanceJob.coupon.id },
        { status: 'COMPLETED', audienceSize: 300, processed: 300, issued: 300, failed: 0, coupon: couponId },
      );
      assert.equal(issuanceJob.coupon.remainingStock, 700);

      // It is in the list, and on the coupon's page.
      await page.locator('.ant-layout-sider').getByText('Issuance jobs', { exact: true }).click();
      await page.waitForURL(/\/jobs$/);
      const row = page.locator('tr', { hasText: jobName });
      await row.waitFor();
      assert.match(await row.textContent(), /Completed/);
      assert.match(await row.textContent(), new RegExp(couponName));
      await page.goto(`/coupons/${encodeURIComponent(couponId)}`);
      await page.getByTestId('coupon-jobs').locator('tr', { hasText: jobName }).waitFor();
    }),
);

/** The lines of a CSV body, without a trailing empty line (CRLF or LF). */
const csvLines = (text) => text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1);

// E2E_SKIP_CODES=1 skips this test (for a coupond built before code batches existed); by default it runs.
test(
  'console: code batch generated on the coupon page, downloaded as CSV, disabled',
  { timeout: 150_000, skip: process.env.E2E_SKIP_CODES === '1' ? 'E2E_SKIP_CODES=1' : false },
  () =>
    withConsole('code-batch', async (page) => {
      const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      await signIn(page);

      // An ACTIVE coupon open to the CODE channel (through the API).
      const { createCoupon } = await gql(
        page,
        `mutation($input: CouponInput!) { createCoupon(input: $input) { coupon { id } userErrors { field message code } } }`,
        {
          input: {
            name: `E2E codes ${rand}`,
            discount: { kind: 'AMOUNT_OFF', amountOff: '2.00' },
            validity: { kind: 'RELATIVE', days: 30 },
            channels: ['CLAIM', 'CODE'],
            totalStock: 1000,
          },
        },
      );
      const couponId = payloadOK(createCoupon, 'createCoupon').coupon.id;
      const { activateCoupon } = await gql(
        page,
        `mutation($id: ID!) { activateCoupon(id: $id) { coupon { status } userErrors { field message code } } }`,
        { id: couponId },
      );
      assert.equal(payloadOK(activateCoupon, 'activateCoupon').coupon.status, 'ACTIVE');

      // Generate 50 codes with the prefix E2E (typed in lower case: the form upper-cases it).
      await page.goto(`/coupons/${encodeURIComponent(couponId)}`);
      const card = page.getByTestId('code-batches');
      await card.getByText('No codes generated for this coupon yet.').waitFor();
      await card.getByTestId('generate-codes').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('#codes_count').fill('50');
      await dialog.locator('#codes_prefix').fill('e2e');
      assert.equal(await dialog.locator('#codes_prefix').inputValue(), 'E2E');
      assert.equal(await dialog.locator('#codes_length').inputValue(), '16');
      await dialog.getByTestId('generate-codes-submit').click();
      await dialog.waitFor({ state: 'hidden' });

      // The list follows it to COMPLETED 50 / 50.
      const row = card.locator('tr', { has: page.locator('code', { hasText: 'E2E' }) });
      await row.getByTestId('code-batch-status').getByText('Completed', { exact: true }).waitFor({ timeout: 60_000 });
      assert.equal(await row.getByTestId('code-batch-generated').textContent(), '50 / 50');
      assert.equal(await row.getByTestId('code-batch-progress').getAttribute('data-percent'), '100');
      assert.equal(await row.getByTestId('code-batch-redeemed').textContent(), '0');

      // "Download CSV" reads a fresh link and downloads it: a header line and 50 codes.
      const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('code-batch-download').click()]);
      const chunks = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk);
      const downloaded = csvLines(Buffer.concat(chunks).toString('utf8'));
      assert.match(downloaded[0], /code/i, 'the CSV starts with a header line');
      const codes = downloaded.slice(1);
      assert.equal(codes.length, 50);
      for (const line of codes) assert.match(line, /(^|[,"])E2E[A-Z0-9]{16}([,"]|$)/, `a code with the prefix: ${line}`);
      assert.equal(new Set(codes).size, 50, 'the codes are distinct');

      // The export link itself answers the CSV (same session, through page.request).
      const { codeBatches } = await gql(
        page,
        `query($couponId: ID!) { codeBatches(couponId: $couponId) { id status count generated redeemed disabled prefix exportUrl } }`,
        { couponId },
      );
      assert.equal(codeBatches.length, 1);
      const [{ id: batchId, exportUrl, ...batch }] = codeBatches;
      assert.deepEqual(batch, { status: 'COMPLETED', count: 50, generated: 50, redeemed: 0, disabled: false, prefix: 'E2E' });
      assert.ok(exportUrl, 'an exportUrl for the admin');
      const res = await page.request.get(exportUrl);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'] ?? '', /csv/);
      const fetched = csvLines(await res.text());
      assert.equal(fetched.length, 51);
      assert.deepEqual(new Set(fetched.slice(1)), new Set(codes));

      // Disable it, with the confirmation: marked disabled, for good.
      await row.getByTestId('code-batch-disable').click();
      await page.getByTestId('code-batch-disable-confirm').click();
      await row.getByTestId('code-batch-disabled').waitFor();
      assert.equal(await row.getByTestId('code-batch-disable').count(), 0);
      const { codeBatches: after } = await gql(page, `query($couponId: ID!) { codeBatches(couponId: $couponId) { id disabled } }`, {
        couponId,
      });
      assert.deepEqual(after, [{ id: batchId, disabled: true }]);
    }),
);


// E2E_SKIP_STATS=1 skips this test (for a coupond built before statistics existed); by default it runs.
test(
  'console: dashboard and coupon statistics, CSV export, analysts read only',
  { timeout: 180_000, skip: process.env.E2E_SKIP_STATS === '1' ? 'E2E_SKIP_STATS=1' : false },
  () =>
    withConsole('stats', async (page) => {
      const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      await signIn(page);

      // Data through the API: two products, an ACTIVE coupon (5.00 off from 20.00), three claims, two uses with carts.
      const [p1, p2] = [1, 2].map((i) => `e2e-stats-p${i}-${rand}`);
      const { upsertProducts } = await gql(
        page,
        `mutation($p: [ProductInput!]!) { upsertProducts(products: $p) { count userErrors { field message code } } }`,
        { p: [{ id: p1, name: `Stats shoe ${rand}` }, { id: p2, name: `Stats hat ${rand}` }] },
      );
      payloadOK(upsertProducts, 'upsertProducts');
      const couponName = `E2E stats ${rand}`;
      const { createCoupon } = await gql(
        page,
        `mutation($input: CouponInput!) { createCoupon(input: $input) { coupon { id } userErrors { field message code } } }`,
        {
          input: {
            name: couponName,
            discount: { kind: 'AMOUNT_OFF', amountOff: '5.00', minOrderAmount: '20.00' },
            validity: { kind: 'RELATIVE', days: 30 },
            totalStock: 100,
          },
        },
      );
      const couponId = payloadOK(createCoupon, 'createCoupon').coupon.id;
      const { activateCoupon } = await gql(
        page,
        `mutation($id: ID!) { activateCoupon(id: $id) { coupon { status } userErrors { field message code } } }`,
        { id: couponId },
      );
      assert.equal(payloadOK(activateCoupon, 'activateCoupon').coupon.status, 'ACTIVE');
      const users = [1, 2, 3].map((i) => `e2e-stats-user-${rand}-${i}`);
      const held = [];
      for (const userId of users) {
        const { claimCoupon } = await gql(
          page,
          `mutation($input: ClaimInput!) { claimCoupon(input: $input) { userCoupon { id status } replayed userErrors { code message } } }`,
          { input: { userId, couponId, requestId: `e2e-stats-${rand}-${userId}` } },
        );
        held.push(payloadOK(claimCoupon, 'claimCoupon').userCoupon.id);
      }
      for (const i of [0, 1]) {
        const { useCoupon } = await gql(
          page,
          `mutation($input: UseCouponInput!) { useCoupon(input: $input) { userCoupon { status } discount userErrors { code message } } }`,
          {
            input: {
              userId: users[i],
              userCouponId: held[i],
              orderId: `e2e-stats-order-${rand}-${i}`,
              cart: {
                items: [
                  { productId: p1, unitPrice: '30.00', quantity: 1 },
                  { productId: p2, unitPrice: '12.50', quantity: 2 },
                ],
              },
            },
          },
        );
        assert.equal(payloadOK(useCoupon, 'useCoupon').userCoupon.status, 'USED');
        assert.equal(Number(useCoupon.discount), 5);
      }

      // The dashboard (admins see it in the menu), last 7 days by day. The
      // server folds events within a second or two: reload until the KPIs,
      // the top coupons and the top products show them (up to ~20 s).
      await page.locator('.ant-layout-sider').getByText('Dashboard', { exact: true }).click();
      await page.waitForURL(/\/dashboard$/);
      const issuedKpi = page.getByTestId('kpi-issued-value');
      const couponRow = page.getByTestId('top-coupons').locator('tr', { hasText: couponName });
      const productRow = page.getByTestId('top-products').locator('tr', { hasText: `Stats shoe ${rand}` });
      const count = async (loc) => Number(((await loc.textContent()) ?? '').replace(/,/g, '')) || 0;
      const deadline = Date.now() + 20_000;
      for (;;) {
        await issuedKpi.waitFor();
        await page.getByTestId('top-coupons').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
        await page.getByTestId('top-products').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
        // Issues and uses fold separately: wait for both.
        const ready =
          (await count(issuedKpi)) > 0 &&
          (await count(page.getByTestId('kpi-used-value'))) >= 2 &&
          (await couponRow.count()) > 0 &&
          (await couponRow.getByTestId('top-coupon-used').textContent()) === '2' &&
          (await productRow.count()) > 0 &&
          /60\.00/.test((await productRow.textContent()) ?? '');
        if (ready) break;
        if (Date.now() > deadline) {
          assert.fail(
            `the dashboard does not show the new figures: issued ${await issuedKpi.textContent()}, ` +
              `top coupons ${await page.getByTestId('top-coupons').textContent()}, top products ${await page.getByTestId('top-products').textContent()}`,
          );
        }
        await page.waitForTimeout(1000);
        await page.reload();
      }
      assert.ok((await count(page.getByTestId('kpi-used-value'))) >= 2);
      await page.getByTestId('stats-as-of').waitFor();
      assert.equal(await couponRow.getByTestId('top-coupon-used').textContent(), '2');
      assert.equal(await couponRow.getByRole('link').getAttribute('href'), `/coupons/${encodeURIComponent(couponId)}`);
      assert.match(await productRow.textContent(), /Stats shoe/);
      assert.match(await productRow.textContent(), /60\.00/); // 2 orders x 30.00

      // The chart is drawn on a canvas, one bucket per day; by hour it has 7 x 24.
      const chart = page.getByTestId('series-chart');
      await chart.locator('canvas').first().waitFor();
      assert.equal(await chart.getAttribute('data-points'), '7');
      await page.getByTestId('granularity').getByText('By hour').click();
      await page.waitForURL((u) => new URL(u).searchParams.get('g') === 'HOUR');
      await page.waitForFunction(() => document.querySelector('[data-testid="series-chart"]')?.getAttribute('data-points') === '168');
      assert.match(await page.getByTestId('export-series').getAttribute('href'), /granularity=HOUR/);
      await page.getByTestId('granularity').getByText('By day').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="series-chart"]')?.getAttribute('data-points') === '7');

      // Exports: the coupons CSV downloads with the session, and names the coupon.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-coupons').click()]);
      const chunks = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk);
      const couponsCsv = Buffer.concat(chunks).toString('utf8');
      assert.ok(csvLines(couponsCsv).length >= 2, `a header and rows: ${couponsCsv}`);
      assert.ok(couponsCsv.includes(couponName) || couponsCsv.includes(couponId), `the coupon is in the export: ${couponsCsv}`);
      for (const kind of ['series', 'products']) {
        const res = await page.request.get(await page.getByTestId(`export-${kind}`).getAttribute('href'));
        assert.equal(res.status(), 200, `export ${kind}`);
        assert.match(res.headers()['content-type'] ?? '', /csv/);
        assert.match(res.headers()['content-disposition'] ?? '', /attachment/);
      }

      // A screenshot of the dashboard at 1280 x 800.
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.reload();
      await issuedKpi.waitFor();
      await couponRow.waitFor();
      await chart.locator('canvas').first().waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(SHOTS_DIR, 'screenshot-dashboard.png'), fullPage: false });
      await page.setViewportSize({ width: 1440, height: 900 });

      // The coupon's page: its all-time figures, its chart and its products; exports scoped to it.
      await couponRow.getByRole('link').click();
      await page.waitForURL((u) => new URL(u).pathname === `/coupons/${couponId}` || new URL(u).pathname === `/coupons/${encodeURIComponent(couponId)}`);
      const card = page.getByTestId('coupon-stats');
      await card.getByTestId('kpi-issued-value').getByText('3', { exact: true }).waitFor({ timeout: 20_000 });
      assert.equal(await card.getByTestId('kpi-used-value').textContent(), '2');
      assert.equal(await card.getByTestId('kpi-use-rate-value').textContent(), '66.7%');
      assert.match(await card.getByTestId('kpi-discount-value').textContent(), /^[^\d]*10(\.0+)?$/);
      await card.locator('[data-testid="series-chart"] canvas').first().waitFor();
      await card.getByTestId('top-products').locator('tr', { hasText: `Stats hat ${rand}` }).waitFor();
      assert.match(await card.getByTestId('export-products').getAttribute('href'), new RegExp(`couponId=${encodeURIComponent(couponId)}$`));
      assert.equal(await card.getByTestId('export-coupons').count(), 0);

      // An analyst lands on the dashboard, reads the coupon's statistics, and is offered no change.
      const analyst = `e2e-analyst-${rand}`;
      const analystPassword = `e2e-analyst-password-${rand}`;
      const { createConsoleUser } = await gql(
        page,
        `mutation($input: ConsoleUserInput!) { createConsoleUser(input: $input) { principal { id } userErrors { field message code } } }`,
        { input: { username: analyst, password: analystPassword, roles: ['ANALYST'] } },
      );
      payloadOK(createConsoleUser, 'createConsoleUser');
      await signInAs(page, analyst, analystPassword);
      await page.waitForURL(/\/dashboard$/);
      await page.getByTestId('principal-name').getByText(analyst).waitFor();
      await page.getByTestId('kpi-issued-value').waitFor();
      await page.getByTestId('top-coupons').locator('tr', { hasText: couponName }).getByRole('link').click();
      await page.getByTestId('coupon-stats').getByTestId('kpi-used-value').getByText('2', { exact: true }).waitFor();
      for (const id of ['action-pause', 'action-end', 'edit', 'add-stock', 'edit-scope']) {
        assert.equal(await page.getByTestId(id).count(), 0, `no ${id} for an analyst`);
      }
    }),
);

/** The value of attribute `name` of the element with data-testid `testId` (null when absent). */
const testIdAttr = (page, testId, name) =>
  page.evaluate(([t, n]) => document.querySelector(`[data-testid="${t}"]`)?.getAttribute(n) ?? null, [testId, name]);

/**
 * Moves the migration to `target` with the button `buttonId` and the
 * confirmation dialog. Clicks until the stepper reports the mode: a click
 * during the dialog's opening animation can be lost; a repeated change to
 * the mode it is in is a no-op on the server.
 */
async function enterMigrationMode(page, target, buttonId) {
  const confirm = page.getByTestId('migration-mode-confirm').last();
  const deadline = Date.now() + 30_000;
  while ((await testIdAttr(page, 'migration-mode', 'data-mode')) !== target) {
    if (Date.now() > deadline) {
      assert.fail(`the mode did not become ${target}: ${await page.getByTestId('migration-mode').textContent()}; ${await page.getByTestId('migration-next').textContent()}`);
    }
    if (await confirm.isVisible()) {
      await confirm.click({ timeout: 2000 }).catch(() => {});
    } else if ((await page.locator('.ant-modal-confirm').count()) === 0) {
      await page.getByTestId(buttonId).click({ timeout: 2000 }).catch(() => {});
    }
    await page.waitForTimeout(300);
  }
  await page.locator('.ant-modal-confirm').waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Starts a migration task with its button and waits for it to finish
 * (the page reads the migration every second while it runs); returns its
 * status. Clicks again only when no new task shows within 10 s.
 */
async function runMigrationTask(page, kind, timeout = 90_000) {
  const before = await testIdAttr(page, 'migration-task', 'data-task-id');
  const isNew = () =>
    page.waitForFunction(
      (b) => {
        const id = document.querySelector('[data-testid="migration-task"]')?.getAttribute('data-task-id');
        return !!id && id !== b;
      },
      before,
      { timeout: 10_000 },
    );
  let started = false;
  for (let i = 0; i < 3 && !started; i++) {
    await page.getByTestId(`migration-start-${kind}`).click();
    started = await isNew().then(
      () => true,
      () => false,
    );
  }
  assert.ok(started, `no ${kind} task shows on the page`);
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid="migration-task"]')?.getAttribute('data-status');
      return !!s && s !== 'RUNNING';
    },
    null,
    { timeout },
  );
  return testIdAttr(page, 'migration-task', 'data-status');
}

// E2E_SKIP_MIGRATION=1 skips this test (and the sample monolith in `before`); by default it runs.
test(
  'console: migration from a monolith',
  { timeout: 240_000, skip: process.env.E2E_SKIP_MIGRATION === '1' ? 'E2E_SKIP_MIGRATION=1' : false },
  () =>
    withConsole('migration', async (page) => {
      await signIn(page);
      await page.locator('.ant-layout-sider').getByText('Migration', { exact: true }).click();
      await page.waitForURL(/\/migration$/);

      // LEGACY_ONLY, none of the monolith's 3 templates copied; that blocks DUAL_WRITE.
      await page.getByTestId('migration-mode').waitFor();
      assert.equal(await testIdAttr(page, 'migration-mode', 'data-mode'), 'LEGACY_ONLY');
      assert.equal(await page.getByTestId('migration-mode-current').textContent(), 'LEGACY_ONLY');
      assert.match(await page.getByTestId('migration-templates').textContent(), /0 of 3/);
      assert.match(await page.getByTestId('migration-legacy-rows').textContent(), /600/);
      assert.equal(await page.getByTestId('migration-unconfigured').count(), 0, 'the server has the monolith');
      assert.match(await page.getByTestId('migration-blockers').textContent(), /static copy is not done: 0 of 3/);
      assert.equal(await page.getByTestId('migration-advance').isDisabled(), true);
      assert.equal(await page.getByTestId('migration-start-COPY').isDisabled(), true, 'no copy before DUAL_WRITE');
      // The resharding card: the user shards' layout in use; this server was given no new one.
      assert.match(await page.getByTestId('resharding-layout').textContent(), /^2x4/);
      assert.match(await page.getByTestId('resharding-target').textContent(), /none given/);
      assert.equal(await page.getByTestId('resharding-phase').textContent(), 'OPEN');

      // The static copy: templates and stock.
      assert.equal(await runMigrationTask(page, 'STATIC_COPY'), 'DONE');
      assert.equal(await page.getByTestId('migration-task-kind').textContent(), 'Static copy');
      await page.getByTestId('migration-templates').getByText('3 of 3').waitFor({ timeout: 10_000 });
      await page.getByTestId('migration-ready').waitFor();

      // DUAL_WRITE, confirmed in the dialog.
      await enterMigrationMode(page, 'DUAL_WRITE', 'migration-advance');
      assert.equal(await page.getByTestId('migration-mode-current').textContent(), 'DUAL_WRITE');
      assert.match(await page.getByTestId('migration-mode-changed').textContent(), /set by admin/);
      assert.match(await page.getByTestId('migration-blockers').textContent(), /no verify has run since the mode became DUAL_WRITE/);

      // The copy of the user coupons, unthrottled: the 600 rows, none behind.
      assert.equal(await page.getByRole('spinbutton', { name: 'Rows per second' }).inputValue(), '0');
      assert.equal(await runMigrationTask(page, 'COPY'), 'DONE');
      assert.equal(await page.getByTestId('migration-task-kind').textContent(), 'Copy user coupons');
      assert.match(await page.getByTestId('migration-task-done').textContent(), /600 of 600/);
      assert.equal(await page.getByTestId('migration-task-progress').getAttribute('data-percent'), '100');
      const figure = (testId) => page.getByTestId(testId).locator('.ant-statistic-content').textContent();
      for (let i = 0; i < 10 && (await figure('migration-rows-behind')) !== '0'; i++) {
        await page.getByTestId('migration-refresh').click();
        await page.waitForTimeout(1000);
      }
      assert.equal(await figure('migration-rows-behind'), '0');
      assert.equal(await figure('migration-copied-through'), '600');

      // Verify: both sides agree.
      assert.equal(await runMigrationTask(page, 'VERIFY'), 'DONE');
      assert.equal(await page.getByTestId('migration-task-kind').textContent(), 'Verify');
      assert.equal(await figure('migration-task-differences'), '0');
      assert.equal(await figure('migration-task-users'), '200');
      await page.getByTestId('migration-diffs').getByText('The last verify found no differences.').waitFor();
      await page.getByTestId('migration-ready').waitFor();
      assert.equal(await page.getByTestId('migration-advance').isDisabled(), false);

      // DUAL_WRITE_NEW_READ: reads from coupond; the next step waits for a verify in this mode.
      await enterMigrationMode(page, 'DUAL_WRITE_NEW_READ', 'migration-advance');
      assert.equal(await page.getByTestId('migration-mode-current').textContent(), 'DUAL_WRITE_NEW_READ');
      assert.match(await page.locator('.ant-steps-item-active').textContent(), /DUAL_WRITE_NEW_READ/);
      assert.match(await page.getByTestId('migration-blockers').textContent(), /no verify has run since the mode became DUAL_WRITE_NEW_READ/);
      assert.equal(await page.getByTestId('migration-back').textContent(), 'Step back to DUAL_WRITE');

      const { migration } = await gql(page, `query { migration { mode copiedTemplates rowsBehind lastVerify { status differences } } }`);
      assert.deepEqual(migration, { mode: 'DUAL_WRITE_NEW_READ', copiedTemplates: 3, rowsBehind: 0, lastVerify: { status: 'DONE', differences: 0 } });
    }),
);
