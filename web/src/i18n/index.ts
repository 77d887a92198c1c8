// The console's languages: en-US and zh-CN. One i18next instance; one
// catalogue per area of the console (a namespace: locales/<lang>/<ns>.json).
// The shell's own words (common) are bundled; every other namespace is
// loaded with the page that uses it (useTranslation('coupons') suspends until
// its file is in, under the page's skeleton). The choice is kept in
// localStorage; without one, a browser asking for Chinese gets zh-CN.
//
// Outside React (format helpers), use `i18n.t('coupons:status.ACTIVE')`; the
// component that calls the helper must itself use the namespace so that it is
// loaded and re-rendered on a language change.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import commonEn from './locales/en-US/common.json';
import commonZh from './locales/zh-CN/common.json';

export const LANGUAGES = ['en-US', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every namespace, one per area; each has a file per language. */
export const NAMESPACES = [
  'common',
  'admin',
  'campaigns',
  'catalog',
  'codes',
  'coupons',
  'issuance',
  'migration',
  'simulator',
  'stats',
  'system',
  'tags',
  'users',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

const STORAGE_KEY = 'coupond.language';

function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/** The stored choice, else zh-CN for a browser that prefers Chinese, else en-US. */
export function detectLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage blocked: fall through to the browser's preference
  }
  const prefs = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return prefs.some((l) => /^zh\b/i.test(l)) ? 'zh-CN' : 'en-US';
}

const lazyNamespaces = import.meta.glob<{ default: Record<string, unknown> }>(['./locales/*/*.json', '!./locales/*/common.json']);

void i18n
  .use(initReactI18next)
  .use(
    resourcesToBackend(async (lng: string, ns: string) => {
      const load = lazyNamespaces[`./locales/${lng}/${ns}.json`];
      if (!load) throw new Error(`no catalogue ${lng}/${ns}`);
      return (await load()).default;
    }),
  )
  .init({
    lng: detectLanguage(),
    supportedLngs: [...LANGUAGES],
    // no fallback: a key missing in one language is a test failure, not an English word in a Chinese page
    fallbackLng: false,
    load: 'currentOnly',
    ns: ['common'],
    defaultNS: 'common',
    resources: { 'en-US': { common: commonEn }, 'zh-CN': { common: commonZh } },
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
    returnNull: false,
  });

/** Switches the console's language (loading the namespaces in use) and remembers the choice. */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not remembered; still switched
  }
  await i18n.changeLanguage(lng);
}

/** The current language (en-US when i18next has none yet). */
export function currentLanguage(): Language {
  const l = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(l) ? l : 'en-US';
}

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});
if (typeof document !== 'undefined') document.documentElement.lang = currentLanguage();

export default i18n;
