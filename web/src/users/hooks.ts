import { useQuery } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import { UserKnownQuery, UserTagsQuery } from './queries';

export const userTagsKey = (userId: string) => ['userTags', userId] as const;
export const userCouponsKey = (userId: string) => ['userCoupons', userId] as const;

export function useUserTags(userId: string) {
  return useQuery({
    queryKey: userTagsKey(userId),
    queryFn: async () => (await gqlRequest(UserTagsQuery, { userId })).userTags,
    enabled: userId !== '',
  });
}

/**
 * false when the user has no tag and holds no coupon (whatever their status):
 * the id is unknown here, maybe mistyped. undefined while loading or on error.
 */
export function useUserKnown(userId: string): boolean | undefined {
  const q = useQuery({
    // not under userCouponsKey: the coupons table rewrites those entries in place
    queryKey: ['userKnown', userId],
    queryFn: async () => {
      const r = await gqlRequest(UserKnownQuery, { userId });
      return r.userTags.length > 0 || r.userCoupons.totalCount > 0;
    },
    enabled: userId !== '',
  });
  return q.isSuccess ? q.data : undefined;
}
