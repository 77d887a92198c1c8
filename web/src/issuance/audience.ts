// The "paste ids" audience: user ids separated by whitespace, commas or semicolons.
import i18n from '../i18n';
import { formatNumber } from '../i18n/format';

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

/** "3 user ids", "1 user id (2 duplicates dropped)"; zh-CN "3 个用户 ID（已去除 1 个重复）" */
export function idCountSummary({ ids, duplicates }: ParsedIds): string {
  const s = i18n.t('issuance:audience.ids', { count: ids.length, n: formatNumber(ids.length) });
  if (!duplicates) return s;
  return i18n.t('issuance:audience.withDuplicates', {
    ids: s,
    dropped: i18n.t('issuance:audience.duplicates', { count: duplicates, n: formatNumber(duplicates) }),
  });
}

export interface TagRuleLike {
  anyOf?: readonly string[] | null;
  allOf?: readonly string[] | null;
  noneOf?: readonly string[] | null;
}

/** How many users an audience holds: exactly, at most, or not known before the job runs. */
export type AudienceSize = { kind: 'exact'; n: number } | { kind: 'atMost'; n: number } | { kind: 'unknown' };

/**
 * The size of a tag-rule audience from the tags' user counts (the console
 * cannot intersect tags): exact for a single tag and nothing else; otherwise
 * an upper bound, the smallest "all of" tag, else the sum of the "any of"
 * tags (users holding several count more than once). A tag the list does
 * not know makes it unknown.
 */
export function tagAudienceSize(rule: TagRuleLike, userCounts: ReadonlyMap<string, number>): AudienceSize {
  const anyOf = rule.anyOf ?? [];
  const allOf = rule.allOf ?? [];
  const noneOf = rule.noneOf ?? [];
  const counts = (names: readonly string[]) => names.map((n) => userCounts.get(n));
  const all = counts(allOf);
  const any = counts(anyOf);
  if ([...all, ...any].some((c) => c == null)) return { kind: 'unknown' };
  if (!allOf.length && !anyOf.length) return { kind: 'unknown' };
  const single = anyOf.length + allOf.length === 1 && noneOf.length === 0;
  const n = allOf.length ? Math.min(...(all as number[])) : (any as number[]).reduce((a, b) => a + b, 0);
  return { kind: single ? 'exact' : 'atMost', n };
}

/**
 * The stock check of the review: how many users of the audience cannot get
 * the coupon from the remaining stock (each user gets one coupon from a job).
 * `short` is exact for an exact size and an upper bound for an "at most" one;
 * null when the size is not known or the stock suffices.
 */
export function stockShortfall(size: AudienceSize, remainingStock: number): number | null {
  if (size.kind === 'unknown') return null;
  const short = size.n - Math.max(0, remainingStock);
  return short > 0 ? short : null;
}
