import { graphql } from '../gql';

// Coupon.stats is not part of the fragment: the Statistics card reads couponStats (stats/).
export const CouponFieldsFragment = graphql(`
  fragment CouponFields on Coupon {
    id
    name
    description
    status
    currency
    discount {
      kind
      amountOff
      percentOff
      maxDiscount
      minOrderAmount
    }
    validity {
      kind
      startsAt
      endsAt
      days
    }
    claimStartsAt
    claimEndsAt
    channels
    totalStock
    remainingStock
    perUserLimit
    stockSlots
    productScope {
      kind
      productIds
      categoryIds
    }
    tagRule {
      anyOf
      allOf
      noneOf
    }
    class
    combinesWith
    exclusive
    campaign {
      id
      name
      currency
    }
    budget {
      amount
      usesPerDay
      spent
      amountLeft
      uses
      usesToday
      usesLeftToday
    }
    createdAt
    updatedAt
  }
`);

export const CouponsQuery = graphql(`
  query Coupons($first: Int, $after: String, $filter: CouponFilter, $orderBy: CouponOrder) {
    coupons(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      edges {
        cursor
        node {
          id
          name
          status
          currency
          discount {
            kind
            amountOff
            percentOff
            maxDiscount
            minOrderAmount
          }
          claimStartsAt
          claimEndsAt
          channels
          totalStock
          remainingStock
          campaign {
            id
            name
          }
          createdAt
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const CouponQuery = graphql(`
  query Coupon($id: ID!) {
    coupon(id: $id) {
      ...CouponFields
    }
  }
`);
