import { graphql } from '../gql';

export const CodeBatchFieldsFragment = graphql(`
  fragment CodeBatchFields on CodeBatch {
    id
    status
    count
    generated
    redeemed
    disabled
    prefix
    length
    lastError
    createdAt
    finishedAt
  }
`);

/** A coupon's code batches; exportUrl is null for those who may not export codes (only OPERATOR and ADMIN may). */
export const CodeBatchesQuery = graphql(`
  query CodeBatches($couponId: ID!) {
    codeBatches(couponId: $couponId) {
      ...CodeBatchFields
      exportUrl
    }
  }
`);
