// The "paste ids" audience: user ids separated by whitespace, commas or semicolons.

export interface ParsedIds {
  /** distinct ids, in the order first seen */
  ids: string[];
  /** how many repeated ids were dropped */
  duplicates: number;
}

/** Splits pasted text into user ids: whitespace, commas and semicolons separate; quotes around an id are dropped. */
export function parseUserIds(text: string | null | undefined): ParsedIds {
  const seen = new Set<string>();
  const ids: string[] = [];
  let duplicates = 0;
  for (const raw of (text ?? '').split(/[\s,;]+/)) {
    const id = raw.replace(/^["']+|["']+$/g, '');
    if (!id) continue;
    if (seen.has(id)) {
      duplicates++;
      continue;
    }
    seen.add(id);
    ids.push(id);
  }
  return { ids, duplicates };
}

/** "3 user ids", "1 user id (2 duplicates dropped)" */
export function idCountSummary({ ids, duplicates }: ParsedIds): string {
  let s = `${ids.length.toLocaleString('en-US')} user ${ids.length === 1 ? 'id' : 'ids'}`;
  if (duplicates) s += ` (${duplicates.toLocaleString('en-US')} ${duplicates === 1 ? 'duplicate' : 'duplicates'} dropped)`;
  return s;
}
