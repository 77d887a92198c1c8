import type common from '../i18n/locales/en-US/common.json';

/** Side navigation entries. */
export interface NavEntry {
  path: string;
  /** the entry's name in the common catalogue: t(`nav.${label}`) */
  label: keyof typeof common.nav;
  /**
   * The roles that may use the page (ADMIN may use everything); everyone when
   * absent. They follow the @hasRole of what the page queries
   * (graph/schema/*.graphqls).
   */
  roles?: string[];
}

export const NAV: NavEntry[] = [
  // statsOverview, statsSeries, productStats: OPERATOR, ANALYST
  { path: '/dashboard', label: 'dashboard', roles: ['OPERATOR', 'ANALYST'] },
  // coupons, coupon: OPERATOR, ANALYST, SUPPORT
  { path: '/coupons', label: 'coupons', roles: ['OPERATOR', 'ANALYST', 'SUPPORT'] },
  // campaigns, campaign: OPERATOR, ANALYST, SUPPORT
  { path: '/campaigns', label: 'campaigns', roles: ['OPERATOR', 'ANALYST', 'SUPPORT'] },
  // simulateStack: OPERATOR, ANALYST
  { path: '/simulator', label: 'simulator', roles: ['OPERATOR', 'ANALYST'] },
  // userCoupons, userTags: OPERATOR, SUPPORT
  { path: '/users', label: 'users', roles: ['OPERATOR', 'SUPPORT'] },
  // tags: OPERATOR, ANALYST, SUPPORT
  { path: '/tags', label: 'tags', roles: ['OPERATOR', 'ANALYST', 'SUPPORT'] },
  // categories, products: OPERATOR, ANALYST, SUPPORT
  { path: '/products', label: 'products', roles: ['OPERATOR', 'ANALYST', 'SUPPORT'] },
  // issuanceJobs, issuanceJob: OPERATOR, ANALYST
  { path: '/jobs', label: 'jobs', roles: ['OPERATOR', 'ANALYST'] },
  { path: '/migration', label: 'migration', roles: ['ADMIN'] },
  { path: '/system', label: 'system', roles: ['ADMIN'] },
  // auditLog, apiKeys, consoleUsers: ADMIN
  { path: '/audit', label: 'audit', roles: ['ADMIN'] },
  { path: '/api-keys', label: 'apiKeys', roles: ['ADMIN'] },
  { path: '/console-users', label: 'consoleUsers', roles: ['ADMIN'] },
  { path: '/playground', label: 'playground' },
];

/** Whether a principal with `roles` may use `entry` (ADMIN may use every page, as @hasRole on the server). */
export function mayUse(entry: NavEntry, roles: readonly string[] | undefined): boolean {
  const rs = roles ?? [];
  return !entry.roles || rs.some((r) => r === 'ADMIN' || entry.roles!.includes(r));
}

/** The entries a principal with `roles` sees. */
export function navFor(roles: readonly string[] | undefined): NavEntry[] {
  return NAV.filter((n) => mayUse(n, roles));
}

/** The entry a path belongs to ("/coupons/c1/edit" -> "/coupons"); undefined for paths outside the menu. */
export function entryFor(pathname: string): NavEntry | undefined {
  return NAV.find((n) => pathname === n.path || pathname.startsWith(n.path + '/'));
}

/** Whether a principal with `roles` may open `pathname`; paths outside the menu are open. */
export function mayOpen(pathname: string, roles: readonly string[] | undefined): boolean {
  const e = entryFor(pathname);
  return !e || mayUse(e, roles);
}

/**
 * Where "/" leads: analysts land on the dashboard; operators, admins and the
 * rest on the coupons.
 */
export function landingPath(roles: readonly string[] | undefined): string {
  const rs = roles ?? [];
  if (rs.includes('ANALYST') && !rs.includes('ADMIN') && !rs.includes('OPERATOR')) return '/dashboard';
  return '/coupons';
}
