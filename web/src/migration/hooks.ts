import { useEffect, useRef } from 'react';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import type { MigrationFieldsFragment, MigrationTaskFieldsFragment } from '../gql/graphql';
import { MigrationDiffsQuery, MigrationQuery, ReshardingQuery } from './queries';

export const migrationKey = ['migration'] as const;
export const migrationDiffsKey = ['migrationDiffs'] as const;
export const reshardingKey = ['resharding'] as const;

/** how often the migration is read while a task is RUNNING */
export const MIGRATION_POLL_MS = 1000;
const DIFFS_PAGE_SIZE = 50;

/** Where the migration is; read every second while its task is RUNNING. */
export function useMigration() {
  return useQuery({
    queryKey: migrationKey,
    queryFn: async () => (await gqlRequest(MigrationQuery)).migration,
    refetchInterval: (q) => (q.state.data?.task?.status === 'RUNNING' ? MIGRATION_POLL_MS : false),
  });
}

/**
 * The last finished verify's differences, a page at a time. `verifyId` keys
 * the list, so a new verify starts it over.
 */
export function useMigrationDiffs(verifyId: string | null) {
  return useInfiniteQuery({
    queryKey: [...migrationDiffsKey, verifyId],
    enabled: verifyId != null,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => {
      const v = (await gqlRequest(MigrationDiffsQuery, { first: DIFFS_PAGE_SIZE, after: pageParam })).migration.lastVerify;
      return v?.diffs ?? { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    },
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? (last.pageInfo.endCursor ?? null) : null),
  });
}

/**
 * After a mutation: show what it returned at once (the whole migration, or
 * the task it started or asked to stop), and read the migration again.
 */
export function useMigrationChanged() {
  const qc = useQueryClient();
  return (changed?: { migration?: MigrationFieldsFragment | null; task?: MigrationTaskFieldsFragment | null }) => {
    if (changed?.migration) qc.setQueryData(migrationKey, changed.migration);
    const task = changed?.task;
    if (task) qc.setQueryData<MigrationFieldsFragment>(migrationKey, (old) => old && { ...old, task });
    return qc.invalidateQueries({ queryKey: migrationKey });
  };
}

/**
 * When a task stops running (a repair sets differences right, a verify makes
 * a new list), the differences are read again.
 */
export function useDiffsFollowTask(task: { id: string; status: string } | null | undefined) {
  const qc = useQueryClient();
  const last = useRef<string | null>(null);
  const now = task ? `${task.id}:${task.status}` : null;
  useEffect(() => {
    const before = last.current;
    last.current = now;
    if (before && before !== now && before.endsWith(':RUNNING')) {
      void qc.invalidateQueries({ queryKey: migrationDiffsKey });
    }
  }, [now, qc]);
}

/** how often the resharding is read: every second during a cut-over, else every 5 s */
export const RESHARDING_POLL_MS = 5000;

/** The layout of the user shards in use and a resharding's progress. */
export function useResharding() {
  return useQuery({
    queryKey: reshardingKey,
    queryFn: async () => (await gqlRequest(ReshardingQuery)).resharding,
    refetchInterval: (q) => (q.state.data?.phase === 'FROZEN' ? MIGRATION_POLL_MS : RESHARDING_POLL_MS),
  });
}
