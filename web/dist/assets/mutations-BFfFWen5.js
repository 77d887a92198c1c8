import{s as e}from"./errors-Br8TGw_V.js";var t=e(`
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
`),n=e(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id)
  }
`),r=e(`
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
`),i=e(`
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
`),a=e(`
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
`);export{i as a,n as i,r as n,a as r,t};