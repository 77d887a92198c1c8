import { graphql } from '../gql';

export const TagsQuery = graphql(`
  query Tags {
    tags {
      name
      description
      kind
      userCount
    }
  }
`);
