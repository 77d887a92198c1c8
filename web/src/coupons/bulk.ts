// Bulk Pause / End on the coupon list: which selected rows can take the
// action, and running it row by row so that each failure is reported with its row.
// The words are in the coupons catalogue, under bulk.pause and bulk.end.
import type { CouponStatus } from '../gql/graphql';
import i18n from '../i18n';
import { allowedActions, statusLabel } from './format';

export type BulkAction = 'pause' | 'end';

export interface BulkRow {
  id: string;
  name: string;
  status: CouponStatus;
}

export interface BulkFailure {
  id: string;
  name: string;
  message: string;
}

export interface BulkResult {
  done: string[];
  failed: BulkFailure[];
}

/** rows the action applies to, and the others (skipped, with why) */
export function splitEligible<R extends BulkRow>(rows: readonly R[], action: BulkAction): { eligible: R[]; skipped: BulkFailure[] } {
  const eligible: R[] = [];
  const skipped: BulkFailure[] = [];
  for (const r of rows) {
    if (allowedActions(r.status).includes(action)) eligible.push(r);
    else skipped.push({ id: r.id, name: r.name, message: i18n.t(`coupons:bulk.${action}.notAllowed`, { status: statusLabel(r.status) }) });
  }
  return { eligible, skipped };
}

/**
 * Runs `one` for each eligible row, one after the other; `one` resolves to
 * an error message, or null on success. Rejections count as failures too.
 */
export async function runBulk<R extends BulkRow>(
  rows: readonly R[],
  action: BulkAction,
  one: (row: R) => Promise<string | null>,
): Promise<BulkResult> {
  const { eligible, skipped } = splitEligible(rows, action);
  const out: BulkResult = { done: [], failed: [...skipped] };
  for (const r of eligible) {
    let msg: string | null;
    try {
      msg = await one(r);
    } catch (e) {
      msg = e instanceof Error && e.message ? e.message : i18n.t('coupons:bulk.requestFailed');
    }
    if (msg == null) out.done.push(r.id);
    else out.failed.push({ id: r.id, name: r.name, message: msg });
  }
  return out;
}
