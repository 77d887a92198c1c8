import type { TagKind } from '../gql/graphql';

/** Tag names: 1-64 letters, digits, _ . : - starting with a letter or digit (as the server checks). */
export const TAG_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export const TAG_KINDS: TagKind[] = ['REALTIME', 'BATCH'];

export const TAG_KIND_LABELS: Record<TagKind, string> = {
  REALTIME: 'Realtime',
  BATCH: 'Batch',
};

export const TAG_KIND_COLORS: Record<TagKind, string> = {
  REALTIME: 'geekblue',
  BATCH: 'purple',
};
