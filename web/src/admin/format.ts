import type { Role } from '../gql/graphql';

/** The roles a console user or API key may be given (SHOPPER comes with a shopper token). */
export const GRANTABLE_ROLES: Role[] = ['ADMIN', 'OPERATOR', 'ANALYST', 'SUPPORT', 'SERVICE'];

export const ROLE_LABELS: Record<string, string> = {
  ADMIN: 'Admin',
  OPERATOR: 'Operator',
  ANALYST: 'Analyst',
  SUPPORT: 'Support',
  SERVICE: 'Service',
  SHOPPER: 'Shopper',
};

export const ROLE_COLORS: Record<string, string> = {
  ADMIN: 'red',
  OPERATOR: 'blue',
  ANALYST: 'green',
  SUPPORT: 'orange',
  SERVICE: 'purple',
};

export const ROLE_HELP: Record<string, string> = {
  ADMIN: 'everything, including users, keys and settings',
  OPERATOR: 'coupons, stock, products, tags, jobs',
  ANALYST: 'read-only: coupons, jobs, statistics',
  SUPPORT: "look up a user's coupons, revoke one",
  SERVICE: "the mall's backend: claim, redeem, use, refund",
};

export const ROLE_OPTIONS = GRANTABLE_ROLES.map((r) => ({ value: r, label: `${ROLE_LABELS[r]} (${ROLE_HELP[r]})` }));

/** A time as the console shows it: local, to the second. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** An audit entry's detail (JSON) pretty-printed; returned as is when it is not JSON. */
export function prettyJSON(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}
