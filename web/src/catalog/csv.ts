// CSV parsing for the catalog imports, in the browser (RFC 4180): fields
// separated by commas, optionally quoted with "..." where "" stands for a
// quote and commas and line breaks are literal; records end with LF, CRLF or
// CR; a leading UTF-8 BOM is dropped. Nothing is sent before the preview.
//
// Reasons and errors are written in the console's language when the file is
// parsed (the dialog parses again after a language change).
import i18n from '../i18n';

/** One record of the file and the line it starts on (1-based, the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(i18n.t('catalog:csv.syntax', { line, message }));
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/**
 * Splits CSV text into records. Blank lines are skipped. A quote that is
 * never closed is a CsvSyntaxError; a stray quote inside an unquoted field is
 * kept as a character (lenient, as spreadsheet programs are).
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false; // inside "..."
  let wasQuoted = false; // the current field started with a quote
  let quoteLine = 1;

  const endField = () => {
    fields.push(wasQuoted ? field : field.trim());
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
      field = '';
    } else if (c === ',') {
      endField();
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (wasQuoted) {
      // text after a closing quote: "ab"c -> keep it (lenient)
      if (c !== ' ' && c !== '\t') field += c;
    } else {
      field += c;
    }
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, i18n.t('catalog:csv.unclosedQuote'));
  if (field !== '' || wasQuoted || fields.length > 0) endRecord();
  return out;
}

export interface BadRow {
  line: number;
  reason: string;
  /** the record as read, for showing */
  raw: string;
}

export interface ParsedImport<T> {
  rows: T[];
  /** the file line of each row (parallel to rows) */
  lines: number[];
  bad: BadRow[];
  /** set when the file cannot be used at all (no header, wrong columns, syntax) */
  error?: string;
}

export interface ProductRow {
  id: string;
  name: string;
  categoryId: string | null;
}

export interface CategoryRow {
  id: string;
  name: string;
  parentId: string | null;
}

// As the server checks them (Go len: UTF-8 bytes).
export const MAX_ID_BYTES = 64;
/** names are counted in characters (the columns are varchar(n) of utf8mb4); ids in bytes */
export const MAX_PRODUCT_NAME_CHARS = 300;
export const MAX_CATEGORY_NAME_CHARS = 200;
/** characters as the server counts them (code points) */
export const charCount = (s: string) => [...s].length;

const utf8 = new TextEncoder();
/** The length the server checks: UTF-8 bytes. */
export const utf8Bytes = (s: string) => utf8.encode(s).length;
const bytes = utf8Bytes;

/**
 * Reads a CSV whose header names `required` columns and optionally `optional`
 * ones (any order, case-insensitive, other columns ignored), checks each
 * record, and builds rows. A later record with an id already seen replaces
 * the earlier one (as the server's upsert would) and is not an error.
 */
function parseTable<T>(
  text: string,
  required: readonly string[],
  optional: readonly string[],
  build: (get: (col: string) => string) => T | string,
  idOf: (row: T) => string,
): ParsedImport<T> {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (e) {
    return { rows: [], lines: [], bad: [], error: e instanceof Error ? e.message : String(e) };
  }
  if (records.length === 0) return { rows: [], lines: [], bad: [], error: i18n.t('catalog:csv.empty') };
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  const missing = required.filter((c) => !index.has(c.toLowerCase()));
  if (missing.length) {
    return {
      rows: [],
      lines: [],
      bad: [],
      error: i18n.t('catalog:csv.header', { header: [...required, ...optional].join(','), missing: missing.join(', ') }),
    };
  }
  const byId = new Map<string, { row: T; line: number }>();
  const bad: BadRow[] = [];
  for (const rec of records.slice(1)) {
    const get = (col: string) => {
      const i = index.get(col.toLowerCase());
      return i == null ? '' : (rec.fields[i] ?? '').trim();
    };
    const raw = rec.fields.join(',');
    if (rec.fields.length > header.length) {
      bad.push({ line: rec.line, reason: i18n.t('catalog:csv.fieldCount', { fields: rec.fields.length, header: header.length }), raw });
      continue;
    }
    const r = build(get);
    if (typeof r === 'string') {
      bad.push({ line: rec.line, reason: r, raw });
      continue;
    }
    const id = idOf(r);
    byId.delete(id); // keep the file's order of the last occurrence
    byId.set(id, { row: r, line: rec.line });
  }
  const kept = [...byId.values()];
  return { rows: kept.map((k) => k.row), lines: kept.map((k) => k.line), bad };
}

