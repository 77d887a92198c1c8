import { useQuery } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import { TagsQuery } from './queries';

export const tagsKey = ['tags'] as const;

/** Every tag with its user count; the list is small (no paging in the API). */
export function useTags(enabled = true) {
  return useQuery({
    queryKey: tagsKey,
    queryFn: async () => (await gqlRequest(TagsQuery)).tags,
    enabled,
  });
}
