// A stand-in for coupond, for working on the console without the Go server:
// serves dist/ like web/embed.go and answers /graphql from the real schema
// files with an in-memory store (login, me, coupons and their mutations, and
// code batches with their CSV export).
//
//   node e2e/mock-server.mjs --listen 127.0.0.1:8080   (password: env COUPOND_ADMIN_PASSWORD, default "admin")
//
// The e2e test uses it when E2E_MOCK=1; the real check is against coupond.
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, graphql, GraphQLError, GraphQLScalarType } from 'graphql';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA_DIR = path.resolve(WEB_DIR, '../graph/schema');
const DIST = path.join(WEB_DIR, 'dist');

const sdl = (
  await Promise.all(
    (await readdir(SCHEMA_DIR)).filter((f) => f.endsWith('.graphqls')).sort().map((f) => readFile(path.join(SCHEMA_DIR, f), 'utf8')),
  )
).join('\n');
const schema = buildSchema(sdl);
for (const name of ['Time', 'Decimal', 'Long', 'Upload']) {
  const t = schema.getType(name);
  if (t instanceof GraphQLScalarType) {
    t.serialize = (v) => v;
    t.parseValue = (v) => v;
  }
}
// the Node interface: every node here is a Coupon
schema.getType('Node').resolveType = () => 'Coupon';

const password = process.env.COUPOND_ADMIN_PASSWORD || 'admin';
const sessions = new Set();
const coupons = [];
const batches = [];
let seq = 0;
const admin = { id: 'u1', name: 'admin', kind: 'CONSOLE_USER', roles: ['ADMIN'] };

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const unauth = () => new GraphQLError('not signed in', { extensions: { code: 'UNAUTHENTICATED' } });
const ue = (field, message, code = 'INVALID_INPUT') => ({ field, message, code });

function validate(input) {
  const errs = [];
  if (!input.name?.trim()) errs.push(ue(['input', 'name'], 'name is required'));
  const d = input.discount;
  if (d.kind === 'AMOUNT_OFF' && !(Number(d.amountOff) > 0)) errs.push(ue(['input', 'discount', 'amountOff'], 'amountOff must be positive'));
  if (d.kind === 'PERCENT_OFF' && !(Number(d.percentOff) > 0 && Number(d.percentOff) < 100))
    errs.push(ue(['input', 'discount', 'percentOff'], 'percentOff must be between 0 and 100'));
  if (input.totalStock < 0) errs.push(ue(['input', 'totalStock'], 'totalStock must not be negative'));
  return errs;
}

function toCoupon(input, old) {
  return {
    ...old,
    name: input.name,
    description: input.description ?? '',
    currency: input.currency || 'USD',
    discount: { amountOff: null, percentOff: null, maxDiscount: null, minOrderAmount: null, ...input.discount },
    validity: { startsAt: null, endsAt: null, days: null, ...input.validity },
    claimStartsAt: input.claimStartsAt ?? null,
    claimEndsAt: input.claimEndsAt ?? null,
    channels: input.channels ?? ['CLAIM'],
    totalStock: input.totalStock,
    remainingStock: old ? old.remainingStock + (input.totalStock - old.totalStock) : input.totalStock,
    perUserLimit: input.perUserLimit ?? 1,
    stockSlots: input.stockSlots ?? 8,
    productScope: { kind: 'ALL', productIds: [], categoryIds: [], ...input.productScope },
    tagRule: { anyOf: [], allOf: [], noneOf: [], ...input.tagRule },
    updatedAt: now(),
  };
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const randomCode = (prefix, length) =>
  prefix + Array.from({ length }, () => CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)]).join('');