function checkIdName(id: string, name: string, maxName: number): string | null {
  if (!id) return i18n.t('catalog:csv.idEmpty');
  if (bytes(id) > MAX_ID_BYTES) return i18n.t('catalog:csv.idTooLong', { max: MAX_ID_BYTES });
  if (!name) return i18n.t('catalog:csv.nameEmpty');
  if (charCount(name) > maxName) return i18n.t('catalog:csv.nameTooLong', { max: maxName });
  return null;
}

/** `id,name,categoryId` (categoryId may be empty) */
export function parseProductsCsv(text: string): ParsedImport<ProductRow> {
  return parseTable<ProductRow>(
    text,
    ['id', 'name'],
    ['categoryId'],
    (get) => {
      const id = get('id');
      const name = get('name');
      const err = checkIdName(id, name, MAX_PRODUCT_NAME_CHARS);
      if (err) return err;
      const categoryId = get('categoryId');
      if (bytes(categoryId) > MAX_ID_BYTES) return i18n.t('catalog:csv.columnTooLong', { column: 'categoryId', max: MAX_ID_BYTES });
      return { id, name, categoryId: categoryId || null };
    },
    (r) => r.id,
  );
}

/** `id,name,parentId` (parentId empty for a root category) */
export function parseCategoriesCsv(text: string): ParsedImport<CategoryRow> {
  return parseTable<CategoryRow>(
    text,
    ['id', 'name'],
    ['parentId'],
    (get) => {
      const id = get('id');
      const name = get('name');
      const err = checkIdName(id, name, MAX_CATEGORY_NAME_CHARS);
      if (err) return err;
      const parentId = get('parentId');
      if (parentId === id) return i18n.t('catalog:csv.ownParent');
      if (bytes(parentId) > MAX_ID_BYTES) return i18n.t('catalog:csv.columnTooLong', { column: 'parentId', max: MAX_ID_BYTES });
      return { id, name, parentId: parentId || null };
    },
    (r) => r.id,
  );
}

/**
 * Moves rows the predicate refuses (a reason string) from rows to bad, e.g.
 * products of a category the catalog does not have: the server refuses a
 * whole call for one such row.
 */
export function rejectRows<T>(parsed: ParsedImport<T>, reason: (row: T) => string | null, raw: (row: T) => string): ParsedImport<T> {
  const rows: T[] = [];
  const lines: number[] = [];
  const bad = [...parsed.bad];
  parsed.rows.forEach((r, i) => {
    const why = reason(r);
    if (why) bad.push({ line: parsed.lines[i], reason: why, raw: raw(r) });
    else {
      rows.push(r);
      lines.push(parsed.lines[i]);
    }
  });
  bad.sort((a, b) => a.line - b.line);
  return { ...parsed, rows, lines, bad };
}

/**
 * Categories ordered parents first (a parent in the file comes before its
 * children), so that chunks sent one after the other never name a parent
 * that a later chunk creates. The order is otherwise the file's; `lines`
 * follows the rows.
 */
export function parentsFirst(parsed: ParsedImport<CategoryRow>): ParsedImport<CategoryRow> {
  const index = new Map(parsed.rows.map((r, i) => [r.id, i]));
  const done = new Set<number>();
  const order: number[] = [];
  const visit = (i: number, path: Set<number>) => {
    if (done.has(i) || path.has(i)) return; // a cycle: the server reports it
    path.add(i);
    const p = parsed.rows[i].parentId;
    const pi = p != null ? index.get(p) : undefined;
    if (pi != null) visit(pi, path);
    path.delete(i);
    done.add(i);
    order.push(i);
  };
  parsed.rows.forEach((_, i) => visit(i, new Set()));
  return { ...parsed, rows: order.map((i) => parsed.rows[i]), lines: order.map((i) => parsed.lines[i]) };
}
