// The one place where error codes become words for people. Both kinds of
// codes go through here: GraphQL-level extensions.code (UNAUTHENTICATED, ...)
// and UserError.code from mutation payloads (INVALID_INPUT, OUT_OF_STOCK, ...).
import { ApiError } from './api/client';

/** GraphQL-level codes (extensions.code) and transport failures. */
const REQUEST_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'You do not have permission to do this.',
  RATE_LIMITED: 'Too many requests. Please wait a moment and try again.',
  QUERY_TOO_COMPLEX: 'The request is too complex for the server. Ask for fewer fields or items.',
  BAD_USER_INPUT: 'The server rejected the request as malformed.',
  GRAPHQL_VALIDATION_FAILED: 'The request does not match the server schema.',
  GRAPHQL_PARSE_FAILED: 'The request could not be parsed.',
  UNAVAILABLE: 'The service is temporarily unavailable. Please try again shortly.',
  INTERNAL: 'Something went wrong on the server.',
  NETWORK: 'Cannot reach the server. Check your connection.',
  ABORTED: 'The upload was cancelled.',
};

/** UserError.code values (enum ErrorCode in the schema). */
const USER_ERROR_MESSAGES: Record<string, string> = {
  INVALID_INPUT: 'This value is not valid.',
  NOT_FOUND: 'Not found.',
  FORBIDDEN: 'You do not have permission to do this.',
  CONFLICT: 'It was changed by someone else meanwhile. Reload and try again.',
  INVALID_STATE: 'Not allowed in the current status.',
  NOT_STARTED: 'The claim window has not opened yet.',
  ENDED: 'The coupon or its claim window has ended.',
  INACTIVE: 'The coupon is not active.',
  CHANNEL_CLOSED: 'The coupon is not open on this channel.',
  OUT_OF_STOCK: 'Out of stock.',
  LIMIT_REACHED: 'The per-user limit has been reached.',
  NOT_ELIGIBLE: 'The user does not meet the tag rule.',
  TOO_MANY: 'Too many items in one request.',
  BUSY: 'The server is busy. Please retry.',
  CODE_INVALID: 'The code is not valid.',
  CODE_USED: 'The code has already been used.',
  CODE_DISABLED: 'The code has been disabled.',
  NOT_USABLE: 'The coupon cannot be used now.',
  THRESHOLD_NOT_MET: 'The order does not reach the minimum amount.',
  NO_ELIGIBLE_ITEMS: 'No item in the cart is covered by the coupon.',
  CURRENCY_MISMATCH: 'The currency does not match.',
  RATE_LIMITED: 'Too many requests. Please wait a moment and try again.',
};

/** Human message for a GraphQL-level (request) error code. */
export function requestErrorMessage(code: string | undefined | null): string {
  if (!code) return REQUEST_MESSAGES.INTERNAL;
  if (REQUEST_MESSAGES[code]) return REQUEST_MESSAGES[code];
  if (code.startsWith('HTTP_')) return `The server answered with HTTP ${code.slice(5)}.`;
  return REQUEST_MESSAGES.INTERNAL;
}

/** Human message for any thrown error (ApiError or otherwise). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return requestErrorMessage(err.code);
  if (err instanceof Error && err.message) return err.message;
  return REQUEST_MESSAGES.INTERNAL;
}

export interface UserErrorLike {
  field?: readonly string[] | null;
  message: string;
  code: string;
}

/**
 * The message shown for one UserError: the server's own message when it has
 * one (it is written for people and names the value), else the code's text.
 */
export function userErrorMessage(e: UserErrorLike): string {
  const msg = e.message?.trim();
  if (msg) return msg;
  return USER_ERROR_MESSAGES[e.code] ?? `Error: ${e.code}`;
}

/** Short text for a UserError code alone (used for titles and alerts). */
export function userErrorCodeMessage(code: string): string {
  return USER_ERROR_MESSAGES[code] ?? `Error: ${code}`;
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
