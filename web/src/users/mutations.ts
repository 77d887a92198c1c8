import { graphql } from '../gql';

export const SetUserTagsMutation = graphql(`
  mutation SetUserTags($userId: ID!, $add: [String!], $remove: [String!]) {
    setUserTags(userId: $userId, add: $add, remove: $remove) {
      tags
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const RevokeUserCouponMutation = graphql(`
  mutation RevokeUserCoupon($id: ID!, $reason: String!) {
    revokeUserCoupon(id: $id, reason: $reason) {
      userCoupon {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
