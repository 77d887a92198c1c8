import { graphql } from '../gql';

export const CreateCouponMutation = graphql(`
  mutation CreateCoupon($input: CouponInput!) {
    createCoupon(input: $input) {
      coupon {
        ...CouponFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const UpdateCouponMutation = graphql(`
  mutation UpdateCoupon($id: ID!, $input: CouponInput!) {
    updateCoupon(id: $id, input: $input) {
      coupon {
        ...CouponFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const ActivateCouponMutation = graphql(`
  mutation ActivateCoupon($id: ID!) {
    activateCoupon(id: $id) {
      coupon {
        ...CouponFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const PauseCouponMutation = graphql(`
  mutation PauseCoupon($id: ID!) {
    pauseCoupon(id: $id) {
      coupon {
        ...CouponFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const EndCouponMutation = graphql(`
  mutation EndCoupon($id: ID!) {
    endCoupon(id: $id) {
      coupon {
        ...CouponFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const AddStockMutation = graphql(`
  mutation AddStock($id: ID!, $quantity: Long!) {
    addStock(id: $id, quantity: $quantity) {
      coupon {
        ...CouponFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const SetProductScopeMutation = graphql(`
  mutation SetProductScope($couponId: ID!, $scope: ProductScopeInput!) {
    setProductScope(couponId: $couponId, scope: $scope) {
      coupon {
        ...CouponFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
