import { describe, expect, it } from 'vitest';
import { buildCategoryTree, categoryPath } from './tree';

describe('buildCategoryTree', () => {
  it('nests by parentId, sorts by name, and keeps orphans and cycles as roots', () => {
    const tree = buildCategoryTree([
      { id: 'c2', name: 'Shoes', parentId: 'c1' },
      { id: 'c1', name: 'Clothing', parentId: null },
      { id: 'c3', name: 'Boots', parentId: 'c2' },
      { id: 'c4', name: 'Orphan', parentId: 'gone' },
      { id: 'x', name: 'X', parentId: 'y' },
      { id: 'y', name: 'Y', parentId: 'x' },
      { id: 'c0', name: 'Accessories' },
    ]);
    const shape = (ns: ReturnType<typeof buildCategoryTree>): unknown => ns.map((n) => [n.key, shape(n.children)]);
    expect(shape(tree)).toEqual([
      ['c0', []],
      ['c1', [['c2', [['c3', []]]]]],
      ['c4', []],
      ['x', []],
      ['y', []],
    ]);
    expect(tree[1].title).toBe('Clothing');
    expect(tree[1].value).toBe('c1');
  });

  it('names a category by its path', () => {
    const byId = new Map([
      ['c1', { id: 'c1', name: 'Clothing', parentId: null }],
      ['c2', { id: 'c2', name: 'Shoes', parentId: 'c1' }],
    ]);
    expect(categoryPath('c2', byId)).toBe('Clothing / Shoes');
    expect(categoryPath('zz', byId)).toBe('zz');
  });
});
