// End-to-end test of the console's shell against the real server (see
// harness.mjs), at 1366 x 768: what loads before the first page (no echarts,
// no graphiql), the page skeleton while a page's code loads, the 404 page,
// the login form's labels, the navigation by role (an analyst is offered only
// pages they may use, and none shows a permission error), and the dashboard's
// table of top coupons, which shows every column at that width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { WEB_DIR, gql, payloadOK, signIn, signInAs, withConsole } from './harness.mjs';

const VIEWPORT = { width: 1366, height: 768 };

/** Collects the JS files the page requests, by name without the hash ("EChart", "PlaygroundPage", ...). */
function scripts(page) {
  const names = [];
  page.on('request', (r) => {
    const m = /\/assets\/([^/]+?)-[\w-]{8}\.js$/.exec(new URL(r.url()).pathname);
    if (m) names.push(m[1]);
  });
  return names;
}

test('shell: loading, login labels, 404, skeleton', { timeout: 120_000 }, () =>
  withConsole('shell', async (page) => {
    await page.setViewportSize(VIEWPORT);
    const loaded = scripts(page);

    // The HTML shows a placeholder before any JS runs, and the body has no frame.
    const html = await (await page.request.get('/login')).text();
    assert.match(html, /id="boot"/);
    await page.goto('/login');
    const username = page.getByLabel('Username');
    await username.waitFor();
    assert.equal(await username.getAttribute('id'), 'login-username');
    assert.equal(await page.getByLabel('Password').getAttribute('id'), 'login-password');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).margin), '0px');
    assert.match(await page.getByTestId('login-admin-hint').textContent(), /COUPOND_ADMIN_PASSWORD/);
    // neither the charts nor the playground are loaded for the login page
    assert.deepEqual(
      loaded.filter((n) => /EChart|Playground|Dashboard/.test(n)),
      [],
      `scripts of the login page: ${loaded.join(', ')}`,
    );

    // Signing in lands on the coupons: still no charts nor playground.
    await signIn(page);
    await page.locator('.ant-layout-sider').getByText('Coupons', { exact: true }).waitFor();
    assert.deepEqual(
      loaded.filter((n) => /EChart|Playground|Dashboard/.test(n)),
      [],
      `scripts up to the coupons page: ${loaded.join(', ')}`,
    );

    // While a page's code loads, the content shows a skeleton in the layout (never white).
    let release;
    const held = new Promise((r) => (release = r));
    await page.route(/\/assets\/TagListPage-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.locator('.ant-layout-sider').getByText('Tags', { exact: true }).click();
    await page.getByTestId('page-skeleton').waitFor();
    assert.ok(await page.locator('.ant-layout-sider').isVisible(), 'the side navigation stays');
    release();
    await page.getByTestId('page-skeleton').waitFor({ state: 'detached' });
    await page.unroute(/\/assets\/TagListPage-[\w-]+\.js$/);

    // The dashboard loads the charts.
    await page.locator('.ant-layout-sider').getByText('Dashboard', { exact: true }).click();
    await page.getByTestId('series-chart').locator('canvas').first().waitFor();
    assert.ok(loaded.some((n) => n === 'EChart'), `scripts with the dashboard: ${loaded.join(', ')}`);

    // An unknown address: a 404 with a way home.
    await page.goto('/no/such/page');
    const nf = page.getByTestId('not-found');
    await nf.waitFor();
    assert.match(await nf.textContent(), /There is no page at this address/);
    assert.doesNotMatch(await nf.textContent(), /coming soon/);
    await nf.getByRole('button', { name: 'Go home' }).click();
    await page.waitForURL(/\/coupons$/);
  }),
);

test('shell: an analyst is offered only the pages they may use', { timeout: 120_000 }, () =>
  withConsole('shell-analyst', async (page) => {
    await page.setViewportSize(VIEWPORT);
    await signIn(page);
    const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const analyst = `e2e-shell-analyst-${rand}`;
    const password = `e2e-shell-analyst-password-${rand}`;
    const { createConsoleUser } = await gql(
      page,
      `mutation($input: ConsoleUserInput!) { createConsoleUser(input: $input) { principal { id } userErrors { field message code } } }`,
      { input: { username: analyst, password, roles: ['ANALYST'] } },
    );
    payloadOK(createConsoleUser, 'createConsoleUser');

    await signInAs(page, analyst, password);
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('principal-name').getByText(analyst).waitFor();

    const menu = page.locator('.ant-layout-sider .ant-menu-item');
    const labels = (await menu.allTextContents()).map((s) => s.trim());
    assert.deepEqual(labels, ['Dashboard', 'Coupons', 'Campaigns', 'Order simulator', 'Tags', 'Products', 'Issuance jobs', 'Playground']);

    // Every page offered opens without a permission error.
    for (const label of labels.filter((l) => l !== 'Playground')) {
      await page.locator('.ant-layout-sider').getByText(label, { exact: true }).click();
      await page.getByTestId('page-skeleton').waitFor({ state: 'detached' });
      await page.waitForLoadState('networkidle');
      const body = await page.locator('.ant-layout-content').textContent();
      assert.doesNotMatch(body, /permission|No access/i, `${label}: ${body.slice(0, 300)}`);
      assert.equal(await page.locator('.ant-layout-content').getByRole('button', { name: /retry/i }).count(), 0, `${label}: no Retry`);
    }

    // The users page, by its address: "no access", and none of its queries is sent.
    const sent = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.method() === 'POST') sent.push(r.postData() ?? '');
    });
    await page.goto('/users/someone');
    await page.getByTestId('no-access').waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(
      sent.filter((b) => /UserCoupons|UserTags/.test(b)),
      [],
      'no user queries for an analyst',
    );
  }),
);

