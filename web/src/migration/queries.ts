import { graphql } from '../gql';

export const MigrationTaskFieldsFragment = graphql(`
  fragment MigrationTaskFields on MigrationTask {
    id
    kind
    status
    mode
    rowsPerSecond
    done
    total
    written
    users
    differences
    error
    startedBy
    startedAt
    updatedAt
    finishedAt
  }
`);

export const MigrationFieldsFragment = graphql(`
  fragment MigrationFields on Migration {
    mode
    modeChangedAt
    modeChangedBy
    configured
    legacyTemplates
    copiedTemplates
    legacyRows
    copiedThrough
    rowsBehind
    pendingRepairs
    task {
      ...MigrationTaskFields
    }
    lastVerify {
      ...MigrationTaskFields
    }
    nextMode
    blockers
  }
`);

/** Where the migration is; read every second while a task runs (ADMIN only). */
export const MigrationQuery = graphql(`
  query Migration {
    migration {
      ...MigrationFields
    }
  }
`);

/** The differences the last finished verify found, a page at a time. */
export const MigrationDiffsQuery = graphql(`
  query MigrationDiffs($first: Int, $after: String) {
    migration {
      lastVerify {
        id
        diffs(first: $first, after: $after) {
          edges {
            cursor
            node {
              id
              kind
              userId
              couponId
              legacyId
              userCouponId
              legacy
              coupond
              repaired
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

/** Which layout of the user shards is in use, and a resharding's progress (ADMIN only). */
export const ReshardingQuery = graphql(`
  query Resharding {
    resharding {
      layout
      generation
      phase
      changedAt
      changedBy
      note
      target
      tables {
        table
        copied
        copiedThrough
        lastId
        caughtUpThrough
        lastEvent
      }
      instances {
        name
        layout
        generation
        frozen
        stale
        seenAt
      }
    }
  }
`);
