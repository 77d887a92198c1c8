import { graphql } from '../gql';

/** The read replicas as the answering instance's heartbeat measures them (ADMIN only). */
export const ReplicationQuery = graphql(`
  query Replication {
    replication {
      maxLagSeconds
      pinSeconds
      degraded
      replicas {
        database
        address
        usable
        lagSeconds
        problem
        checkedAt
      }
    }
  }
`);
