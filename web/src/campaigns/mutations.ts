import { graphql } from '../gql';

export const CreateCampaignMutation = graphql(`
  mutation CreateCampaign($input: CampaignInput!) {
    createCampaign(input: $input) {
      campaign {
        id
        name
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const UpdateCampaignMutation = graphql(`
  mutation UpdateCampaign($id: ID!, $input: CampaignInput!) {
    updateCampaign(id: $id, input: $input) {
      campaign {
        id
        name
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
