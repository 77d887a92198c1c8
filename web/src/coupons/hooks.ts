import { useQuery, useQueryClient } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import type { CouponFieldsFragment } from '../gql/graphql';
import { CouponQuery } from './queries';

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
