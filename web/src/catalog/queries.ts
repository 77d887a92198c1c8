import { graphql } from '../gql';

export const CategoriesQuery = graphql(`
  query Categories {
    categories {
      id
      name
      parentId
    }
  }
`);

export const ProductsQuery = graphql(`
  query Products($search: String, $superBlacklisted: Boolean, $first: Int, $after: String) {
    products(search: $search, superBlacklisted: $superBlacklisted, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          categoryId
          superBlacklisted
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);
