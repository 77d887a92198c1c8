import { graphql } from '../gql';

/** With a file audience it is sent as a multipart upload (api/upload.ts); else through gqlRequest. */
export const CreateIssuanceJobMutation = graphql(`
  mutation CreateIssuanceJob($input: IssuanceJobInput!) {
    createIssuanceJob(input: $input) {
      job {
        ...IssuanceJobFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const PauseIssuanceJobMutation = graphql(`
  mutation PauseIssuanceJob($id: ID!) {
    pauseIssuanceJob(id: $id) {
      job {
        ...IssuanceJobFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const ResumeIssuanceJobMutation = graphql(`
  mutation ResumeIssuanceJob($id: ID!) {
    resumeIssuanceJob(id: $id) {
      job {
        ...IssuanceJobFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const CancelIssuanceJobMutation = graphql(`
  mutation CancelIssuanceJob($id: ID!) {
    cancelIssuanceJob(id: $id) {
      job {
        ...IssuanceJobFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
