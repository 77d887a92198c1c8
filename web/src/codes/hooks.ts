import { useQuery, useQueryClient } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import { isBatchActive } from './format';
import { CodeBatchesQuery } from './queries';

export const codeBatchesKey = (couponId: string) => ['codeBatches', couponId] as const;

/** how often the list is read while a batch is PENDING or RUNNING */
export const BATCH_POLL_MS = 1000;

/** A coupon's code batches, read every second while one is being generated; nothing is read until `enabled`. */
export function useCodeBatches(couponId: string, enabled: boolean) {
  return useQuery({
    queryKey: codeBatchesKey(couponId),
    queryFn: async () => (await gqlRequest(CodeBatchesQuery, { couponId })).codeBatches,
    enabled,
    refetchInterval: (q) => (q.state.data?.some((b) => isBatchActive(b.status)) ? BATCH_POLL_MS : false),
  });
}

/** After generateCodes or disableCodeBatch: read the list again. */
export function useCodeBatchesChanged() {
  const qc = useQueryClient();
  return (couponId: string) => qc.invalidateQueries({ queryKey: codeBatchesKey(couponId) });
}