/** A code batch as the schema shows it; generation advances on a timer, like the real background job. */
function newBatch(coupon, { count, prefix = '', length = 16 }) {
  const b = {
    id: `b${++seq}`,
    status: 'PENDING',
    count,
    generated: 0,
    redeemed: 0,
    disabled: false,
    prefix,
    length,
    lastError: null,
    createdAt: now(),
    finishedAt: null,
    codes: [],
    coupon: () => coupon,
    exportUrl: () => (b.status === 'COMPLETED' ? `/export/codes/${b.id}?expires=${Date.now() + 300_000}` : null),
  };
  const step = () => {
    b.status = 'RUNNING';
    const n = Math.min(b.count - b.generated, Math.max(1, Math.ceil(b.count / 4)));
    for (let i = 0; i < n; i++) b.codes.push(randomCode(prefix, length));
    b.generated += n;
    if (b.generated >= b.count) Object.assign(b, { status: 'COMPLETED', finishedAt: now() });
    else setTimeout(step, 400);
  };
  setTimeout(step, 400);
  return b;
}

function validateCodes({ count, prefix, length }) {
  const errs = [];
  if (!(Number.isInteger(count) && count >= 1 && count <= 1_000_000)) errs.push(ue(['input', 'count'], 'count must be between 1 and 1000000'));
  if (prefix != null && !/^[A-Z0-9]{0,8}$/.test(prefix)) errs.push(ue(['input', 'prefix'], 'prefix: up to 8 of A-Z and 0-9'));
  if (length != null && !(length >= 10 && length <= 24)) errs.push(ue(['input', 'length'], 'length must be between 10 and 24'));
  return errs;
}

const transitions = { activateCoupon: [['DRAFT', 'PAUSED'], 'ACTIVE'], pauseCoupon: [['ACTIVE'], 'PAUSED'], endCoupon: [['ACTIVE', 'PAUSED'], 'ENDED'] };

