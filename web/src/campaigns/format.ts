// Budget figures as the console shows them. Decimals stay strings for
// display; they are parsed to numbers only for the progress bars.
import i18n from '../i18n';
import { formatMoney, formatNumber } from '../i18n/format';

export interface BudgetLike {
  amount?: string | null;
  usesPerDay?: number | null;
  spent: string;
  amountLeft?: string | null;
  uses?: number;
  usesToday: number;
  usesLeftToday?: number | null;
}

/** Share in percent (0-100, whole) of `part` in `cap`; 0 without a positive cap. */
export function percentOf(part: string | number, cap: string | number | null | undefined): number {
  const c = Number(cap);
  if (cap == null || !(c > 0)) return 0;
  const p = Number(part);
  if (!Number.isFinite(p) || p <= 0) return 0;
  return Math.min(100, Math.round((p / c) * 100));
}

/** "¥120.00 / ¥1,000.00", or "¥120.00 / no cap" */
export function spentSummary(b: BudgetLike, currency: string): string {
  const cap = b.amount != null ? formatMoney(b.amount, currency) : i18n.t('campaigns:budget.noCap');
  return `${formatMoney(b.spent, currency)} / ${cap}`;
}

/** "3 / 100", or "3 / no cap" */
export function usesTodaySummary(b: BudgetLike): string {
  const cap = b.usesPerDay != null ? formatNumber(b.usesPerDay) : i18n.t('campaigns:budget.noCap');
  return `${formatNumber(b.usesToday)} / ${cap}`;
}

/** The amount left, or "no cap". */
export function amountLeftSummary(b: BudgetLike, currency: string): string {
  return b.amount != null ? formatMoney(b.amountLeft ?? '0', currency) : i18n.t('campaigns:budget.noCap');
}