test('shell: the dashboard at 1366 px shows every column of the top coupons', { timeout: 120_000 }, () =>
  withConsole('shell-dashboard', async (page) => {
    await page.setViewportSize(VIEWPORT);
    await signIn(page);

    // A used coupon with a long name, so that the table has a row to fit.
    const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const product = `e2e-shell-p-${rand}`;
    payloadOK(
      (
        await gql(
          page,
          `mutation($p: [ProductInput!]!) { upsertProducts(products: $p) { count userErrors { field message code } } }`,
          { p: [{ id: product, name: `Shell shoe ${rand}` }] },
        )
      ).upsertProducts,
      'upsertProducts',
    );
    const couponName = `E2E shell coupon with a rather long name to fit in the table ${rand}`;
    const { createCoupon } = await gql(
      page,
      `mutation($input: CouponInput!) { createCoupon(input: $input) { coupon { id } userErrors { field message code } } }`,
      {
        input: {
          name: couponName,
          discount: { kind: 'AMOUNT_OFF', amountOff: '1234.56', minOrderAmount: '2000.00' },
          validity: { kind: 'RELATIVE', days: 30 },
          totalStock: 100000,
        },
      },
    );
    const couponId = payloadOK(createCoupon, 'createCoupon').coupon.id;
    payloadOK(
      (await gql(page, `mutation($id: ID!) { activateCoupon(id: $id) { coupon { status } userErrors { field message code } } }`, { id: couponId }))
        .activateCoupon,
      'activateCoupon',
    );
    const userId = `e2e-shell-user-${rand}`;
    const { claimCoupon } = await gql(
      page,
      `mutation($input: ClaimInput!) { claimCoupon(input: $input) { userCoupon { id } userErrors { code message } } }`,
      { input: { userId, couponId, requestId: `e2e-shell-${rand}` } },
    );
    const held = payloadOK(claimCoupon, 'claimCoupon').userCoupon.id;
    const { useCoupon } = await gql(
      page,
      `mutation($input: UseCouponInput!) { useCoupon(input: $input) { userCoupon { status } userErrors { code message } } }`,
      {
        input: {
          userId,
          userCouponId: held,
          orderId: `e2e-shell-order-${rand}`,
          cart: { items: [{ productId: product, unitPrice: '99999.00', quantity: 1 }] },
        },
      },
    );
    assert.equal(payloadOK(useCoupon, 'useCoupon').userCoupon.status, 'USED');

    await page.locator('.ant-layout-sider').getByText('Dashboard', { exact: true }).click();
    const table = page.getByTestId('top-coupons');
    const row = table.locator('tr', { hasText: couponName.slice(0, 20) });
    // the server folds events within a second or two: reload until the coupon is there
    const deadline = Date.now() + 20_000;
    for (;;) {
      await table.locator('th', { hasText: 'Discount' }).waitFor();
      await table.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
      // issues and uses fold separately: wait for the use
      if ((await row.count()) > 0 && (await row.getByTestId('top-coupon-used').textContent()) === '1') break;
      if (Date.now() > deadline) assert.fail(`the coupon is not in the top coupons: ${await table.textContent()}`);
      await page.waitForTimeout(1000);
      await page.reload();
    }
    // its discount is shown whole, inside the table
    const cell = row.locator('td', { hasText: '1,234.56' }).last();
    const cbox = await cell.boundingBox();
    const tbox = await table.boundingBox();
    assert.ok(cbox.x + cbox.width <= tbox.x + tbox.width + 1, `the discount cell is inside the table: ${JSON.stringify({ cbox, tbox })}`);
    assert.equal(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth), true, 'the discount is not cut');
    const box = await table.boundingBox();
    for (const title of ['Coupon', 'Status', 'Issued', 'Used', 'Use rate', 'Discount']) {
      const th = await table.locator('th', { hasText: new RegExp(`^${title}$`) }).first().boundingBox();
      assert.ok(th && th.width > 20, `${title} has room: ${JSON.stringify(th)}`);
      assert.ok(th.x + th.width <= box.x + box.width + 1, `${title} is inside the table: ${JSON.stringify({ th, box })}`);
      assert.ok(th.x + th.width <= VIEWPORT.width, `${title} is on screen`);
    }
    // the series as a table
    await page.getByTestId('series-view').getByText('Table', { exact: true }).click();
    await page.getByTestId('series-table').waitFor();
    await page.getByTestId('series-view').getByText('Linear', { exact: true }).click();
    await page.getByTestId('series-chart').locator('canvas').first().waitFor();
    await page.waitForTimeout(300);
    // a check's picture, not a documentation one: always under the ignored e2e/out
    await page.screenshot({ path: path.join(WEB_DIR, 'e2e', 'out', 'screenshot-dashboard-1366.png'), fullPage: true });
  }),
);
