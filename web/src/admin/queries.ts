import { graphql } from '../gql';

export const AuditLogQuery = graphql(`
  query AuditLog(
    $actor: String
    $action: String
    $entityType: String
    $entityId: String
    $since: Time
    $until: Time
    $first: Int
    $after: String
  ) {
    auditLog(
      actor: $actor
      action: $action
      entityType: $entityType
      entityId: $entityId
      since: $since
      until: $until
      first: $first
      after: $after
    ) {
      edges {
        cursor
        node {
          id
          at
          actor
          action
          entityType
          entityId
          detail
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      roles
      createdAt
      lastUsedAt
    }
  }
`);

export const ConsoleUsersQuery = graphql(`
  query ConsoleUsers {
    consoleUsers {
      id
      username
      roles
      disabled
      createdAt
    }
  }
`);
