import { describe, expect, it } from 'vitest';
import { naturalCompare, naturalSort } from './natural';

describe('naturalCompare', () => {
  it('orders digit runs as numbers', () => {
    expect(['p100', 'p10', 'p2', 'p1', 'p20'].sort(naturalCompare)).toEqual(['p1', 'p2', 'p10', 'p20', 'p100']);
    expect(['sku-2-b', 'sku-10-a', 'sku-2-a'].sort(naturalCompare)).toEqual(['sku-2-a', 'sku-2-b', 'sku-10-a']);
  });
  it('is case-insensitive first, exact as a tie-break, and stable for plain text', () => {
    expect(['b', 'A', 'a', 'B'].sort(naturalCompare)).toEqual(['A', 'a', 'B', 'b']);
    expect(naturalCompare('x', 'x')).toBe(0);
  });
  it('sorts objects by a key', () => {
    expect(naturalSort([{ id: 'p10' }, { id: 'p9' }], (p) => p.id).map((p) => p.id)).toEqual(['p9', 'p10']);
  });
});
