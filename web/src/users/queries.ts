import { graphql } from '../gql';

export const UserTagsQuery = graphql(`
  query UserTags($userId: ID!) {
    userTags(userId: $userId)
  }
`);

export const UserCouponsQuery = graphql(`
  query UserCoupons($userId: ID!, $status: [UserCouponStatus!], $first: Int, $after: String) {
    userCoupons(userId: $userId, status: $status, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          userId
          coupon {
            id
            name
            currency
          }
          status
          channel
          discount {
            kind
            amountOff
            percentOff
            maxDiscount
            minOrderAmount
          }
          validFrom
          validUntil
          issuedAt
          orderId
          usedAt
          discountApplied
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

/** Is the user known at all: any tag or any coupon (the Users page says so when not). */
export const UserKnownQuery = graphql(`
  query UserKnown($userId: ID!) {
    userTags(userId: $userId)
    userCoupons(userId: $userId, first: 1) {
      totalCount
    }
  }
`);
