import{ki as e,s as t}from"./errors-Br8TGw_V.js";import{r as n}from"./client-DJS7f3rN.js";var r=t(`
  query Campaigns {
    campaigns {
      id
      name
      description
      currency
      budget {
        amount
        usesPerDay
        spent
        amountLeft
        uses
        usesToday
        usesLeftToday
      }
      coupons {
        id
      }
      createdAt
      updatedAt
    }
  }
`),i=t(`
  query Campaign($id: ID!) {
    campaign(id: $id) {
      id
      name
      description
      currency
      budget {
        amount
        usesPerDay
        spent
        amountLeft
        uses
        usesToday
        usesLeftToday
      }
      coupons {
        id
        name
        status
        currency
        class
        discount {
          kind
          amountOff
          percentOff
          maxDiscount
          minOrderAmount
        }
        totalStock
        remainingStock
        budget {
          amount
          usesPerDay
          spent
          amountLeft
          uses
          usesToday
          usesLeftToday
        }
      }
      createdAt
      updatedAt
    }
  }
`),a=t(`
  query CampaignStats($id: ID!) {
    campaign(id: $id) {
      id
      stats {
        issued
        used
        useRate
        discountTotal
        orderAmountTotal
        asOf
      }
    }
  }
`),o=t(`
  query CampaignOptions {
    campaigns {
      id
      name
      currency
    }
  }
`),s=[`campaigns`],c=e=>[`campaign`,e],l=e=>[`campaign`,e,`stats`];function u(){return e({queryKey:s,queryFn:async()=>(await n(r)).campaigns})}function d(t){return e({queryKey:c(t),queryFn:async()=>(await n(i,{id:t})).campaign??null})}function f(t,r){return e({queryKey:l(t),queryFn:async()=>(await n(a,{id:t})).campaign?.stats??null,enabled:r})}async function p(){return(await n(o)).campaigns}export{d as a,s as i,p as n,f as o,l as r,u as s,c as t};