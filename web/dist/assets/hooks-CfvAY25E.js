import{ki as e,la as t,s as n}from"./errors-Br8TGw_V.js";import{r}from"./client-DJS7f3rN.js";n(`
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
`);var i=n(`
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
`),a=n(`
  query Coupon($id: ID!) {
    coupon(id: $id) {
      ...CouponFields
    }
  }
`),o=e=>[`coupon`,e],s=[`coupons`];function c(t){return e({queryKey:o(t),queryFn:async()=>(await r(a,{id:t})).coupon??null})}function l(){let e=t();return t=>{e.setQueryData(o(t.id),t),e.invalidateQueries({queryKey:s})}}async function u(e,t){let n=e.trim().toLowerCase();if(!n)return[];let{coupons:a}=await r(i,{first:50,filter:{search:e.trim()}});return a.edges.map(e=>e.node).filter(e=>e.id!==t&&e.name.trim().toLowerCase()===n)}export{i as a,l as i,u as n,c as r,s as t};