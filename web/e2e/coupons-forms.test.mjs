// End-to-end checks of the coupon forms and pages, against the real server
// (see harness.mjs): the scope product picker keeps what was chosen; long
// names do not widen the pages at 1366x768; the coupon form asks instead of
// guessing (no clamping, no swapped dates, Enter in a date picker does not
// submit, server messages name the form's fields); activation is confirmed.
//
//   flock /tmp/web-build.lock sh -c 'cd web && npm run build && node --test e2e/coupons-forms.test.mjs'
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withConsole, signIn, gql, payloadOK } from './harness.mjs';

const rnd = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function createCoupon(page, input) {
  const { createCoupon } = await gql(
    page,
    `mutation($input: CouponInput!) { createCoupon(input: $input) { coupon { id name status } userErrors { field message code } } }`,
    {
      input: {
        discount: { kind: 'AMOUNT_OFF', amountOff: '5.00' },
        validity: { kind: 'RELATIVE', days: 30 },
        totalStock: 10,
        ...input,
      },
    },
  );
  return payloadOK(createCoupon, 'createCoupon').coupon;
}

async function activate(page, id) {
  const { activateCoupon } = await gql(
    page,
    `mutation($id: ID!) { activateCoupon(id: $id) { coupon { status } userErrors { field message code } } }`,
    { id },
  );
  payloadOK(activateCoupon, 'activateCoupon');
}

/** the chosen products of the picker, by their ids in the tags */
async function chosen(picker) {
  return picker.locator('.ant-select-selection-item [data-testid^="product-option-"]').evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-testid').replace('product-option-', '')),
  );
}

test('scope picker: Enter picks the search result, never removes a chosen product; the search clears', { timeout: 120_000 }, () =>
  withConsole('scope-picker', async (page) => {
    const rand = rnd();
    const [p7, p42, p70] = ['p7', 'p42', 'p70'].map((p) => `${rand}-${p}`);
    await signIn(page);
    const { upsertProducts } = await gql(
      page,
      `mutation($p: [ProductInput!]!) { upsertProducts(products: $p) { count userErrors { field message code } } }`,
      {
        p: [
          { id: p7, name: `Product 7 ${rand}` },
          { id: p42, name: `Product 42 ${rand}` },
          { id: p70, name: `Product 70 ${rand}` },
        ],
      },
    );
    payloadOK(upsertProducts, 'upsertProducts');
    const c = await createCoupon(page, { name: `E2E picker ${rand}` });

    await page.goto(`/coupons/${encodeURIComponent(c.id)}`);
    await page.getByTestId('edit-scope').click();
    const dialog = page.getByRole('dialog');
    const onlyThese = dialog.getByRole('radio', { name: 'Only these' });
    for (let i = 0; i < 30 && !(await onlyThese.isChecked()); i++) {
      await dialog.getByText('Only these', { exact: true }).click();
      await page.waitForTimeout(100);
    }
    const picker = dialog.getByTestId('product-picker');
    const input = picker.getByRole('combobox');
    await picker.click();

    // p42, Enter: chosen, and the search text is gone
    await page.keyboard.type(p42);
    await page.locator(`.ant-select-item-option[title="Product 42 ${rand} (${p42})"]`).waitFor();
    await page.keyboard.press('Enter');
    await picker.getByText(`Product 42 ${rand}`).waitFor();
    assert.equal(await input.inputValue(), '', 'the search text clears after a pick');

    // "Product 7 <rand>": the list offers p7 only (not the chosen p42); Enter adds it
    await page.keyboard.type(`Product 7 ${rand}`);
    assert.equal(await input.inputValue(), `Product 7 ${rand}`);
    await page.locator(`.ant-select-item-option[title="Product 7 ${rand} (${p7})"]`).waitFor();
    assert.equal(await page.locator(`.ant-select-item-option[title="Product 42 ${rand} (${p42})"]`).count(), 0);
    await page.keyboard.press('Enter');
    await picker.getByText(`Product 7 ${rand}`).waitFor();
    assert.deepEqual(await chosen(picker), [p42, p7]);

    // a search that finds only chosen products: Enter takes nothing away
    await page.keyboard.type(p42);
    await page.getByText('All the matching products are chosen.').waitFor();
    await page.keyboard.press('Enter');
    // and Backspace, once the box is empty, does not either
    for (let i = 0; i < p42.length + 2; i++) await page.keyboard.press('Backspace');
    assert.deepEqual(await chosen(picker), [p42, p7]);

    await page.keyboard.press('Escape');
    await dialog.getByTestId('scope-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    const summary = page.getByTestId('scope-summary');
    await summary.getByTestId(`scope-product-${p42}`).getByText(`Product 42 ${rand}`).waitFor();
    await summary.getByTestId(`scope-product-${p7}`).getByText(`Product 7 ${rand}`).waitFor();
    const { coupon } = await gql(page, `query($id: ID!) { coupon(id: $id) { productScope { kind productIds } } }`, { id: c.id });
    assert.deepEqual(coupon.productScope, { kind: 'WHITELIST', productIds: [p42, p7] });
  }),
);

test('long names: list, detail and user page fit 1366 px; Revoke stays in view', { timeout: 120_000 }, () =>
  withConsole('long-names', async (page) => {
    const rand = rnd();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page);
    const name = `Long ${rand} `.padEnd(200, 'W');
    assert.equal(name.length, 200);
    const c = await createCoupon(page, { name });
    await activate(page, c.id);
    const userId = `e2e-long-${rand}`;
    const { claimCoupon } = await gql(
      page,
      `mutation($input: ClaimInput!) { claimCoupon(input: $input) { userCoupon { id } userErrors { code message } } }`,
      { input: { userId, couponId: c.id, requestId: `e2e-long-${rand}` } },
    );
    const ucId = payloadOK(claimCoupon, 'claimCoupon').userCoupon.id;
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);

    await page.goto(`/coupons?q=${encodeURIComponent(rand)}`);
    await page.locator('tr', { hasText: `Long ${rand}` }).waitFor();
    assert.ok((await width()) <= 1366, `coupon list is ${await width()} px wide`);

    await page.goto(`/coupons/${encodeURIComponent(c.id)}`);
    await page.getByTestId('coupon-title').waitFor();
    assert.ok((await width()) <= 1366, `coupon detail is ${await width()} px wide`);
    const crumb = await page.locator('.ant-breadcrumb').boundingBox();
    assert.ok(crumb.x + crumb.width <= 1366, `breadcrumb ends at ${crumb.x + crumb.width}`);

    await page.goto(`/users/${encodeURIComponent(userId)}`);
    const revoke = page.getByTestId(`revoke-${ucId}`);
    await revoke.waitFor();
    assert.ok((await width()) <= 1366, `user page is ${await width()} px wide`);
    const box = await revoke.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 1366 && box.y + box.height <= 768 + 2000, `Revoke at ${JSON.stringify(box)}`);
  }),
);

