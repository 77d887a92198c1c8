import { useEffect, useState } from 'react';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import type { IssuanceJobFieldsFragment, JobStatus } from '../gql/graphql';
import { isJobActive } from './format';
import { IssuanceJobQuery, IssuanceJobsQuery } from './queries';
import { subscribeJobProgress } from './subscribe';

export const jobKey = (id: string) => ['issuanceJob', id] as const;
export const jobsKey = ['issuanceJobs'] as const;

const PAGE_SIZE = 20;
/** how often the list refreshes while one of its jobs is RUNNING or PENDING */
export const LIST_POLL_MS = 2000;
/** how often a job is read when the websocket is not available */
export const FALLBACK_POLL_MS = 1000;
/** a slow safety net while the websocket is in use */
const SOCKET_SAFETY_POLL_MS = 5000;

/** Jobs, newest first, a page at a time; refreshed every 2 s while any of them runs. */
export function useIssuanceJobs({ couponId, status }: { couponId?: string; status: JobStatus[] }) {
  return useInfiniteQuery({
    queryKey: [...jobsKey, couponId ?? null, status],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) =>
      (
        await gqlRequest(IssuanceJobsQuery, {
          couponId: couponId ?? null,
          status: status.length ? status : null,
          first: PAGE_SIZE,
          after: pageParam,
        })
      ).issuanceJobs,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? (last.pageInfo.endCursor ?? null) : null),
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.edges.some((e) => e.node.status === 'RUNNING' || e.node.status === 'PENDING'))
        ? LIST_POLL_MS
        : false,
  });
}

export type LiveMode = 'socket' | 'polling' | 'idle';

/**
 * One job, kept live while it may change: through the issuanceJobProgress
 * subscription, or by reading it every second when the websocket fails.
 */
export function useIssuanceJob(id: string) {
  const qc = useQueryClient();
  const [socketFailed, setSocketFailed] = useState(false);
  const job = useQuery({
    queryKey: jobKey(id),
    queryFn: async () => (await gqlRequest(IssuanceJobQuery, { id })).issuanceJob ?? null,
    refetchInterval: (q) =>
      isJobActive(q.state.data?.status) ? (socketFailed ? FALLBACK_POLL_MS : SOCKET_SAFETY_POLL_MS) : false,
  });
  const active = isJobActive(job.data?.status);

  useEffect(() => {
    if (!active || socketFailed || !id) return;
    let stopped = false;
    const unsubscribe = subscribeJobProgress(id, {
      next: (j) => {
        if (!stopped) qc.setQueryData<IssuanceJobFieldsFragment | null>(jobKey(id), j);
      },
      error: () => {
        if (!stopped) setSocketFailed(true);
      },
      complete: () => {
        if (stopped) return;
        // the final state should have come; read it once more, and poll if it is still going
        const last = qc.getQueryData<IssuanceJobFieldsFragment | null>(jobKey(id));
        if (isJobActive(last?.status)) setSocketFailed(true);
        void qc.invalidateQueries({ queryKey: jobKey(id) });
      },
    });
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [id, active, socketFailed, qc]);

  const mode: LiveMode = !active ? 'idle' : socketFailed ? 'polling' : 'socket';
  return { job, mode };
}

/** After a mutation returned the job: show it at once and refresh the lists. */
export function useJobSaved() {
  const qc = useQueryClient();
  return (j: IssuanceJobFieldsFragment) => {
    qc.setQueryData(jobKey(j.id), j);
    void qc.invalidateQueries({ queryKey: jobsKey });
  };
}
