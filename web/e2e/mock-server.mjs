// A stand-in for coupond, for working on the console without the Go server:
// serves dist/ like web/embed.go and answers /graphql from the real schema
// files with an in-memory store (login, me, coupons and their mutations, code
// batches with their CSV export, claimCoupon / useCoupon / upsertProducts and
// statistics folded from them, with the statistics CSV exports; no campaigns,
// and a simulateStack that stacks nothing; the migration
// as an instance without a monolith reports it, every step refused).
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
const sessions = new Map(); // token -> principal
const coupons = [];
const batches = [];
const userCoupons = [];
const products = new Map(); // id -> { id, name, categoryId, superBlacklisted }
const events = []; // { couponId, at (ms), kind: 'issued' | 'used', channel, discount, orderAmount (cents), items: [{ productId, units, sales }] }
let seq = 0;
const admin = { id: 'u1', name: 'admin', kind: 'CONSOLE_USER', roles: ['ADMIN'] };
const consoleUsers = new Map([['admin', { password, principal: admin }]]); // roles are not enforced here

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
    // the class as the server derives it: free shipping, else ORDER on every product, else PRODUCT
    class:
      input.discount.kind === 'FREE_SHIPPING' ? 'SHIPPING' : (input.productScope?.kind ?? 'ALL') === 'ALL' ? 'ORDER' : 'PRODUCT',
    combinesWith: input.exclusive ? [] : (input.combinesWith ?? old?.combinesWith ?? []),
    exclusive: input.exclusive ?? old?.exclusive ?? false,
    // no campaigns here; the coupon's own caps are kept, nothing is ever spent
    campaign: null,
    budget: {
      amount: input.budget ? (input.budget.amount ?? null) : (old?.budget.amount ?? null),
      usesPerDay: input.budget ? (input.budget.usesPerDay ?? null) : (old?.budget.usesPerDay ?? null),
      spent: '0',
      amountLeft: (input.budget ? input.budget.amount : old?.budget.amount) ?? null,
      uses: 0,
      usesToday: 0,
      usesLeftToday: (input.budget ? input.budget.usesPerDay : old?.budget.usesPerDay) ?? null,
    },
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


// ---- statistics: folded at once from `events` (the real server folds within a second or two)

const cents = (d) => Math.round(Number(d ?? 0) * 100);
const money = (c) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const badInput = (msg) => new GraphQLError(msg, { extensions: { code: 'BAD_USER_INPUT' } });

function checkRange(from, to, granularity = 'DAY') {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (!(a < b)) throw badInput('from must be before to');
  if (b - a > (granularity === 'HOUR' ? 31 : 366) * DAY_MS) throw badInput(`the range is too long for ${granularity}`);
  return [a, b];
}

/** CouponStats of the events of `couponId` (all coupons when null) in [from, to). */
function statsOf(couponId, from = -Infinity, to = Infinity) {
  const evs = events.filter((e) => (couponId == null || e.couponId === couponId) && e.at >= from && e.at < to);
  const issued = evs.filter((e) => e.kind === 'issued');
  const used = evs.filter((e) => e.kind === 'used');
  const byChannel = ['CLAIM', 'TARGETED', 'CODE']
    .map((channel) => ({ channel, count: issued.filter((e) => e.channel === channel).length }))
    .filter((c) => c.count > 0);
  const scope = couponId == null ? coupons : coupons.filter((c) => c.id === couponId);
  return {
    issued: issued.length,
    issuedByChannel: byChannel,
    used: used.length,
    refunded: 0,
    expired: 0,
    revoked: 0,
    remainingStock: scope.reduce((n, c) => n + c.remainingStock, 0),
    discountTotal: money(used.reduce((n, e) => n + e.discount, 0)),
    orderAmountTotal: money(used.reduce((n, e) => n + e.orderAmount, 0)),
    useRate: issued.length ? used.length / issued.length : 0,
    asOf: now(),
  };
}

