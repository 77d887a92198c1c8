// The e2e harness: every e2e/*.test.mjs file imports it. At import it
// registers hooks that build coupond, start it on a free port with a
// temporary data dir (and, unless E2E_SKIP_MIGRATION=1, a SQLite monolith
// made by `coupond migrate sample`), and launch Debian's /usr/bin/chromium
// through playwright-core; afterwards it stops both. withConsole runs a test
// in a fresh page and checks that the page threw nothing and that every
// request went to 127.0.0.1. E2E_MOCK=1 starts e2e/mock-server.mjs instead.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(WEB_DIR, '..');
// Screenshots go to e2e/out/ (ignored by git), so that a test run leaves
// the tree clean; E2E_SCREENSHOTS=1 writes the committed ones beside the
// README instead, on purpose.
export const SHOTS_DIR = process.env.E2E_SCREENSHOTS === '1' ? WEB_DIR : path.join(WEB_DIR, 'e2e', 'out');
export const SCREENSHOT = path.join(SHOTS_DIR, 'screenshot-console.png');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const PASSWORD = 'e2e-admin-password-' + process.pid;

let tmp;
let server;
let serverLog = '';
let browser;
let baseURL;

/** The started server's address, http://127.0.0.1:port (set once `before` has run). */
export const base = () => baseURL;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { ...opts, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(url, deadlineMs) {
  const end = Date.now() + deadlineMs;
  let last;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`coupond exited with ${server.exitCode}:\n${serverLog}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await sleep(200);
  }
  throw new Error(`coupond not healthy after ${deadlineMs} ms (${last}):\n${serverLog}`);
}

before(
  async () => {
    await access(CHROMIUM).catch(() => {
      throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    });
    tmp = await mkdtemp(path.join(tmpdir(), 'coupond-e2e-'));
    const port = await freePort();
    baseURL = `http://127.0.0.1:${port}`;
    let cmd = path.join(tmp, 'coupond');
    let args = ['--listen', `127.0.0.1:${port}`, '--data-dir', path.join(tmp, 'data')];
    const env = { ...process.env, COUPOND_ADMIN_PASSWORD: PASSWORD };
    if (process.env.E2E_MOCK === '1') {
      // development only: the stand-in server of e2e/mock-server.mjs
      cmd = process.execPath;
      args = [path.join(WEB_DIR, 'e2e', 'mock-server.mjs'), ...args];
    } else {
      await run('go', ['build', '-o', cmd, '.'], { cwd: REPO_DIR, timeout: 240_000 });
      if (process.env.E2E_SKIP_MIGRATION !== '1') {
        // A monolith for the migration test: nothing is migrated before its static copy, so the other tests do not see it.
        const legacyDB = path.join(tmp, 'legacy.db');
        await run(cmd, ['migrate', 'sample', '-users', '200', '-per-user', '3', `sqlite:${legacyDB}`], { timeout: 60_000 });
        env.COUPOND_LEGACY_DSN = `sqlite:${legacyDB}`;
      }
    }
    server = spawn(cmd, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout.on('data', (d) => (serverLog += d));
    server.stderr.on('data', (d) => (serverLog += d));
    await waitHealthy(`${baseURL}/healthz`, 30_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30_000,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  },
  { timeout: 300_000 },
);

after(async () => {
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const t = setTimeout(() => server.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** true for a URL that stays on this machine's 127.0.0.1 (or has no host at all) */
function isLocal(u) {
  if (u.startsWith('data:') || u.startsWith('about:')) return true;
  const url = new URL(u.startsWith('blob:') ? u.slice(5) : u);
  return url.hostname === '127.0.0.1';
}

/**
 * Runs `fn` with a fresh browser context and page; afterwards checks that the
 * page threw nothing and that every request went to 127.0.0.1. On failure
 * leaves a screenshot and prints the server log.
 */
export async function withConsole(name, fn) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('websocket', (ws) => requests.push(ws.url()));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  try {
    await fn(page);
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } catch (e) {
    const shot = path.join(tmpdir(), `coupond-e2e-failure-${name}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.error(`failure screenshot: ${shot}\npage errors: ${pageErrors.join('\n')}\nserver log:\n${serverLog}`);
    throw e;
  } finally {
    await context.close();
  }

  assert.ok(requests.length > 0);
  const foreign = requests.filter((u) => !isLocal(u));
  assert.deepEqual(foreign, [], 'every request goes to 127.0.0.1');
}

/** Signs in through the login page as admin. */
export async function signIn(page) {
  await page.goto('/login');
  await page.fill('#login-username', 'admin');
  await page.fill('#login-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/coupons$/);
  await page.getByTestId('principal-name').getByText('admin').waitFor();
}

/**
 * Clicks a dialog's button until `gone` is hidden: a click that lands while
 * antd's modal is still animating in can be dropped (seen once in a CI run
 * under load), where a person would simply click again.
 */
export async function clickUntilHidden(button, gone, tries = 5) {
  for (let i = 1; ; i++) {
    await button.click();
    try {
      await gone.waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch (err) {
      if (i >= tries) throw err;
    }
  }
}

/** Runs a GraphQL operation from inside the page, with its session cookie; throws on errors. */
export async function gql(page, query, variables = {}) {
  const body = await page.evaluate(
    async ([query, variables]) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return res.json();
    },
    [query, variables],
  );
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export function payloadOK(p, what) {
  assert.deepEqual(p.userErrors, [], `${what}: no userErrors`);
  return p;
}

/** Signs out by forgetting the session cookie, then signs in through the login page as `username`. */
export async function signInAs(page, username, password) {
  await page.context().clearCookies();
  await page.goto('/login');
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('button[type=submit]');
}
