import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parentsFirst, parseCategoriesCsv, parseCsv, parseProductsCsv, rejectRows } from './csv';

describe('parseCsv', () => {
  it('splits plain records and skips blank lines', () => {
    expect(parseCsv('a,b,c\n1,2,3\n\n4,5,6')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 4, fields: ['4', '5', '6'] },
    ]);
  });

  it('handles quoted fields: commas, doubled quotes, line breaks, empty', () => {
    const text = 'id,name\n"p,1","Say ""hi"""\np2,"two\nlines"\n"",x\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['p,1', 'Say "hi"'] },
      { line: 3, fields: ['p2', 'two\nlines'] },
      { line: 5, fields: ['', 'x'] },
    ]);
  });

  it('drops a BOM and accepts CRLF and CR line ends', () => {
    expect(parseCsv('\uFEFFid,name\r\np1,One\r\np2,"T\r\nwo"\rp3,Three\r\n')).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['p1', 'One'] },
      { line: 3, fields: ['p2', 'T\r\nwo'] },
      { line: 5, fields: ['p3', 'Three'] },
    ]);
  });

  it('trims unquoted fields but keeps the spaces of quoted ones; keeps a trailing empty field', () => {
    expect(parseCsv(' a , " b " ,\n')).toEqual([{ line: 1, fields: ['a', ' b ', ''] }]);
  });

  it('reports a quote that is never closed with its line', () => {
    expect(() => parseCsv('id,name\np1,"open\nstill open')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('id,name\np1,"open')).toThrow(/line 2/);
  });
});

describe('parseProductsCsv', () => {
  it('reads id,name,categoryId rows, with an empty category as null', () => {
    const r = parseProductsCsv('\uFEFFid,name,categoryId\r\np1,"Shoe, red",c1\r\np2,Hat,\r\n');
    expect(r.error).toBeUndefined();
    expect(r.rows).toEqual([
      { id: 'p1', name: 'Shoe, red', categoryId: 'c1' },
      { id: 'p2', name: 'Hat', categoryId: null },
    ]);
    expect(r.lines).toEqual([2, 3]);
    expect(r.bad).toEqual([]);
  });

  it('accepts the columns in any order and case, without categoryId', () => {
    expect(parseProductsCsv('Name,ID\nHat,p2\n').rows).toEqual([{ id: 'p2', name: 'Hat', categoryId: null }]);
  });

  it('lists bad rows with their line and reason and keeps the good ones', () => {
    const r = parseProductsCsv(['id,name,categoryId', 'p1,One,c1', ',No id,c1', 'p3,,c1', 'p4,Four,c1,extra', 'p5,Five,c2'].join('\n'));
    expect(r.rows.map((x) => x.id)).toEqual(['p1', 'p5']);
    expect(r.lines).toEqual([2, 6]);
    expect(r.bad.map((b) => [b.line, b.reason])).toEqual([
      [3, 'the id is empty'],
      [4, 'the name is empty'],
      [5, '4 fields, the header has 3'],
    ]);
  });

  it('keeps the last of repeated ids', () => {
    const r = parseProductsCsv('id,name\np1,Old\np2,Two\np1,New\n');
    expect(r.rows).toEqual([
      { id: 'p2', name: 'Two', categoryId: null },
      { id: 'p1', name: 'New', categoryId: null },
    ]);
    expect(r.lines).toEqual([3, 4]);
  });

  it('refuses a file without the header, an empty file and a syntax error', () => {
    expect(parseProductsCsv('p1,One,c1\n').error).toMatch(/header id,name,categoryId; missing: id, name/);
    expect(parseProductsCsv('').error).toBe('The file is empty.');
    expect(parseProductsCsv('\uFEFF\r\n').error).toBe('The file is empty.');
    expect(parseProductsCsv('id,name\n"p1,One\n').error).toMatch(/line 2: a quoted field is not closed/);
  });
});

describe('parseCategoriesCsv', () => {
  it('reads id,name,parentId rows and refuses a self parent', () => {
    const r = parseCategoriesCsv('id,name,parentId\nc1,Root,\nc2,Child,c1\nc3,Loop,c3\n');
    expect(r.rows).toEqual([
      { id: 'c1', name: 'Root', parentId: null },
      { id: 'c2', name: 'Child', parentId: 'c1' },
    ]);
    expect(r.bad).toEqual([{ line: 4, reason: 'a category cannot be its own parent', raw: 'c3,Loop,c3' }]);
  });
});

describe('rejectRows and parentsFirst', () => {
  it('moves refused rows to the bad rows in line order', () => {
    const parsed = parseProductsCsv('id,name,categoryId\np1,One,c1\n,bad,\np2,Two,nope\n');
    const r = rejectRows(parsed, (p) => (p.categoryId && p.categoryId !== 'c1' ? `category ${p.categoryId} does not exist` : null), (p) => p.id);
    expect(r.rows.map((p) => p.id)).toEqual(['p1']);
    expect(r.bad.map((b) => [b.line, b.reason])).toEqual([
      [3, 'the id is empty'],
      [4, 'category nope does not exist'],
    ]);
  });

  it('puts parents before their children, keeping lines with rows', () => {
    const r = parentsFirst(parseCategoriesCsv('id,name,parentId\nleaf,Leaf,mid\nmid,Mid,root\nroot,Root,\nother,Other,known-elsewhere\n'));
    expect(r.rows.map((c) => c.id)).toEqual(['root', 'mid', 'leaf', 'other']);
    expect(r.lines).toEqual([4, 3, 2, 5]);
  });

  it('limits ids in UTF-8 bytes and names in characters, as the server', () => {
    const long = 'é'.repeat(33); // 66 bytes
    expect(parseProductsCsv(`id,name\n${long},x\n`).bad[0].reason).toBe('the id is longer than 64 bytes');
    expect(parseCategoriesCsv(`id,name\nc1,${'a'.repeat(201)}\n`).bad[0].reason).toBe('the name is longer than 200 characters');
    expect(parseProductsCsv(`id,name\np1,${'a'.repeat(300)}\n`).rows).toHaveLength(1);
    // 300 Chinese characters are 900 bytes: still a valid name
    expect(parseProductsCsv(`id,name\np1,${'鞋'.repeat(300)}\n`).rows).toHaveLength(1);
    expect(parseProductsCsv(`id,name\np1,${'鞋'.repeat(301)}\n`).bad[0].reason).toBe('the name is longer than 300 characters');
  });
});
