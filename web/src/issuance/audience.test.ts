import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import { idCountSummary, parseUserIds, stockShortfall, tagAudienceSize } from './audience';

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

describe('idCountSummary in Chinese', () => {
  it('counts with Chinese words and punctuation', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(idCountSummary({ ids: ['a'], duplicates: 0 })).toBe('1 个用户 ID');
    expect(idCountSummary({ ids: Array(1500).fill('x'), duplicates: 3 })).toBe('1,500 个用户 ID（已去除 3 个重复）');
  });
});

describe('tagAudienceSize', () => {
  const counts = new Map([
    ['vip', 80],
    ['new', 50],
    ['churned', 10],
  ]);
  it('is exact for a single tag and nothing else', () => {
    expect(tagAudienceSize({ anyOf: ['vip'] }, counts)).toEqual({ kind: 'exact', n: 80 });
    expect(tagAudienceSize({ allOf: ['new'], anyOf: [], noneOf: [] }, counts)).toEqual({ kind: 'exact', n: 50 });
  });
  it('is an upper bound when tags combine', () => {
    expect(tagAudienceSize({ anyOf: ['vip', 'new'] }, counts)).toEqual({ kind: 'atMost', n: 130 });
    expect(tagAudienceSize({ allOf: ['vip', 'new'], anyOf: ['churned'] }, counts)).toEqual({ kind: 'atMost', n: 50 });
    expect(tagAudienceSize({ anyOf: ['vip'], noneOf: ['churned'] }, counts)).toEqual({ kind: 'atMost', n: 80 });
  });
  it('is unknown for a tag the list does not know, or no tag', () => {
    expect(tagAudienceSize({ anyOf: ['gone'] }, counts)).toEqual({ kind: 'unknown' });
    expect(tagAudienceSize({ noneOf: ['vip'] }, counts)).toEqual({ kind: 'unknown' });
  });
});

describe('stockShortfall', () => {
  it('counts the users the remaining stock cannot serve', () => {
    expect(stockShortfall({ kind: 'exact', n: 5 }, 2)).toBe(3);
    expect(stockShortfall({ kind: 'atMost', n: 130 }, 100)).toBe(30);
    expect(stockShortfall({ kind: 'exact', n: 5 }, 0)).toBe(5);
  });
  it('is null when the stock suffices or the size is unknown', () => {
    expect(stockShortfall({ kind: 'exact', n: 3 }, 3)).toBeNull();
    expect(stockShortfall({ kind: 'unknown' }, 0)).toBeNull();
  });
});