function seriesOf(couponId, from, to, granularity) {
  const step = granularity === 'HOUR' ? HOUR_MS : DAY_MS;
  const points = [];
  for (let t = Math.floor(from / step) * step; t < to; t += step) {
    const evs = events.filter((e) => (couponId == null || e.couponId === couponId) && e.at >= t && e.at < t + step);
    const used = evs.filter((e) => e.kind === 'used');
    points.push({
      at: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      issued: evs.filter((e) => e.kind === 'issued').length,
      used: used.length,
      refunded: 0,
      discountTotal: money(used.reduce((n, e) => n + e.discount, 0)),
      orderAmountTotal: money(used.reduce((n, e) => n + e.orderAmount, 0)),
    });
  }
  return points;
}

function productsOf(couponId, from, to, first = 10) {
  const rows = new Map();
  for (const e of events) {
    if (e.kind !== 'used' || (couponId != null && e.couponId !== couponId) || e.at < from || e.at >= to) continue;
    for (const it of e.items) {
      const r = rows.get(it.productId) ?? { productId: it.productId, orders: 0, units: 0, sales: 0, discount: 0 };
      r.orders += 1;
      r.units += it.units;
      r.sales += it.sales;
      r.discount += it.discount;
      rows.set(it.productId, r);
    }
  }
  return [...rows.values()]
    .sort((a, b) => b.sales - a.sales)
    .slice(0, first)
    .map((r) => ({
      product: products.get(r.productId) ?? { id: r.productId, name: r.productId, categoryId: null, superBlacklisted: false },
      orders: r.orders,
      units: r.units,
      salesAmount: money(r.sales),
      discountTotal: money(r.discount),
    }));
}

function topCouponsOf(from, to, first = 10) {
  return coupons
    .map((c) => ({ coupon: c, stats: statsOf(c.id, from, to) }))
    .filter((r) => r.stats.issued > 0 || r.stats.used > 0)
    .sort((a, b) => b.stats.used - a.stats.used || b.stats.issued - a.stats.issued)
    .slice(0, first);
}

/** The discount of a coupon on a cart, in cents (amount off capped by the subtotal; percent off capped by maxDiscount). */
function discountOn(c, subtotal) {
  const d = c.discount;
  if (subtotal < cents(d.minOrderAmount)) return null;
  if (d.kind === 'AMOUNT_OFF') return Math.min(cents(d.amountOff), subtotal);
  if (d.kind === 'PERCENT_OFF') {
    const off = Math.floor((subtotal * Number(d.percentOff)) / 100);
    return d.maxDiscount ? Math.min(off, cents(d.maxDiscount)) : off;
  }
  return 0;
}

const csvCell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const csv = (rows) => rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

/** The statistics CSV exports: /export/stats/{coupons,series,products}. */
function statsExport(kind, p) {
  const g = p.get('granularity') ?? 'DAY';
  const [from, to] = checkRange(p.get('from'), p.get('to'), kind === 'series' ? g : 'DAY');
  const couponId = p.get('couponId') || null;
  if (kind === 'coupons') {
    return csv([
      ['coupon_id', 'name', 'issued', 'used', 'use_rate', 'discount_total', 'order_amount_total'],
      ...topCouponsOf(from, to, 1000).map(({ coupon: c, stats: s }) => [c.id, c.name, s.issued, s.used, s.useRate.toFixed(4), s.discountTotal, s.orderAmountTotal]),
    ]);
  }
  if (kind === 'series') {
    return csv([
      ['at', 'issued', 'used', 'refunded', 'discount_total', 'order_amount_total'],
      ...seriesOf(couponId, from, to, g).map((s) => [s.at, s.issued, s.used, s.refunded, s.discountTotal, s.orderAmountTotal]),
    ]);
  }
  return csv([
    ['product_id', 'name', 'orders', 'units', 'sales_amount', 'discount_total'],
    ...productsOf(couponId, from, to, 1000).map((r) => [r.product.id, r.product.name, r.orders, r.units, r.salesAmount, r.discountTotal]),
  ]);
}

