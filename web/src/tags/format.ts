import type { TagKind } from '../gql/graphql';
import i18n from '../i18n';

/** Tag names: 1-64 letters, digits, _ . : - starting with a letter or digit (as the server checks). */
export const TAG_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export const TAG_KINDS: TagKind[] = ['REALTIME', 'BATCH'];

/** A tag kind in the console's language; the caller uses the tags namespace (useTranslation('tags')). */
export function tagKindLabel(kind: TagKind): string {
  return i18n.t(`tags:kind.${kind}`, { defaultValue: kind });
}

export const TAG_KIND_COLORS: Record<TagKind, string> = {
  REALTIME: 'geekblue',
  BATCH: 'purple',
};

/** The tags whose name or description holds every word of query (case-insensitive). */
export function filterTags<T extends { name: string; description: string }>(tags: readonly T[], query: string): T[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...tags];
  return tags.filter((t) => {
    const text = `${t.name} ${t.description}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
