import { graphql } from '../gql';

export const IssuanceJobFieldsFragment = graphql(`
  fragment IssuanceJobFields on IssuanceJob {
    id
    name
    coupon {
      id
      name
    }
    status
    audienceSize
    processed
    issued
    skipped
    failed
    notified
    ratePerSecond
    lastError
    createdBy
    createdAt
    startedAt
    finishedAt
  }
`);

export const IssuanceJobsQuery = graphql(`
  query IssuanceJobs($couponId: ID, $status: [JobStatus!], $first: Int, $after: String) {
    issuanceJobs(couponId: $couponId, status: $status, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...IssuanceJobFields
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

export const IssuanceJobQuery = graphql(`
  query IssuanceJob($id: ID!) {
    issuanceJob(id: $id) {
      ...IssuanceJobFields
    }
  }
`);

/** Pushed over the websocket at least once a second while RUNNING, and the final state. */
export const IssuanceJobProgressSubscription = graphql(`
  subscription IssuanceJobProgress($id: ID!) {
    issuanceJobProgress(id: $id) {
      ...IssuanceJobFields
    }
  }
`);

/** Coupons a job may issue: ACTIVE and open to the TARGETED channel. */
export const TargetedCouponsQuery = graphql(`
  query TargetedCoupons($search: String) {
    coupons(first: 50, filter: { status: [ACTIVE], channel: TARGETED, search: $search }) {
      edges {
        node {
          id
          name
          remainingStock
          totalStock
        }
      }
      totalCount
    }
  }
`);
