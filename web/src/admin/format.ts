import type { Role } from '../gql/graphql';
import i18n from '../i18n';
import { formatDateTime } from '../i18n/format';

/** The roles a console user or API key may be given (SHOPPER comes with a shopper token). */
export const GRANTABLE_ROLES: Role[] = ['ADMIN', 'OPERATOR', 'ANALYST', 'SUPPORT', 'SERVICE'];

export const ROLE_COLORS: Record<string, string> = {
  ADMIN: 'red',
  OPERATOR: 'blue',
  ANALYST: 'green',
  SUPPORT: 'orange',
  SERVICE: 'purple',
};

const KNOWN_ROLES = new Set<string>([...GRANTABLE_ROLES, 'SHOPPER']);

/** A role's name in the current language (common:roles); an unknown role as it is. */
export function roleLabel(r: string): string {
  return KNOWN_ROLES.has(r) ? i18n.t(`common:roles.${r as Role}`) : r;
}

/** What a role may do, in the current language. */
export function roleHelp(r: Role): string {
  return GRANTABLE_ROLES.includes(r) ? i18n.t(`admin:roleHelp.${r as Exclude<Role, 'SHOPPER'>}`) : '';
}

/** The role checkboxes: "Admin (everything, …)". Computed when called, in the current language. */
export function roleOptions(): { value: Role; label: string }[] {
  return GRANTABLE_ROLES.map((r) => ({ value: r, label: i18n.t('admin:roleOption', { role: roleLabel(r), help: roleHelp(r) }) }));
}

/**
 * The actions the audit log records: one per GraphQL mutation called by a
 * console user or API key (graph/observe.go), plus the CSV exports of the
 * HTTP API (internal/httpapi).
 */
export const AUDIT_ACTIONS = [
  'login',
  'logout',
  'createConsoleUser',
  'updateConsoleUser',
  'resetConsoleUserPassword',
  'createApiKey',
  'revokeApiKey',
  'createCoupon',
  'updateCoupon',
  'activateCoupon',
  'pauseCoupon',
  'endCoupon',
  'addStock',
  'setProductScope',
  'upsertProducts',
  'upsertCategories',
  'claimCoupon',
  'claimCoupons',
  'redeemCode',
  'generateCodes',
  'disableCodeBatch',
  'exportCodes',
  'lockCoupon',
  'useCoupon',
  'releaseCoupon',
  'refundOrder',
  'revokeUserCoupon',
  'createTag',
  'setUserTags',
  'importUserTags',
  'setSuperBlacklist',
  'createIssuanceJob',
  'pauseIssuanceJob',
  'resumeIssuanceJob',
  'cancelIssuanceJob',
  'startMigrationTask',
  'cancelMigrationTask',
  'setMigrationMode',
  'exportStats',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of entity an audit entry names (auth.NoteEntity and the exports). */
export const AUDIT_ENTITY_TYPES = [
  'Coupon',
  'UserCoupon',
  'User',
  'Tag',
  'IssuanceJob',
  'CodeBatch',
  'ConsoleUser',
  'ApiKey',
  'MigrationTask',
  'Stats',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

const ACTIONS = new Set<string>(AUDIT_ACTIONS);
const ENTITY_TYPES = new Set<string>(AUDIT_ENTITY_TYPES);

/** A readable name of an audit action, or null for an action the console does not know. */
export function auditActionLabel(a: string): string | null {
  return ACTIONS.has(a) ? i18n.t(`admin:audit.actions.${a as AuditAction}`) : null;
}

/** A readable name of an entity kind, or null for a kind the console does not know. */
export function auditEntityLabel(e: string): string | null {
  return ENTITY_TYPES.has(e) ? i18n.t(`admin:audit.entities.${e as AuditEntityType}`) : null;
}

/** A time as the console shows it: local, to the second, in the current language; "—" when missing. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return formatDateTime(iso, { seconds: true });
}

/** An audit entry's detail (JSON) pretty-printed; returned as is when it is not JSON. */
export function prettyJSON(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}
