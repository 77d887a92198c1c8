import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import { LogoutMutation, MeQuery } from './queries';

export const meQueryKey = ['me'] as const;

/** The signed-in principal; data is null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async () => (await gqlRequest(MeQuery)).me ?? null,
    staleTime: 60_000,
  });
}

export function useLogout(onDone: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => gqlRequest(LogoutMutation),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(meQueryKey, null);
      onDone();
    },
  });
}

/** ADMIN and OPERATOR change coupons; other roles only read them. */
export function useCanOperate(): boolean {
  const me = useMe();
  return !!me.data?.roles.some((r) => r === 'ADMIN' || r === 'OPERATOR');
}

/** true when the principal has one of `roles`; ADMIN has them all (as @hasRole on the server). */
export function useHasRole(...roles: string[]): boolean {
  const me = useMe();
  return !!me.data?.roles.some((r) => r === 'ADMIN' || roles.includes(r));
}
