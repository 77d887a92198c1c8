import type { TypedDocumentString } from '../gql/graphql';

/** One error of a GraphQL response, as the server sends it. */
export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

/**
 * Thrown when the request fails as a whole: an HTTP error, a network error, or
 * a response carrying GraphQL errors. `code` is extensions.code of the first
 * error (UNAUTHENTICATED, FORBIDDEN, ...) or NETWORK / HTTP_<status>.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly errors: GraphQLErrorItem[];
  constructor(code: string, message: string, errors: GraphQLErrorItem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.errors = errors;
  }
}

type Listener = (err: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called on every UNAUTHENTICATED answer; the app uses it to go to /login. */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

export const GRAPHQL_ENDPOINT = '/graphql';

/** Posts a typed operation to /graphql with the session cookie. */
export async function gqlRequest<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  let res: Response;
  try {
    res = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch (e) {
    throw new ApiError('NETWORK', e instanceof Error ? e.message : String(e));
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  return resultFromResponse<TResult>(res.status, body);
}

/**
 * The data of a GraphQL response, or the ApiError it stands for. Shared by
 * gqlRequest and the upload client (api/upload.ts), so that both report
 * errors, and UNAUTHENTICATED, the same way.
 */
export function resultFromResponse<TResult>(status: number, rawBody: unknown): TResult {
  const body = rawBody as { data?: TResult | null; errors?: GraphQLErrorItem[] } | null | undefined;
  const ok = status >= 200 && status < 300;
  const errors = (body && Array.isArray(body.errors) ? body.errors : []) as GraphQLErrorItem[];
  if (errors.length > 0) {
    const code = errors[0].extensions?.code ?? (ok ? 'INTERNAL' : `HTTP_${status}`);
    const err = new ApiError(code, errors[0].message, errors);
    if (code === 'UNAUTHENTICATED') unauthenticatedListeners.forEach((fn) => fn(err));
    throw err;
  }
  if (!ok || !body || body.data == null) {
    const code =
      status === 0 ? 'NETWORK' : status === 401 ? 'UNAUTHENTICATED' : status === 429 ? 'RATE_LIMITED' : `HTTP_${status}`;
    const err = new ApiError(code, status === 0 ? 'network error' : `HTTP ${status}`);
    if (code === 'UNAUTHENTICATED') unauthenticatedListeners.forEach((fn) => fn(err));
    throw err;
  }
  return body.data;
}
