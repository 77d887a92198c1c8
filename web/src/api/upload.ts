// File uploads through the GraphQL multipart request specification
// (https://github.com/jaydenseric/graphql-multipart-request-spec), which
// coupond's gqlgen MultipartForm transport implements: a multipart/form-data
// POST to /graphql whose parts are, in this order,
//   operations  {"query": ..., "variables": {... "file": null ...}}
//   map         {"0": ["variables.file"]}
//   0           the file itself
// Same origin, so the session cookie goes along as with gqlRequest.
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, GRAPHQL_ENDPOINT, resultFromResponse } from './client';

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0..100, or null while the size is unknown */
  percent: number | null;
}

export interface UploadOptions {
  /** Called as the request body goes out (XMLHttpRequest upload events). */
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

function isFile(v: unknown): v is Blob {
  return typeof Blob !== 'undefined' && v instanceof Blob;
}

/**
 * Replaces every File/Blob in `variables` by null and returns where each was:
 * one entry per distinct file, with all its object paths ("variables.file",
 * "variables.files.1"). The input is not changed.
 */
export function extractFiles(variables: unknown): { clone: unknown; files: Map<Blob, string[]> } {
  const files = new Map<Blob, string[]>();
  const walk = (v: unknown, path: string): unknown => {
    if (isFile(v)) {
      const paths = files.get(v) ?? [];
      paths.push(path);
      files.set(v, paths);
      return null;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}.${i}`));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, `${path}.${k}`);
      return out;
    }
    return v;
  };
  return { clone: walk(variables ?? {}, 'variables'), files };
}

/** The multipart body of one operation: operations, map, then the files as parts "0", "1", ... */
export function buildMultipartBody(query: string, variables: unknown, operationName?: string): FormData {
  const { clone, files } = extractFiles(variables);
  const operations: Record<string, unknown> = { query, variables: clone };
  if (operationName) operations.operationName = operationName;
  const map: Record<string, string[]> = {};
  const parts: [string, Blob][] = [];
  let i = 0;
  for (const [file, paths] of files) {
    const key = String(i++);
    map[key] = paths;
    parts.push([key, file]);
  }
  const form = new FormData();
  form.append('operations', JSON.stringify(operations));
  form.append('map', JSON.stringify(map));
  for (const [key, file] of parts) {
    const name = typeof File !== 'undefined' && file instanceof File ? file.name : 'upload';
    form.append(key, file, name);
  }
  return form;
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Runs an operation with file variables. With onProgress it goes through
 * XMLHttpRequest, the one browser API reporting upload progress; without it,
 * through fetch. Errors are ApiErrors exactly as from gqlRequest.
 */
export function gqlUpload<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  opts: UploadOptions = {},
): Promise<TResult> {
  const body = buildMultipartBody(document.toString(), variables);
  if (opts.onProgress && typeof XMLHttpRequest !== 'undefined') return viaXHR<TResult>(body, opts);
  return viaFetch<TResult>(body, opts.signal);
}

async function viaFetch<TResult>(body: FormData, signal?: AbortSignal): Promise<TResult> {
  let res: Response;
  try {
    // no Content-Type: the browser sets multipart/form-data with its boundary
    res = await fetch(GRAPHQL_ENDPOINT, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body, signal });
  } catch (e) {
    if (signal?.aborted) throw new ApiError('ABORTED', 'upload cancelled');
    throw new ApiError('NETWORK', e instanceof Error ? e.message : String(e));
  }
  return resultFromResponse<TResult>(res.status, parseJSON(await res.text()));
}

function viaXHR<TResult>(body: FormData, { onProgress, signal }: UploadOptions): Promise<TResult> {
  return new Promise<TResult>((resolve, reject) => {
    if (signal?.aborted) return reject(new ApiError('ABORTED', 'upload cancelled'));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', GRAPHQL_ENDPOINT);
    xhr.withCredentials = false; // same origin: cookies go along anyway
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      onProgress?.({
        loaded: e.loaded,
        total: e.total,
        percent: e.lengthComputable && e.total > 0 ? Math.min(100, Math.round((e.loaded / e.total) * 100)) : null,
      });
    };
    xhr.onload = () => {
      try {
        resolve(resultFromResponse<TResult>(xhr.status, parseJSON(xhr.responseText)));
      } catch (e) {
        reject(e);
      }
    };
    xhr.onerror = () => reject(new ApiError('NETWORK', 'network error'));
    xhr.ontimeout = () => reject(new ApiError('NETWORK', 'timeout'));
    xhr.onabort = () => reject(new ApiError('ABORTED', 'upload cancelled'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
