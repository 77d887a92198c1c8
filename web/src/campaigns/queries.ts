import { graphql } from '../gql';

// Budget fields are written out in each document (no shared fragment): the
// coupon documents (coupons/queries.ts) list them too.

export const CampaignsQuery = graphql(`
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
`);

export const CampaignQuery = graphql(`
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
`);

/** Campaign.stats is OPERATOR/ANALYST only: read on its own so that SUPPORT still sees the campaign. */
export const CampaignStatsQuery = graphql(`
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
`);

/** The campaigns the coupon form offers. */
export const CampaignOptionsQuery = graphql(`
  query CampaignOptions {
    campaigns {
      id
      name
      currency
    }
  }
`);
