import { graphql } from '../gql';

/** The coupons the simulator offers: any status (a draft may be checked before it goes live), searched by name. */
export const SimulatorCouponsQuery = graphql(`
  query SimulatorCoupons($search: String) {
    coupons(first: 20, filter: { search: $search }) {
      edges {
        node {
          id
          name
          status
          currency
          class
          combinesWith
          exclusive
          discount {
            kind
            amountOff
            percentOff
            maxDiscount
            minOrderAmount
          }
        }
      }
      totalCount
    }
  }
`);

export const SimulateStackQuery = graphql(`
  query SimulateStack($cart: CartInput!, $couponIds: [ID!]!) {
    simulateStack(cart: $cart, couponIds: $couponIds) {
      coupons {
        coupon {
          id
          name
          currency
          class
        }
        discount
        lines
        shipping
      }
      discount
      itemsTotal
      shippingFee
      leftOut {
        coupon {
          id
          name
          currency
          class
        }
        why
        reason
        discount
      }
      maxCoupons
    }
  }
`);
