import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { gqlRequest } from '../api/client';
import type { Granularity } from '../gql/graphql';
import { TOP_N, addDays, dayStartMs, rangeFromParams, rangeToParams, rangeVariables, utcDay, type DayRange } from './format';
import { CampaignsOverviewQuery, CouponStatsQuery, ProductStatsQuery, StatsOverviewQuery, StatsSeriesQuery } from './queries';

export const statsKey = ['stats'] as const;

/** While the range reaches today, the figures are read again this often. */
export const STATS_POLL_MS = 30_000;

/** true when the range ends today (UTC) or later: new events still land in it */
function isLive(r: DayRange): boolean {
  return dayStartMs(addDays(r.to, 1)) > dayStartMs(utcDay(Date.now()));
}

/** The range and granularity kept in the page's search params (?from=&to=&g=), with setters. */
export function useStatsRange() {
  const [params, setParams] = useSearchParams();
  const { range, granularity } = useMemo(() => rangeFromParams(params), [params]);
  const set = useCallback(
    (r: DayRange, g: Granularity) => setParams((p) => rangeToParams(p, r, g), { replace: true }),
    [setParams],
  );
  return { range, granularity, set };
}

/** Totals over the range and the top coupons by used. */
export function useStatsOverview(range: DayRange) {
  const v = rangeVariables(range);
  return useQuery({
    queryKey: [...statsKey, 'overview', v.from, v.to],
    queryFn: async () => (await gqlRequest(StatsOverviewQuery, { ...v, first: TOP_N })).statsOverview,
    placeholderData: keepPreviousData,
    refetchInterval: isLive(range) ? STATS_POLL_MS : false,
  });
}

/** One point per bucket; every coupon without couponId. */
export function useStatsSeries(range: DayRange, granularity: Granularity, couponId?: string) {
  const v = rangeVariables(range);
  return useQuery({
    queryKey: [...statsKey, 'series', couponId ?? null, v.from, v.to, granularity],
    queryFn: async () =>
      (await gqlRequest(StatsSeriesQuery, { ...v, granularity, ...(couponId ? { couponId } : {}) })).statsSeries,
    placeholderData: keepPreviousData,
    refetchInterval: isLive(range) ? STATS_POLL_MS : false,
  });
}

/** The top products by sales in the range (for one coupon with couponId). */
export function useProductStats(range: DayRange, couponId?: string) {
  const v = rangeVariables(range);
  return useQuery({
    queryKey: [...statsKey, 'products', couponId ?? null, v.from, v.to],
    queryFn: async () =>
      (await gqlRequest(ProductStatsQuery, { ...v, first: TOP_N, ...(couponId ? { couponId } : {}) })).productStats,
    placeholderData: keepPreviousData,
    refetchInterval: isLive(range) ? STATS_POLL_MS : false,
  });
}

/** One coupon's all-time figures. */
export function useCouponStats(couponId: string) {
  return useQuery({
    queryKey: [...statsKey, 'coupon', couponId],
    queryFn: async () => (await gqlRequest(CouponStatsQuery, { couponId })).couponStats,
    refetchInterval: STATS_POLL_MS,
  });
}

/** Every campaign: its budget now and its coupons' all-time figures (no range). */
export function useCampaignsOverview() {
  return useQuery({
    queryKey: [...statsKey, 'campaigns'],
    queryFn: async () => (await gqlRequest(CampaignsOverviewQuery)).campaigns,
    refetchInterval: STATS_POLL_MS,
  });
}

/** "Refresh": read every statistic on the page again. */
export function useRefreshStats() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: statsKey });
}
