import { graphql } from '../gql';

export const GenerateCodesMutation = graphql(`
  mutation GenerateCodes($input: GenerateCodesInput!) {
    generateCodes(input: $input) {
      batch {
        ...CodeBatchFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const DisableCodeBatchMutation = graphql(`
  mutation DisableCodeBatch($id: ID!) {
    disableCodeBatch(id: $id) {
      batch {
        ...CodeBatchFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