test('coupon form asks instead of guessing; activation is confirmed', { timeout: 150_000 }, () =>
  withConsole('coupon-form-asks', async (page) => {
    const rand = rnd();
    await signIn(page);
    const existing = await createCoupon(page, { name: `E2E dup ${rand}` });
    const itemOf = (id) => page.locator(`.ant-form-item:has(#${id})`);

    await page.goto('/coupons/new');
    // a name another coupon has: a warning, not a refusal
    await page.fill('#coupon_name', `E2E dup ${rand}`);
    await itemOf('coupon_name').getByText('Another coupon already has this name', { exact: false }).waitFor();
    // too long: counted and flagged, not cut
    await page.fill('#coupon_name', 'N'.repeat(5000));
    assert.equal((await page.inputValue('#coupon_name')).length, 5000);
    await itemOf('coupon_name').getByText('At most 200 characters', { exact: false }).waitFor();
    await page.fill('#coupon_name', `E2E asks ${rand}`);

    await page.fill('#coupon_discount_amountOff', '5.00');
    await page.fill('#coupon_totalStock', '-10');
    await page.fill('#coupon_perUserLimit', '0');
    await page.getByTestId('coupon-submit').click();
    await itemOf('coupon_totalStock').getByText('Total stock must be a whole number from 1', { exact: false }).waitFor();
    await itemOf('coupon_perUserLimit').getByText('Per-user limit must be a whole number from 1', { exact: false }).waitFor();
    assert.equal(await page.inputValue('#coupon_totalStock'), '-10', 'not clamped');
    assert.equal(await page.inputValue('#coupon_perUserLimit'), '0', 'not raised to 1');
    await page.fill('#coupon_totalStock', '10');
    await page.fill('#coupon_perUserLimit', '1');

    // claim window typed end before start, confirmed with Enter: not swapped, and Enter does not submit
    await page.locator('#coupon_claimWindow').click();
    await page.keyboard.type('2030-01-10 00:00:00');
    await page.keyboard.press('Enter');
    await page.keyboard.type('2030-01-01 00:00:00');
    await page.keyboard.press('Enter');
    await page.getByText('The end of the claim window must be after its start').waitFor();
    await page.waitForTimeout(1000);
    assert.match(new URL(page.url()).pathname, /\/coupons\/new$/, 'Enter in the date picker did not submit');
    const { coupons } = await gql(page, `query($f: CouponFilter) { coupons(filter: $f) { totalCount } }`, { f: { search: `E2E asks ${rand}` } });
    assert.equal(coupons.totalCount, 0, 'no coupon was created');

    // the server's message names the field by its label
    await page.goto('/coupons/new');
    await page.fill('#coupon_name', `E2E percent ${rand}`);
    await page.locator('#coupon').getByText('Percent off', { exact: true }).click();
    await page.fill('#coupon_discount_percentOff', '150');
    await page.fill('#coupon_totalStock', '10');
    await page.getByTestId('coupon-submit').click();
    await itemOf('coupon_discount_percentOff').getByText(/^Percent off must be/).waitFor();

    // Activate asks first, and says what freezes
    await page.goto(`/coupons/${encodeURIComponent(existing.id)}`);
    await page.getByTestId('action-activate').click();
    const confirmText = page.getByTestId('activate-confirm-text');
    await confirmText.waitFor();
    assert.match(await confirmText.textContent(), /freeze/);
    assert.match(await confirmText.textContent(), /total stock/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await confirmText.waitFor({ state: 'hidden' });
    assert.equal(await page.getByTestId('status-tag').textContent(), 'Draft');
    await page.getByTestId('action-activate').click();
    await page.getByTestId('activate-confirm').click();
    await page.getByTestId('status-tag').getByText('Active', { exact: true }).waitFor();
  }),
);

test('coupon list sorts on the server and pauses selected rows; products in natural order; unknown user', { timeout: 150_000 }, () =>
  withConsole('list-sort-bulk', async (page) => {
    const rand = rnd();
    await signIn(page);
    const a = await createCoupon(page, { name: `A sort ${rand}`, totalStock: 30 });
    const z = await createCoupon(page, { name: `Z sort ${rand}`, totalStock: 20 });
    const d = await createCoupon(page, { name: `M sort ${rand}`, totalStock: 10 });
    await activate(page, a.id);
    await activate(page, z.id);

    await page.goto(`/coupons?q=${encodeURIComponent(rand)}`);
    const names = () => page.locator('.ant-table-tbody tr[data-row-key] td:nth-child(3)').allTextContents();
    await page.locator('tr', { hasText: `A sort ${rand}` }).waitFor();
    // newest first by default
    assert.deepEqual(await names(), [`M sort ${rand}`, `Z sort ${rand}`, `A sort ${rand}`]);
    await page.locator('.ant-table-column-title', { hasText: /^Name$/ }).first().click();
    await page.waitForURL((u) => new URL(u).searchParams.get('sort') === 'NAME.ASC');
    await page.waitForFunction(
      (r) => [...document.querySelectorAll('.ant-table-tbody tr[data-row-key] td:nth-child(3)')].map((t) => t.textContent)[0] === `A sort ${r}`,
      rand,
    );
    assert.deepEqual(await names(), [`A sort ${rand}`, `M sort ${rand}`, `Z sort ${rand}`]);
    await page.locator('.ant-table-column-title', { hasText: /^Stock/ }).first().click();
    await page.waitForURL((u) => new URL(u).searchParams.get('sort') === 'TOTAL_STOCK.ASC');
    await page.waitForFunction(
      (r) => [...document.querySelectorAll('.ant-table-tbody tr[data-row-key] td:nth-child(3)')].map((t) => t.textContent)[0] === `M sort ${r}`,
      rand,
    );

    // select all three, Pause: two are active, the draft cannot be paused
    for (const c of [a, z, d]) await page.locator(`tr[data-row-key="${c.id}"] .ant-checkbox-input`).check();
    assert.equal(await page.getByTestId('bulk-count').textContent(), '3 selected');
    await page.getByTestId('bulk-pause').click();
    assert.match(await page.getByTestId('bulk-confirm-text').textContent(), /2 of the 3 selected will be paused; 1 cannot be paused/);
    await page.getByTestId('bulk-confirm').click();
    const failures = page.getByTestId('bulk-failures');
    await failures.waitFor();
    assert.match(await failures.textContent(), /2 paused, 1 not/);
    assert.match(await failures.textContent(), new RegExp(`M sort ${rand}`));
    await page.locator(`tr[data-row-key="${a.id}"]`).getByText('Paused', { exact: true }).waitFor();
    await page.locator(`tr[data-row-key="${z.id}"]`).getByText('Paused', { exact: true }).waitFor();

    // products: p1, p2, p10, p100
    const ids = ['p100', 'p10', 'p2', 'p1'].map((p) => `${rand}-${p}`);
    const { upsertProducts } = await gql(
      page,
      `mutation($p: [ProductInput!]!) { upsertProducts(products: $p) { count userErrors { field message code } } }`,
      { p: ids.map((id) => ({ id, name: `Nat ${id}` })) },
    );
    payloadOK(upsertProducts, 'upsertProducts');
    await page.goto(`/products?q=${encodeURIComponent(rand)}`);
    await page.locator('tr', { hasText: `${rand}-p100` }).waitFor();
    const rowIds = await page.locator('.ant-table-tbody tr[data-row-key]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-row-key')));
    assert.deepEqual(rowIds, ['p1', 'p2', 'p10', 'p100'].map((p) => `${rand}-${p}`));

    // a user id nobody has: said so
    await page.goto(`/users/${encodeURIComponent(`nobody-${rand}`)}`);
    await page.getByTestId('user-not-found').getByText('User not found').waitFor();
  }),
);
