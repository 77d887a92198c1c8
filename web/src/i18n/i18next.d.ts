// Keys are checked at compile time against the en-US catalogues: t('coupons:nope')
// does not build. zh-CN is held to the same keys by catalogue.test.ts.
import 'i18next';
import type admin from './locales/en-US/admin.json';
import type campaigns from './locales/en-US/campaigns.json';
import type catalog from './locales/en-US/catalog.json';
import type codes from './locales/en-US/codes.json';
import type common from './locales/en-US/common.json';
import type coupons from './locales/en-US/coupons.json';
import type issuance from './locales/en-US/issuance.json';
import type migration from './locales/en-US/migration.json';
import type simulator from './locales/en-US/simulator.json';
import type stats from './locales/en-US/stats.json';
import type system from './locales/en-US/system.json';
import type tags from './locales/en-US/tags.json';
import type users from './locales/en-US/users.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: {
      admin: typeof admin;
      campaigns: typeof campaigns;
      catalog: typeof catalog;
      codes: typeof codes;
      common: typeof common;
      coupons: typeof coupons;
      issuance: typeof issuance;
      migration: typeof migration;
      simulator: typeof simulator;
      stats: typeof stats;
      system: typeof system;
      tags: typeof tags;
      users: typeof users;
    };
    returnNull: false;
  }
}
