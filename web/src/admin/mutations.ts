import { graphql } from '../gql';

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($name: String!, $roles: [Role!]!) {
    createApiKey(name: $name, roles: $roles) {
      apiKey {
        id
        name
        roles
        createdAt
        lastUsedAt
      }
      secret
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id)
  }
`);

export const CreateConsoleUserMutation = graphql(`
  mutation CreateConsoleUser($input: ConsoleUserInput!) {
    createConsoleUser(input: $input) {
      consoleUser {
        id
        username
        roles
        disabled
        createdAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const UpdateConsoleUserMutation = graphql(`
  mutation UpdateConsoleUser($id: ID!, $roles: [Role!], $disabled: Boolean) {
    updateConsoleUser(id: $id, roles: $roles, disabled: $disabled) {
      consoleUser {
        id
        username
        roles
        disabled
        createdAt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const ResetConsoleUserPasswordMutation = graphql(`
  mutation ResetConsoleUserPassword($id: ID!, $password: String!) {
    resetConsoleUserPassword(id: $id, password: $password) {
      consoleUser {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
