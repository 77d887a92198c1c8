import{r as e}from"./client-DJS7f3rN.js";import{Ii as t,i as n,ni as r}from"./errors-BwmVEmbT.js";var i=n(`
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
`),a=n(`
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
`),o=n(`
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
`),s=n(`
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
`),c=n(`
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
`),l=n(`
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
`),u=n(`
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
`);n(`
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
    createdAt
    updatedAt
  }
`);var d=n(`
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
`),f=n(`
  query Coupon($id: ID!) {
    coupon(id: $id) {
      ...CouponFields
    }
  }
`),p=e=>[`coupon`,e],m=[`coupons`];function h(t){return r({queryKey:p(t),queryFn:async()=>(await e(f,{id:t})).coupon??null})}function g(){let e=t();return t=>{e.setQueryData(p(t.id),t),e.invalidateQueries({queryKey:m})}}async function _(t,n){let r=t.trim().toLowerCase();if(!r)return[];let{coupons:i}=await e(d,{first:50,filter:{search:t.trim()}});return i.edges.map(e=>e.node).filter(e=>e.id!==n&&e.name.trim().toLowerCase()===r)}export{d as a,i as c,u as d,a as f,g as i,c as l,_ as n,o,h as r,l as s,m as t,s as u};