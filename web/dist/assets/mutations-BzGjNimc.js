import{s as e}from"./errors-Br8TGw_V.js";var t=e(`
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
`),n=e(`
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
`),r=e(`
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
`),i=e(`
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
`),a=e(`
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
`),o=e(`
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
`),s=e(`
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
`);export{i as a,a as i,o as n,s as o,t as r,n as s,r as t};