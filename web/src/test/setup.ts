import { afterEach, beforeEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import i18n, { NAMESPACES } from '../i18n';

// Every catalogue is loaded before the tests (no suspending on a namespace),
// in English unless a test switches. A key the catalogue lacks fails the test
// that showed it.
const missing: string[] = [];
i18n.options.saveMissing = true;
i18n.options.missingKeyHandler = (lngs, ns, key) => missing.push(`${lngs.join(',')} ${ns}:${key}`);
await i18n.loadLanguages(['en-US', 'zh-CN']);
await i18n.loadNamespaces([...NAMESPACES]);
await i18n.changeLanguage('en-US');

beforeEach(() => {
  missing.length = 0;
});

afterEach(async () => {
  cleanup();
  if (i18n.language !== 'en-US') await i18n.changeLanguage('en-US');
  if (missing.length) throw new Error(`keys missing from the catalogue: ${[...new Set(missing)].join('; ')}`);
});

// antd reads these; happy-dom lacks some of them.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}
