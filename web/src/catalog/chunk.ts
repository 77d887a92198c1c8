// Sending a large import as several mutations: the server takes thousands of
// rows per call, the console sends at most CHUNK_SIZE at a time, one after the
// other, and reports progress after each.

export const CHUNK_SIZE = 1000;

/** [a, b, c, d, e] by 2 -> [[a, b], [c, d], [e]]; size must be positive */
export function chunk<T>(items: readonly T[], size: number = CHUNK_SIZE): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ChunkProgress {
  /** rows sent and answered so far */
  sent: number;
  total: number;
  /** chunks answered so far / all chunks */
  done: number;
  chunks: number;
}

export interface ChunkUserError {
  field?: readonly string[] | null;
  message: string;
  code: string;
}

export interface ChunkedResult {
  /** the sum of the `count` the server answered for each chunk */
  count: number;
  /**
   * userErrors of every chunk; a numeric path segment right after the list
   * argument is shifted by the chunk's offset so it names the row of the
   * whole import (["products", "3", "name"] in the second chunk of 1000 ->
   * ["products", "1003", "name"]).
   */
  userErrors: ChunkUserError[];
  /**
   * Row ranges (0-based, inclusive) of chunks the server answered with
   * userErrors: it writes nothing of such a call.
   */
  rejected: { from: number; to: number }[];
  /** the chunks that were sent (fewer than all when stopped) */
  chunksSent: number;
  /** true when aborted before the last chunk */
  aborted: boolean;
}

/**
 * Sends `items` in chunks of `size` with `send`, sequentially. A thrown error
 * (network, FORBIDDEN, ...) stops the import and is rethrown with the counts
 * of what went through attached as `partial`.
 */
export async function sendInChunks<T>(
  items: readonly T[],
  send: (part: T[]) => Promise<{ count: number; userErrors: readonly ChunkUserError[] }>,
  opts: { size?: number; onProgress?: (p: ChunkProgress) => void; signal?: AbortSignal } = {},
): Promise<ChunkedResult> {
  const size = opts.size ?? CHUNK_SIZE;
  const parts = chunk(items, size);
  const result: ChunkedResult = { count: 0, userErrors: [], rejected: [], chunksSent: 0, aborted: false };
  let sent = 0;
  opts.onProgress?.({ sent: 0, total: items.length, done: 0, chunks: parts.length });
  for (let i = 0; i < parts.length; i++) {
    if (opts.signal?.aborted) {
      result.aborted = true;
      break;
    }
    let answer;
    try {
      answer = await send(parts[i]);
    } catch (e) {
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), { partial: result });
    }
    const offset = i * size;
    result.count += answer.count;
    result.userErrors.push(...answer.userErrors.map((ue) => ({ ...ue, field: shiftRow(ue.field, offset) })));
    if (answer.userErrors.length > 0 && answer.count === 0) {
      result.rejected.push({ from: offset, to: offset + parts[i].length - 1 });
    }
    result.chunksSent++;
    sent += parts[i].length;
    opts.onProgress?.({ sent, total: items.length, done: i + 1, chunks: parts.length });
  }
  return result;
}

function shiftRow(field: readonly string[] | null | undefined, offset: number): string[] | null {
  if (!field) return null;
  const f = [...field];
  if (offset > 0 && f.length > 1 && /^\d+$/.test(f[1])) f[1] = String(Number(f[1]) + offset);
  return f;
}

/** The 0-based row of the whole import a userError names (["products", "1003", ...] -> 1003), if any. */
export function rowOfUserError(field: readonly string[] | null | undefined): number | null {
  if (!field || field.length < 2 || !/^\d+$/.test(field[1])) return null;
  return Number(field[1]);
}
