import { useQuery } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import { UserTagsQuery } from './queries';

export const userTagsKey = (userId: string) => ['userTags', userId] as const;
export const userCouponsKey = (userId: string) => ['userCoupons', userId] as const;

export function useUserTags(userId: string) {
  return useQuery({
    queryKey: userTagsKey(userId),
    queryFn: async () => (await gqlRequest(UserTagsQuery, { userId })).userTags,
    enabled: userId !== '',
  });
}
