import { describe, expect, it, vi } from 'vitest';
import { chunk, rowOfUserError, sendInChunks, CHUNK_SIZE } from './chunk';

describe('chunk', () => {
  it('splits into parts of at most the size, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2, 3, 4], 2)).toEqual([[1, 2], [3, 4]]);
    expect(chunk([], 2)).toEqual([]);
  });

  it('uses 1000 by default', () => {
    const parts = chunk(Array.from({ length: 2500 }, (_, i) => i));
    expect(CHUNK_SIZE).toBe(1000);
    expect(parts.map((p) => p.length)).toEqual([1000, 1000, 500]);
    expect(parts[2][0]).toBe(2000);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
    expect(() => chunk([1], 1.5)).toThrow(RangeError);
  });
});

describe('sendInChunks', () => {
  it('sends one part after the other, sums the counts and reports progress', async () => {
    const items = Array.from({ length: 2345 }, (_, i) => `p${i}`);
    let inFlight = 0;
    const send = vi.fn(async (part: string[]) => {
      inFlight++;
      expect(inFlight).toBe(1);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return { count: part.length, userErrors: [] };
    });
    const progress = vi.fn();
    const res = await sendInChunks(items, send, { onProgress: progress });
    expect(send.mock.calls.map((c) => c[0].length)).toEqual([1000, 1000, 345]);
    expect(send.mock.calls[1][0][0]).toBe('p1000');
    expect(res).toEqual({ count: 2345, userErrors: [], rejected: [], chunksSent: 3, aborted: false });
    expect(progress.mock.calls.map((c) => c[0])).toEqual([
      { sent: 0, total: 2345, done: 0, chunks: 3 },
      { sent: 1000, total: 2345, done: 1, chunks: 3 },
      { sent: 2000, total: 2345, done: 2, chunks: 3 },
      { sent: 2345, total: 2345, done: 3, chunks: 3 },
    ]);
  });

  it('renumbers the rows of userErrors to the whole import', async () => {
    // the server writes nothing of a call with an error in it
    const send = async (_part: number[]) => ({
      count: 0,
      userErrors: [{ field: ['products', '1', 'name'], message: 'bad name', code: 'INVALID_INPUT' }],
    });
    const res = await sendInChunks([0, 1, 2, 3, 4], send, { size: 3 });
    expect(res.count).toBe(0);
    expect(res.rejected).toEqual([
      { from: 0, to: 2 },
      { from: 3, to: 4 },
    ]);
    expect(res.userErrors.map((e) => e.field)).toEqual([
      ['products', '1', 'name'],
      ['products', '4', 'name'],
    ]);
    expect(rowOfUserError(res.userErrors[1].field)).toBe(4);
    expect(rowOfUserError(['products'])).toBeNull();
    expect(rowOfUserError(null)).toBeNull();
  });

  it('stops at the first failed part and tells what went through', async () => {
    const send = vi.fn(async (part: number[]) => {
      if (part[0] === 2) throw new Error('network down');
      return { count: part.length, userErrors: [] };
    });
    const err = await sendInChunks([0, 1, 2, 3, 4, 5], send, { size: 2 }).catch((e) => e);
    expect(err.message).toBe('network down');
    expect(err.partial).toMatchObject({ count: 2, chunksSent: 1 });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('stops before the next part when aborted', async () => {
    const ac = new AbortController();
    const send = vi.fn(async (part: number[]) => {
      ac.abort();
      return { count: part.length, userErrors: [] };
    });
    const res = await sendInChunks([0, 1, 2, 3], send, { size: 2, signal: ac.signal });
    expect(res).toMatchObject({ count: 2, chunksSent: 1, aborted: true });
  });

  it('sends nothing for no items', async () => {
    const send = vi.fn();
    expect(await sendInChunks([], send)).toEqual({ count: 0, userErrors: [], rejected: [], chunksSent: 0, aborted: false });
    expect(send).not.toHaveBeenCalled();
  });
});
