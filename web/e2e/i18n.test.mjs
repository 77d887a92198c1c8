// End-to-end test of the console's two languages against the real server
// (see harness.mjs), at 1366 x 768: the language switch on the login page
// and in the header, the choice kept across a reload, and every page of the
// console in Chinese with no English left on it and no catalogue key shown
// in either language; with a 200-character coupon name, job name and
// product name, no page is wider than the window in either language. Each page is photographed in both languages into
// e2e/out/pages/<language>/ (ignored); `npm run screenshots` writes them to
// docs/screenshots/<language>/ instead, on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { REPO_DIR, WEB_DIR, gql, payloadOK, signIn, withConsole } from './harness.mjs';

const VIEWPORT = { width: 1366, height: 768 };
const PAGES_DIR =
  process.env.E2E_SCREENSHOTS === '1' ? path.join(REPO_DIR, 'docs', 'screenshots') : path.join(WEB_DIR, 'e2e', 'out', 'pages');

// Words that are the same in both languages: names of things, codes and units.
const SAME_IN_BOTH = new Set(
  ['coupond', 'API', 'CSV', 'GraphQL', 'JSON', 'HTTP', 'UTC', 'USD', 'CNY', 'URL', 'SQL', 'SQLite', 'MariaDB', 'MySQL', 'Redis', 'admin', 'English'].map(
    (w) => w.toLowerCase(),
  ),
);

/**
 * English words left on a Chinese page: runs of three or more Latin letters
 * in a visible text node, outside the words above and outside any token with
 * a digit or a dash in it (ids, codes, addresses are data).
 */
async function englishLeft(page, scope) {
  const texts = await page.locator(scope).first().evaluate((root) => {
    const out = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent.trim()) continue;
      if (el.closest('[data-i18n-data], code, pre, .ant-select-selection-item')) continue;
      const r = el.getBoundingClientRect();
      const st = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || st.visibility === 'hidden' || st.display === 'none') continue;
      out.push(n.textContent.trim());
    }
    // antd's own accessibility labels, which its locales leave in English:
    // icon names, the number input's steppers, the segmented control, row selection
    const ANTD_OWN = '.anticon, .ant-input-number-action, .ant-segmented, .ant-table-selection-column, .ant-table .ant-checkbox-input';
    for (const el of root.querySelectorAll('[placeholder], [aria-label], [title]')) {
      if (el.matches(ANTD_OWN)) continue;
      for (const a of ['placeholder', 'aria-label', 'title']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
  const left = [];
  for (const t of texts) {
    for (const token of t.split(/[\s,;()（）「」，。：、|]+/)) {
      if (!token || /[\d\-_@.:/]/.test(token)) continue;
      for (const w of token.match(/[A-Za-z]{3,}/g) ?? []) {
        if (!SAME_IN_BOTH.has(w.toLowerCase())) left.push(`${w} (in "${t.slice(0, 60)}")`);
      }
    }
  }
  return left;
}

/** Text that looks like a catalogue key ("list.title", "coupons:status.ACTIVE"): a key without its text. */
async function keysShown(page) {
  const text = await page.locator('body').innerText();
  return text.split('\n').filter((l) => /^\s*([a-z]+:)?[a-z][A-Za-z]*(\.[A-Za-z_]+)+\s*$/.test(l) && !/\.(csv|json|png)$/.test(l.trim()));
}

const width = (page) => page.evaluate(() => document.documentElement.scrollWidth);

async function settle(page) {
  await page.getByTestId('page-skeleton').waitFor({ state: 'detached' });
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => {});
  await page.waitForTimeout(250);
}

async function switchTo(page, label) {
  await page.getByTestId('language-switch').first().click();
  await page.locator('.ant-dropdown-menu-item', { hasText: label }).click();
}

