import type { UserCouponStatus } from '../gql/graphql';

export const USER_COUPON_STATUSES: UserCouponStatus[] = ['UNUSED', 'LOCKED', 'USED', 'EXPIRED', 'REVOKED'];

export const USER_COUPON_STATUS_COLORS: Record<UserCouponStatus, string> = {
  UNUSED: 'green',
  LOCKED: 'gold',
  USED: 'blue',
  EXPIRED: 'default',
  REVOKED: 'red',
};

/** ?status=UNUSED,USED -> ['UNUSED', 'USED']; unknown values are dropped */
export function statusesFromParam(v: string | null): UserCouponStatus[] {
  return (v ?? '').split(',').filter((s): s is UserCouponStatus => (USER_COUPON_STATUSES as string[]).includes(s));
}

/** the path of a user's page; ids may hold any character */
export function userPath(userId: string): string {
  return `/users/${encodeURIComponent(userId)}`;
}
