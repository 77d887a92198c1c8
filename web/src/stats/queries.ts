import { graphql } from '../gql';

// Statistics: read-only (OPERATOR and ANALYST; ADMIN has every role). Nothing
// in this folder mutates.

export const CouponStatsFieldsFragment = graphql(`
  fragment CouponStatsFields on CouponStats {
    issued
    issuedByChannel {
      channel
      count
    }
    used
    refunded
    expired
    revoked
    remainingStock
    discountTotal
    orderAmountTotal
    useRate
    asOf
  }
`);

/** Totals over the range (remainingStock and asOf are current) and the top coupons by used. */
export const StatsOverviewQuery = graphql(`
  query StatsOverview($from: Time!, $to: Time!, $first: Int) {
    statsOverview(from: $from, to: $to) {
      totals {
        ...CouponStatsFields
      }
      topCoupons(first: $first) {
        coupon {
          id
          name
          status
          currency
        }
        stats {
          issued
          used
          useRate
          discountTotal
          orderAmountTotal
        }
      }
    }
  }
`);

/** One point per hour or day bucket in [from, to), zero buckets included; all coupons without couponId. */
export const StatsSeriesQuery = graphql(`
  query StatsSeries($couponId: ID, $from: Time!, $to: Time!, $granularity: Granularity!) {
    statsSeries(couponId: $couponId, from: $from, to: $to, granularity: $granularity) {
      at
      issued
      used
      refunded
      discountTotal
      orderAmountTotal
    }
  }
`);

/** Products bought in orders that used a coupon (or this coupon), by salesAmount descending. */
export const ProductStatsQuery = graphql(`
  query ProductStats($couponId: ID, $from: Time!, $to: Time!, $first: Int) {
    productStats(couponId: $couponId, from: $from, to: $to, first: $first) {
      product {
        id
        name
      }
      orders
      units
      salesAmount
      discountTotal
    }
  }
`);

/** One coupon's all-time figures. */
export const CouponStatsQuery = graphql(`
  query CouponStats($couponId: ID!) {
    couponStats(couponId: $couponId) {
      ...CouponStatsFields
    }
  }
`);

/** Every campaign with its budget now and its coupons' all-time figures (Campaign.stats takes no range). */
export const CampaignsOverviewQuery = graphql(`
  query CampaignsOverview {
    campaigns {
      id
      name
      currency
      budget {
        amount
        usesPerDay
        spent
        amountLeft
        usesToday
        usesLeftToday
      }
      stats {
        issued
        used
        discountTotal
      }
    }
  }
`);