function rootValue(authed, setCookie) {
  const need = () => {
    if (!authed) throw unauth();
  };
  const find = (id) => coupons.find((c) => c.id === id);
  const root = {
    me: () => (authed ? admin : null),
    login: ({ username, password: pw }) => {
      if (username !== 'admin' || pw !== password) return { principal: null, userErrors: [ue(['password'], 'wrong username or password', 'FORBIDDEN')] };
      const token = `s${Math.random().toString(36).slice(2)}`;
      sessions.add(token);
      setCookie(`coupond_session=${token}; Path=/; HttpOnly; SameSite=Lax`);
      return { principal: admin, userErrors: [] };
    },
    logout: () => {
      setCookie('coupond_session=; Path=/; Max-Age=0');
      return true;
    },
    coupon: ({ id }) => (need(), find(id) ?? null),
    coupons: ({ first = 20, after, filter = {} }) => {
      need();
      let list = [...coupons].reverse();
      if (filter.status?.length) list = list.filter((c) => filter.status.includes(c.status));
      if (filter.channel) list = list.filter((c) => c.channels.includes(filter.channel));
      if (filter.search) list = list.filter((c) => c.name.toLowerCase().includes(filter.search.toLowerCase()));
      const start = after ? list.findIndex((c) => c.id === after) + 1 : 0;
      const page = list.slice(start, start + first);
      return {
        edges: page.map((c) => ({ cursor: c.id, node: c })),
        pageInfo: { hasNextPage: start + first < list.length, endCursor: page.at(-1)?.id ?? null },
        totalCount: list.length,
      };
    },
    createCoupon: ({ input }) => {
      need();
      const errs = validate(input);
      if (errs.length) return { coupon: null, userErrors: errs };
      const c = { ...toCoupon(input), id: `c${++seq}`, status: 'DRAFT', createdAt: now() };
      coupons.push(c);
      return { coupon: c, userErrors: [] };
    },
    updateCoupon: ({ id, input }) => {
      need();
      const old = find(id);
      if (!old) return { coupon: null, userErrors: [ue(['id'], 'no such coupon', 'NOT_FOUND')] };
      const errs = validate(input);
      if (errs.length) return { coupon: null, userErrors: errs };
      Object.assign(old, toCoupon(input, old));
      return { coupon: old, userErrors: [] };
    },
    addStock: ({ id, quantity }) => {
      need();
      const c = find(id);
      if (!c) return { coupon: null, userErrors: [ue(['id'], 'no such coupon', 'NOT_FOUND')] };
      if (c.remainingStock + quantity < 0) return { coupon: null, userErrors: [ue(['quantity'], 'not that much unclaimed stock')] };
      c.remainingStock += quantity;
      c.totalStock += quantity;
      c.updatedAt = now();
      return { coupon: c, userErrors: [] };
    },
    codeBatches: ({ couponId }) => (need(), batches.filter((b) => b.coupon().id === couponId).reverse()),
    generateCodes: ({ input }) => {
      need();
      const c = find(input.couponId);
      if (!c) return { batch: null, userErrors: [ue(['input', 'couponId'], 'no such coupon', 'NOT_FOUND')] };
      const errs = validateCodes(input);
      if (errs.length) return { batch: null, userErrors: errs };
      const b = newBatch(c, { count: input.count, prefix: input.prefix ?? '', length: input.length ?? 16 });
      batches.push(b);
      return { batch: b, userErrors: [] };
    },
    disableCodeBatch: ({ id }) => {
      need();
      const b = batches.find((x) => x.id === id);
      if (!b) return { batch: null, userErrors: [ue(['id'], 'no such code batch', 'NOT_FOUND')] };
      if (b.disabled) return { batch: null, userErrors: [ue(null, 'the batch is already disabled', 'INVALID_STATE')] };
      b.disabled = true;
      return { batch: b, userErrors: [] };
    },
  };
  for (const [op, [from, to]] of Object.entries(transitions)) {
    root[op] = ({ id }) => {
      need();
      const c = find(id);
      if (!c) return { coupon: null, userErrors: [ue(['id'], 'no such coupon', 'NOT_FOUND')] };
      if (!from.includes(c.status)) return { coupon: null, userErrors: [ue(null, `cannot go from ${c.status} to ${to}`, 'INVALID_STATE')] };
      c.status = to;
      c.updatedAt = now();
      return { coupon: c, userErrors: [] };
    };
  }
  return root;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml' };

async function serveFile(req, res) {
  const name = path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
  let file = path.join(DIST, name);
  if (!file.startsWith(DIST) || !(await stat(file).then((s) => s.isFile(), () => false))) file = path.join(DIST, 'index.html');
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  res.end(await readFile(file));
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/healthz') return res.end('ok');
    const exp = /^\/export\/codes\/([^/]+)$/.exec(url.pathname);
    if (exp && req.method === 'GET') {
      const b = batches.find((x) => x.id === exp[1]);
      if (!b || b.status !== 'COMPLETED' || !(Number(url.searchParams.get('expires')) > Date.now())) {
        res.writeHead(404);
        return res.end('not found');
      }
      res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="codes-${b.id}.csv"` });
      return res.end(['code', ...b.codes].join('\n') + '\n');
    }
    if (url.pathname === '/graphql' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const { query, variables, operationName } = JSON.parse(body);
      const token = /coupond_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const cookies = [];
      const result = await graphql({
        schema,
        source: query,
        variableValues: variables,
        operationName,
        rootValue: rootValue(!!token && sessions.has(token), (c) => cookies.push(c)),
      });
      res.writeHead(200, { 'Content-Type': 'application/json', ...(cookies.length ? { 'Set-Cookie': cookies } : {}) });
      return res.end(JSON.stringify(result));
    }
    await serveFile(req, res);
  } catch (e) {
    res.writeHead(500);
    res.end(String(e));
  }
});

const listen = process.argv[process.argv.indexOf('--listen') + 1] || '127.0.0.1:8080';
const [host, port] = listen.split(':');
server.listen(Number(port), host, () => console.log(`mock coupond listening on http://${listen}`));
