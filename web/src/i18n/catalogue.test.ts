// Both languages say everything: the same keys in every namespace (plural
// forms aside: English has _one and _other, Chinese only _other), no empty
// text, and the same {{placeholders}} in both.
import { describe, expect, it } from 'vitest';
import { LANGUAGES, NAMESPACES } from './index';

type Tree = { [k: string]: string | Tree };
const files = import.meta.glob<Tree>('./locales/*/*.json', { eager: true, import: 'default' });

function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** base key -> the placeholders used by any of its forms */
function catalogue(lng: string, ns: string): { texts: Map<string, string>; keys: Map<string, Set<string>> } {
  const texts = flatten(files[`./locales/${lng}/${ns}.json`] ?? {});
  const keys = new Map<string, Set<string>>();
  for (const [k, v] of texts) {
    const base = k.replace(PLURAL, '');
    const set = keys.get(base) ?? new Set<string>();
    for (const m of v.matchAll(/\{\{\s*([\w.]+)/g)) set.add(m[1]);
    keys.set(base, set);
  }
  return { texts, keys };
}

describe('catalogues', () => {
  it('has a file per namespace and language, and no other', () => {
    for (const lng of LANGUAGES) {
      const names = Object.keys(files)
        .filter((f) => f.startsWith(`./locales/${lng}/`))
        .map((f) => f.slice(`./locales/${lng}/`.length))
        .sort();
      expect(names).toEqual(NAMESPACES.map((n) => `${n}.json`).sort());
    }
  });

  for (const ns of NAMESPACES) {
    it(`${ns}: zh-CN and en-US hold the same keys, none empty, with the same placeholders`, () => {
      const en = catalogue('en-US', ns);
      const zh = catalogue('zh-CN', ns);
      expect([...en.keys.keys()].filter((k) => !zh.keys.has(k)), 'missing in zh-CN').toEqual([]);
      expect([...zh.keys.keys()].filter((k) => !en.keys.has(k)), 'missing in en-US').toEqual([]);
      for (const [lng, c] of [['en-US', en], ['zh-CN', zh]] as const) {
        expect([...c.texts].filter(([, v]) => v.trim() === '').map(([k]) => k), `empty in ${lng}`).toEqual([]);
      }
      // "count" may be left out of a form ("one code"), any other placeholder may not
      const named = (s: Set<string> | undefined) => [...(s ?? [])].filter((p) => p !== 'count').sort();
      for (const [k, ps] of en.keys) {
        expect(named(zh.keys.get(k)), `placeholders of ${ns}:${k}`).toEqual(named(ps));
      }
    });
  }
});
