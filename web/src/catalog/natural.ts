// Natural order for ids such as p1, p2, ..., p10, p100: digit runs compare
// as numbers, the rest as text (case-insensitively, then exactly as a tie-break).
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A copy sorted by naturalCompare of key(x). */
export function naturalSort<T>(xs: readonly T[], key: (x: T) => string): T[] {
  return [...xs].sort((x, y) => naturalCompare(key(x), key(y)));
}
