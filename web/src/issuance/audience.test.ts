import { describe, expect, it } from 'vitest';
import { idCountSummary, parseUserIds } from './audience';

describe('parseUserIds', () => {
  it('splits on whitespace, commas and semicolons', () => {
    expect(parseUserIds('u1 u2\nu3,u4;u5\r\n\tu6 ,  u7').ids).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7']);
  });
  it('drops empties, quotes and duplicates, keeping the first order', () => {
    expect(parseUserIds(',,"u1", \'u2\'\n\nu1 u3 u2\n')).toEqual({ ids: ['u1', 'u2', 'u3'], duplicates: 2 });
  });
  it('handles nothing', () => {
    expect(parseUserIds('')).toEqual({ ids: [], duplicates: 0 });
    expect(parseUserIds(undefined)).toEqual({ ids: [], duplicates: 0 });
    expect(parseUserIds(' \n , ')).toEqual({ ids: [], duplicates: 0 });
  });
  it('keeps ids with other punctuation whole', () => {
    expect(parseUserIds('user:42 a.b-c_d').ids).toEqual(['user:42', 'a.b-c_d']);
  });
});

describe('idCountSummary', () => {
  it('counts', () => {
    expect(idCountSummary({ ids: ['a'], duplicates: 0 })).toBe('1 user id');
    expect(idCountSummary({ ids: ['a', 'b'], duplicates: 1 })).toBe('2 user ids (1 duplicate dropped)');
    expect(idCountSummary({ ids: Array(1500).fill('x'), duplicates: 3 })).toBe('1,500 user ids (3 duplicates dropped)');
  });
});