test('languages: every page in Chinese and English, the choice remembered', { timeout: 600_000 }, () =>
  withConsole('i18n', async (page) => {
    await page.setViewportSize(VIEWPORT);
    await signIn(page);

    // Data for the pages to show: a product, a coupon used once, a code batch, a tag, a job.
    const rand = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const product = `p-${rand}`;
    const long = (start) => `${start} `.padEnd(200, '长');
    payloadOK(
      (
        await gql(page, `mutation($p: [ProductInput!]!) { upsertProducts(products: $p) { count userErrors { field message code } } }`, {
          p: [{ id: product, name: long('跑步鞋') }],
        })
      ).upsertProducts,
      'upsertProducts',
    );
    const { createCoupon } = await gql(
      page,
      `mutation($input: CouponInput!) { createCoupon(input: $input) { coupon { id } userErrors { field message code } } }`,
      {
        input: {
          name: long('双十二满减券'),
          discount: { kind: 'AMOUNT_OFF', amountOff: '20.00', minOrderAmount: '199.00' },
          validity: { kind: 'RELATIVE', days: 30 },
          channels: ['CLAIM', 'CODE', 'TARGETED'],
          totalStock: 1000,
        },
      },
    );
    const couponId = payloadOK(createCoupon, 'createCoupon').coupon.id;
    payloadOK(
      (await gql(page, `mutation($id: ID!) { activateCoupon(id: $id) { coupon { status } userErrors { field message code } } }`, { id: couponId }))
        .activateCoupon,
      'activateCoupon',
    );
    const userId = `u-${rand}`;
    const { claimCoupon } = await gql(
      page,
      `mutation($input: ClaimInput!) { claimCoupon(input: $input) { userCoupon { id } userErrors { code message } } }`,
      { input: { userId, couponId, requestId: `i18n-${rand}` } },
    );
    const held = payloadOK(claimCoupon, 'claimCoupon').userCoupon.id;
    payloadOK(
      (
        await gql(
          page,
          `mutation($input: UseCouponInput!) { useCoupon(input: $input) { userCoupon { status } userErrors { code message } } }`,
          { input: { userId, userCouponId: held, orderId: `o-${rand}`, cart: { items: [{ productId: product, unitPrice: '299.00', quantity: 1 }] } } },
        )
      ).useCoupon,
      'useCoupon',
    );
    payloadOK(
      (
        await gql(page, `mutation($input: GenerateCodesInput!) { generateCodes(input: $input) { batch { id } userErrors { field message code } } }`, {
          input: { couponId, count: 20 },
        })
      ).generateCodes,
      'generateCodes',
    );
    payloadOK(
      (
        await gql(page, `mutation($input: TagInput!) { createTag(input: $input) { tag { name } userErrors { field message code } } }`, {
          input: { name: `vip-${rand}`, description: '高价值会员' },
        })
      ).createTag,
      'createTag',
    );
    const { createIssuanceJob } = await gql(
      page,
      `mutation($input: IssuanceJobInput!) { createIssuanceJob(input: $input) { job { id } userErrors { field message code } } }`,
      { input: { couponId, name: long('会员回馈'), audience: { userIds: [`u1-${rand}`, `u2-${rand}`] } } },
    );
    const jobId = payloadOK(createIssuanceJob, 'createIssuanceJob').job.id;
    const { createCampaign } = await gql(
      page,
      `mutation($input: CampaignInput!) { createCampaign(input: $input) { campaign { id } userErrors { field message code } } }`,
      { input: { name: long('春季促销'), budget: { amount: '1000', usesPerDay: 100 } } },
    );
    const campaignId = payloadOK(createCampaign, 'createCampaign').campaign.id;

    const pages = [
      ['dashboard', '/dashboard'],
      ['coupons', '/coupons'],
      ['coupon-new', '/coupons/new'],
      ['coupon-detail', `/coupons/${couponId}`],
      ['coupon-edit', `/coupons/${couponId}/edit`],
      ['campaigns', '/campaigns'],
      ['campaign-detail', `/campaigns/${campaignId}`],
      ['simulator', '/simulator'],
      ['user', `/users/${userId}`],
      ['tags', '/tags'],
      ['products', '/products'],
      ['jobs', '/jobs'],
      ['job-new', '/jobs/new'],
      ['job-detail', `/jobs/${jobId}`],
      ['migration', '/migration'],
      ['system', '/system'],
      ['audit', '/audit'],
      ['api-keys', '/api-keys'],
      ['console-users', '/console-users'],
      ['not-found', '/no/such/page'],
    ];

    for (const lang of ['en-US', 'zh-CN']) {
      await mkdir(path.join(PAGES_DIR, lang), { recursive: true });
    }

    // English first (the default): no key shown anywhere.
    for (const [name, url] of pages) {
      await page.goto(url);
      await settle(page);
      assert.deepEqual(await keysShown(page), [], `${name} (en-US): catalogue keys on the page`);
      assert.ok((await width(page)) <= VIEWPORT.width, `${name} (en-US) is ${await width(page)} px wide`);
      await page.screenshot({ path: path.join(PAGES_DIR, 'en-US', `${name}.png`) });
    }

    // The login page switches before anyone signs in; the choice outlives a reload.
    await page.context().clearCookies();
    await page.goto('/login');
    await switchTo(page, '中文');
    await page.getByLabel('用户名').waitFor();
    await page.screenshot({ path: path.join(PAGES_DIR, 'zh-CN', 'login.png') });
    await page.reload();
    await page.getByLabel('用户名').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await switchTo(page, 'English');
    await page.getByLabel('Username').waitFor();
    await page.screenshot({ path: path.join(PAGES_DIR, 'en-US', 'login.png') });

    // Signed in, the header's switch changes the page in place.
    await signIn(page);
    await switchTo(page, '中文');
    await page.locator('.ant-layout-sider').getByText('优惠券', { exact: true }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    const problems = [];
    for (const [name, url] of pages) {
      await page.goto(url);
      await settle(page);
      const left = await englishLeft(page, '.ant-layout');
      if (left.length) problems.push(`${name}: ${left.join('; ')}`);
      if ((await width(page)) > VIEWPORT.width) problems.push(`${name}: ${await width(page)} px wide`);
      const keys = await keysShown(page);
      if (keys.length) problems.push(`${name}: keys ${keys.join('; ')}`);
      await page.screenshot({ path: path.join(PAGES_DIR, 'zh-CN', `${name}.png`) });
    }
    assert.deepEqual(problems, [], 'English or keys left on Chinese pages');

    // Money and dates follow the language: the coupon's discount is written the Chinese way.
    await page.goto(`/coupons/${couponId}`);
    await settle(page);
    const detail = await page.locator('.ant-layout-content').innerText();
    assert.match(detail, /20\.00/);
    assert.doesNotMatch(detail, /20\.00 USD/, 'amounts carry a currency symbol, not a trailing code');

    // Back to English for whoever uses this browser next.
    await switchTo(page, 'English');
    await page.locator('.ant-layout-sider').getByText('Coupons', { exact: true }).waitFor();
  }),
);
