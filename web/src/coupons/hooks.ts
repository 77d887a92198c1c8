import { useQuery, useQueryClient } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import type { CouponFieldsFragment } from '../gql/graphql';
import { CouponQuery, CouponsQuery } from './queries';

export const couponKey = (id: string) => ['coupon', id] as const;
export const couponsKey = ['coupons'] as const;

export function useCoupon(id: string) {
  return useQuery({
    queryKey: couponKey(id),
    queryFn: async () => (await gqlRequest(CouponQuery, { id })).coupon ?? null,
  });
}

/** After a successful mutation: store the coupon it returned and refresh lists. */
export function useCouponSaved() {
  const qc = useQueryClient();
  return (c: CouponFieldsFragment) => {
    qc.setQueryData(couponKey(c.id), c);
    void qc.invalidateQueries({ queryKey: couponsKey });
  };
}

/**
 * Other coupons named exactly `name` (trimmed, case-insensitive), not `exceptId`:
 * the coupon form warns about them (duplicates are allowed, but confusing).
 */
export async function couponsNamed(name: string, exceptId?: string): Promise<{ id: string; name: string }[]> {
  const want = name.trim().toLowerCase();
  if (!want) return [];
  const { coupons } = await gqlRequest(CouponsQuery, { first: 50, filter: { search: name.trim() } });
  return coupons.edges.map((e) => e.node).filter((n) => n.id !== exceptId && n.name.trim().toLowerCase() === want);
}
