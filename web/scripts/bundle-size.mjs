// The JavaScript a first page needs before it shows: the entry chunk of
// dist/index.html and every chunk it preloads or statically imports,
// gzipped. Pages, echarts and graphiql are loaded later, on demand. Exits 1
// above the budget. Also prints, for information, what the coupon list (the
// landing page of most roles) adds when it opens. Run after `npm run build`:
// node scripts/bundle-size.mjs [budgetKB]   (DIST_DIR= another build)
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = process.env.DIST_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const budgetKB = Number(process.argv[2] ?? 300);

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const srcs = new Set();
for (const m of html.matchAll(/<script[^>]*\stype="module"[^>]*\ssrc="([^"]+)"/g)) srcs.add(m[1]);
for (const m of html.matchAll(/<link[^>]*\srel="modulepreload"[^>]*\shref="([^"]+)"/g)) srcs.add(m[1]);
if (srcs.size === 0) {
  console.error('bundle-size: no script in dist/index.html (build first)');
  process.exit(2);
}

// chunks import each other as "./name-hash.js": follow the static imports too
const statics = (file) =>
  [...readFileSync(join(dist, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map(
    (m) => '/assets/' + m[1],
  );
function closure(files) {
  const seen = new Set();
  const walk = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    statics(f.replace(/^\//, '')).forEach(walk);
  };
  files.forEach(walk);
  return seen;
}
const initial = closure(srcs);
for (const f of initial) srcs.add(f);

let raw = 0;
let gz = 0;
for (const src of srcs) {
  const buf = readFileSync(join(dist, src.replace(/^\//, '')));
  const z = gzipSync(buf, { level: 9 }).length;
  raw += buf.length;
  gz += z;
  console.log(`${(z / 1024).toFixed(1).padStart(8)} KB gz ${(buf.length / 1024).toFixed(1).padStart(9)} KB  ${src}`);
}
const kb = gz / 1024;
const page = readdirSync(join(dist, 'assets')).find((f) => /^CouponListPage-[\w-]+\.js$/.test(f));
if (page) {
  let more = 0;
  for (const f of closure(['/assets/' + page])) {
    if (!initial.has(f)) more += gzipSync(readFileSync(join(dist, f.replace(/^\//, ''))), { level: 9 }).length;
  }
  console.log(`the coupon list adds ${(more / 1024).toFixed(1)} KB gz when it opens (${((gz + more) / 1024).toFixed(1)} KB in all)`);
}
console.log(`initial JS: ${kb.toFixed(1)} KB gz (${(raw / 1024).toFixed(1)} KB raw), budget ${budgetKB} KB gz`);
if (kb > budgetKB) {
  console.error(`bundle-size: ${kb.toFixed(1)} KB gz is above the budget of ${budgetKB} KB`);
  process.exit(1);
}
