/** Side navigation entries; `soon` pages are placeholders for now. */
export interface NavEntry {
  path: string;
  label: string;
  soon?: string;
}

export const NAV: NavEntry[] = [
  { path: '/coupons', label: 'Coupons' },
  { path: '/users', label: 'Users' },
  { path: '/tags', label: 'Tags' },
  { path: '/products', label: 'Products' },
  { path: '/jobs', label: 'Issuance jobs' },
  {
    path: '/stats',
    label: 'Statistics',
    soon: 'Issued, used and refunded coupons over time, top coupons and product sales.',
  },
  {
    path: '/audit',
    label: 'Audit log',
    soon: 'Every change made through the API: who did what to which entity, and when.',
  },
  { path: '/playground', label: 'Playground' },
];
