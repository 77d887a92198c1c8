import { graphql } from '../gql';

/** Queues a step; an instance with the monolith's database runs it within a second. */
export const StartMigrationTaskMutation = graphql(`
  mutation StartMigrationTask($kind: MigrationTaskKind!, $rowsPerSecond: Int) {
    startMigrationTask(kind: $kind, rowsPerSecond: $rowsPerSecond) {
      task {
        ...MigrationTaskFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** Asks the running task to stop at its next batch (a copy keeps its checkpoint). */
export const CancelMigrationTaskMutation = graphql(`
  mutation CancelMigrationTask {
    cancelMigrationTask {
      task {
        ...MigrationTaskFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** One step forward (refused while blockers remain) or back; answers with the migration as it is now. */
export const SetMigrationModeMutation = graphql(`
  mutation SetMigrationMode($mode: MigrationMode!) {
    setMigrationMode(mode: $mode) {
      migration {
        ...MigrationFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
