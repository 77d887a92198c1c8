import { useQuery } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import { ReplicationQuery } from './queries';

export const replicationKey = ['replication'] as const;

/** how often the replicas' lag is read while the page is open */
export const REPLICATION_POLL_MS = 2000;

/** The read replicas and their lag, read every two seconds. */
export function useReplication() {
  return useQuery({
    queryKey: replicationKey,
    queryFn: async () => (await gqlRequest(ReplicationQuery)).replication,
    refetchInterval: REPLICATION_POLL_MS,
  });
}
