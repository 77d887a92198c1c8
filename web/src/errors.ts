// The one place where error codes become words for people. Both kinds of
// codes go through here: GraphQL-level extensions.code (UNAUTHENTICATED, ...)
// and UserError.code from mutation payloads (INVALID_INPUT, OUT_OF_STOCK, ...).
import { ApiError } from './api/client';
import i18n, { currentLanguage } from './i18n';

// The words live in the common catalogue (errors.request.*, errors.user.*).
const REQUEST_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'QUERY_TOO_COMPLEX', 'BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED', 'UNAVAILABLE', 'INTERNAL', 'NETWORK', 'ABORTED',
] as const);
type RequestCode = typeof REQUEST_CODES extends Set<infer C> ? C : never;

const USER_CODES = new Set([
  'INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'INVALID_STATE', 'NOT_STARTED', 'ENDED', 'INACTIVE',
  'CHANNEL_CLOSED', 'OUT_OF_STOCK', 'LIMIT_REACHED', 'NOT_ELIGIBLE', 'TOO_MANY', 'BUSY', 'CODE_INVALID', 'CODE_USED',
  'CODE_DISABLED', 'NOT_USABLE', 'THRESHOLD_NOT_MET', 'NO_ELIGIBLE_ITEMS', 'CURRENCY_MISMATCH', 'RATE_LIMITED', 'NOT_COMBINABLE',
  'BUDGET_EXHAUSTED',
] as const);
type UserCode = typeof USER_CODES extends Set<infer C> ? C : never;

const isRequestCode = (c: string): c is RequestCode => (REQUEST_CODES as Set<string>).has(c);
const isUserCode = (c: string): c is UserCode => (USER_CODES as Set<string>).has(c);

/** Human message for a GraphQL-level (request) error code. */
export function requestErrorMessage(code: string | undefined | null): string {
  if (code && isRequestCode(code)) return i18n.t(`errors.request.${code}`);
  if (code?.startsWith('HTTP_')) return i18n.t('errors.http', { status: code.slice(5) });
  return i18n.t('errors.request.INTERNAL');
}

/** Human message for any thrown error (ApiError or otherwise). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return requestErrorMessage(err.code);
  if (err instanceof Error && err.message) return err.message;
  return i18n.t('errors.request.INTERNAL');
}

export interface UserErrorLike {
  field?: readonly string[] | null;
  message: string;
  code: string;
}

/**
 * The message shown for one UserError. In English, the server's own message
 * when it has one (it is written for people and names the value), else the
 * code's text. The server writes English only, so in another language the
 * code's text leads and the server's message follows as detail.
 */
export function userErrorMessage(e: UserErrorLike): string {
  const msg = e.message?.trim();
  if (currentLanguage() === 'en-US') return msg || userErrorCodeMessage(e.code);
  const text = userErrorCodeMessage(e.code);
  return msg ? i18n.t('errors.withDetail', { message: text, detail: msg }) : text;
}

/** Short text for a UserError code alone (used for titles and alerts). */
export function userErrorCodeMessage(code: string): string {
  return isUserCode(code) ? i18n.t(`errors.user.${code}`) : i18n.t('errors.unknownCode', { code });
}

export interface FieldError {
  /** antd Form name path, e.g. ['discount', 'percentOff'] */
  name: (string | number)[];
  errors: string[];
}

export interface MappedUserErrors {
  fields: FieldError[];
  /** errors with no field, or a field the form does not show */
  general: string[];
}

const numeric = /^\d+$/;

/**
 * Splits userErrors into errors for form items (path with the leading "input"
 * stripped; numeric segments become list indexes) and general ones. A field
 * path that is not among `knownFields` (joined with ".") when given, is
 * reported as general so that no error is lost. `aliases` renames a server
 * path (or its prefix) to the form's name for it, e.g. claimStartsAt ->
 * claimWindow when one range picker edits both ends.
 */
export function mapUserErrors(
  userErrors: readonly UserErrorLike[] | null | undefined,
  knownFields?: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
  labels?: Readonly<Record<string, string>>,
): MappedUserErrors {
  const byKey = new Map<string, FieldError>();
  const general: string[] = [];
  for (const e of userErrors ?? []) {
    const text = labels ? withFieldLabels(userErrorMessage(e), labels) : userErrorMessage(e);
    let path = [...(e.field ?? [])];
    if (path[0] === 'input') path = path.slice(1);
    // a list element ("channels", "0") belongs to the list's form item
    let trimmed = path.filter((p) => !numeric.test(p));
    const alias = aliasFor(trimmed.join('.'), aliases);
    if (alias) trimmed = alias.split('.');
    const key = trimmed.join('.');
    if (trimmed.length === 0 || (knownFields && !matchKnown(key, knownFields))) {
      general.push(trimmed.length ? `${key}: ${text}` : text);
      continue;
    }
    const name = knownFields ? matchKnown(key, knownFields)!.split('.') : trimmed;
    const k = name.join('.');
    const fe = byKey.get(k) ?? { name, errors: [] };
    fe.errors.push(text);
    byKey.set(k, fe);
  }
  return { fields: [...byKey.values()], general };
}

/** the longest known field that is the key or one of its ancestors */
function matchKnown(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of known) {
    if ((key === f || key.startsWith(f + '.')) && (!best || f.length > best.length)) best = f;
  }
  return best;
}

function aliasFor(key: string, aliases: Readonly<Record<string, string>>): string | undefined {
  if (aliases[key]) return aliases[key];
  for (const [from, to] of Object.entries(aliases)) {
    if (key.startsWith(from + '.')) return to + key.slice(from.length);
  }
  return undefined;
}

/**
 * Server messages name fields as the API does ("percentOff must be greater
 * than 0"); the form calls them by their labels. Replaces each whole-word
 * API name found in `labels` (API name -> label, e.g. percentOff -> "Percent
 * off") and capitalises the first letter: "Percent off must be greater than 0".
 */
export function withFieldLabels(message: string, labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort((a, b) => b.length - a.length);
  if (names.length === 0) return message;
  const re = new RegExp(`\\b(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'g');
  const out = message.replace(re, (m, _n, offset: number) => (offset === 0 ? labels[m] : labels[m].toLowerCase()));
  return out.charAt(0).toUpperCase() + out.slice(1);
}
