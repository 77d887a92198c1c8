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
    createdAt
  }
`);

/**
 * A coupon's code batches. exportUrl is for OPERATOR only (@hasRole on the
 * field): asking for it as ANALYST would fail the whole query, so it is only
 * included with $withExport.
 */
export const CodeBatchesQuery = graphql(`
  query CodeBatches($couponId: ID!, $withExport: Boolean!) {
    codeBatches(couponId: $couponId) {
      ...CodeBatchFields
      exportUrl @include(if: $withExport)
    }
  }
`);
