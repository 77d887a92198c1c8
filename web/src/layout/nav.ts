/** Side navigation entries; `soon` pages are placeholders for now. */
export interface NavEntry {
  path: string;
  label: string;
  soon?: string;
  /** shown only to these roles (ADMIN sees everything); everyone when absent */
  roles?: string[];
}

export const NAV: NavEntry[] = [
  { path: '/dashboard', label: 'Dashboard', roles: ['OPERATOR', 'ANALYST'] },
  { path: '/coupons', label: 'Coupons' },
  { path: '/users', label: 'Users' },
  { path: '/tags', label: 'Tags' },
  { path: '/products', label: 'Products' },
  { path: '/jobs', label: 'Issuance jobs' },
  { path: '/migration', label: 'Migration', roles: ['ADMIN'] },
  { path: '/system', label: 'System', roles: ['ADMIN'] },
  {
    path: '/audit',
    label: 'Audit log',
    soon: 'Every change made through the API: who did what to which entity, and when.',
  },
  { path: '/playground', label: 'Playground' },
];

/** The entries a principal with `roles` sees. */
export function navFor(roles: readonly string[] | undefined): NavEntry[] {
  const rs = roles ?? [];
  return NAV.filter((n) => !n.roles || rs.some((r) => r === 'ADMIN' || n.roles!.includes(r)));
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