const NO_LEGACY = "this instance has no legacy database (COUPOND_LEGACY_DSN) and the migration mode writes the monolith's tables";
/** The migration as an instance without the monolith's database reports it: LEGACY_ONLY, never changed. */
const MOCK_MIGRATION = {
  mode: 'LEGACY_ONLY',
  modeChangedAt: null,
  modeChangedBy: null,
  configured: false,
  legacyTemplates: 0,
  copiedTemplates: 0,
  legacyRows: 0,
  copiedThrough: 0,
  rowsBehind: 0,
  pendingRepairs: 0,
  task: null,
  lastVerify: null,
  nextMode: 'DUAL_WRITE',
  blockers: ['this instance has no legacy database (COUPOND_LEGACY_DSN)'],
};

const transitions = { activateCoupon: [['DRAFT', 'PAUSED'], 'ACTIVE'], pauseCoupon: [['ACTIVE'], 'PAUSED'], endCoupon: [['ACTIVE', 'PAUSED'], 'ENDED'] };

function rootValue(principal, setCookie) {
  const authed = !!principal;
  const need = () => {
    if (!authed) throw unauth();
  };
  const find = (id) => coupons.find((c) => c.id === id);
  const root = {
    me: () => principal ?? null,
    login: ({ username, password: pw }) => {
      const user = consoleUsers.get(username);
      if (!user || pw !== user.password) return { principal: null, userErrors: [ue(['password'], 'wrong username or password', 'FORBIDDEN')] };
      const token = `s${Math.random().toString(36).slice(2)}`;
      sessions.set(token, user.principal);
      setCookie(`coupond_session=${token}; Path=/; HttpOnly; SameSite=Lax`);
      return { principal: user.principal, userErrors: [] };
    },
    createConsoleUser: ({ input }) => {
      need();
      if (consoleUsers.has(input.username)) return { principal: null, userErrors: [ue(['input', 'username'], 'the username is taken', 'CONFLICT')] };
      const p = { id: `u${++seq}`, name: input.username, kind: 'CONSOLE_USER', roles: input.roles };
      consoleUsers.set(input.username, { password: input.password, principal: p });
      return { principal: p, userErrors: [] };
    },
    logout: () => {
      setCookie('coupond_session=; Path=/; Max-Age=0');
      return true;
    },
    coupon: ({ id }) => (need(), find(id) ?? null),
    // no campaigns in the mock: an empty list
    campaigns: () => (need(), []),
    campaign: () => (need(), null),
    // the simulator: nothing stacks, the cart is left as it is
    simulateStack: ({ cart }) => {
      need();
      const items = cart.items.reduce((n, i) => n + cents(i.unitPrice) * i.quantity, 0);
      return { coupons: [], discount: '0.00', itemsTotal: money(items), shippingFee: money(cents(cart.shippingFee)), leftOut: [], maxCoupons: 3 };
    },
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
      c.stats = () => statsOf(c.id);
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
    upsertProducts: ({ products: list }) => {
      need();
      for (const p of list) products.set(p.id, { id: p.id, name: p.name, categoryId: p.categoryId ?? null, superBlacklisted: false });
      return { count: list.length, userErrors: [] };
    },
    claimCoupon: ({ input }) => {
      need();
      const c = find(input.couponId);
      if (!c) return { userCoupon: null, replayed: false, userErrors: [ue(['input', 'couponId'], 'no such coupon', 'NOT_FOUND')] };
      const userId = input.userId ?? 'me';
      const again = userCoupons.find((u) => u.userId === userId && u.requestId === input.requestId);
      if (again) return { userCoupon: again, replayed: true, userErrors: [] };
      if (c.status !== 'ACTIVE') return { userCoupon: null, replayed: false, userErrors: [ue(null, 'the coupon is not active', 'INACTIVE')] };
      if (c.remainingStock <= 0) return { userCoupon: null, replayed: false, userErrors: [ue(null, 'out of stock', 'OUT_OF_STOCK')] };
      c.remainingStock -= 1;
      const at = Date.now();
      const uc = {
        id: `uc${++seq}`,
        userId,
        requestId: input.requestId,
        coupon: () => c,
        status: 'UNUSED',
        channel: 'CLAIM',
        discount: c.discount,
        validFrom: now(),
        validUntil: new Date(at + 30 * DAY_MS).toISOString(),
        issuedAt: now(),
        orderId: null,
        usedAt: null,
        discountApplied: null,
      };
      userCoupons.push(uc);
      events.push({ couponId: c.id, at, kind: 'issued', channel: 'CLAIM', discount: 0, orderAmount: 0, items: [] });
      return { userCoupon: uc, replayed: false, userErrors: [] };
    },
    useCoupon: ({ input }) => {
      need();
      const uc = userCoupons.find((u) => u.id === input.userCouponId && (input.userId == null || u.userId === input.userId));
      if (!uc) return { userCoupon: null, discount: null, userErrors: [ue(['input', 'userCouponId'], 'no such coupon', 'NOT_FOUND')] };
      if (uc.status === 'USED' && uc.orderId === input.orderId) return { userCoupon: uc, discount: uc.discountApplied, userErrors: [] };
      if (uc.status !== 'UNUSED') return { userCoupon: null, discount: null, userErrors: [ue(null, 'the coupon cannot be used now', 'NOT_USABLE')] };
      const items = input.cart.items.map((i) => ({ productId: i.productId, units: i.quantity, sales: cents(i.unitPrice) * i.quantity, discount: 0 }));
      const subtotal = items.reduce((n, i) => n + i.sales, 0);
      const off = discountOn(uc.coupon(), subtotal);
      if (off == null) return { userCoupon: null, discount: null, userErrors: [ue(null, 'the order does not reach the minimum amount', 'THRESHOLD_NOT_MET')] };
      // the discount spread over the lines by their share, the rest on the last one
      let left = off;
      items.forEach((i, k) => {
        i.discount = k === items.length - 1 ? left : Math.floor((off * i.sales) / (subtotal || 1));
        left -= i.discount;
      });
      Object.assign(uc, { status: 'USED', orderId: input.orderId, usedAt: now(), discountApplied: money(off) });
      events.push({ couponId: uc.coupon().id, at: Date.now(), kind: 'used', channel: uc.channel, discount: off, orderAmount: subtotal, items });
      return { userCoupon: uc, discount: money(off), userErrors: [] };
    },
    couponStats: ({ couponId }) => {
      need();
      if (!find(couponId)) throw new GraphQLError('no such coupon', { extensions: { code: 'NOT_FOUND' } });
      return statsOf(couponId);
    },
    statsSeries: ({ couponId, from, to, granularity }) => {
      need();
      const [a, b] = checkRange(from, to, granularity);
      return seriesOf(couponId ?? null, a, b, granularity);
    },
    statsOverview: ({ from, to }) => {
      need();
      const [a, b] = checkRange(from, to);
      return { totals: statsOf(null, a, b), topCoupons: ({ first }) => topCouponsOf(a, b, first ?? 10) };
    },
    // no monolith here: the Migration page renders, and every step is refused as on an instance without COUPOND_LEGACY_DSN
    migration: () => (need(), MOCK_MIGRATION),
    startMigrationTask: () => {
      need();
      throw new GraphQLError(NO_LEGACY, { extensions: { code: 'UNAVAILABLE' } });
    },
    cancelMigrationTask: () => (need(), { task: null, userErrors: [ue(null, 'no migration task is running', 'NOT_FOUND')] }),
    setMigrationMode: ({ mode }) =>
      (need(), { migration: MOCK_MIGRATION, userErrors: mode === 'LEGACY_ONLY' ? [] : [ue(['mode'], `${mode} cannot be entered yet: ${MOCK_MIGRATION.blockers.join('; ')}`)] }),
    productStats: ({ couponId, from, to, first }) => {
      need();
      const [a, b] = checkRange(from, to);
      return productsOf(couponId ?? null, a, b, first ?? 10);
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
    const statsExp = /^\/export\/stats\/(coupons|series|products)$/.exec(url.pathname);
    if (statsExp && req.method === 'GET') {
      const token = /coupond_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (!token || !sessions.has(token)) {
        res.writeHead(401);
        return res.end('not signed in');
      }
      let body;
      try {
        body = statsExport(statsExp[1], url.searchParams);
      } catch (e) {
        res.writeHead(400);
        return res.end(e.message);
      }
      const name = `stats-${statsExp[1]}.csv`;
      res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });
      return res.end(body);
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
        rootValue: rootValue(token ? sessions.get(token) : undefined, (c) => cookies.push(c)),
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
