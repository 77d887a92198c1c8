import { graphql } from '../gql';

export const UpsertCategoriesMutation = graphql(`
  mutation UpsertCategories($categories: [CategoryInput!]!) {
    upsertCategories(categories: $categories) {
      count
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const UpsertProductsMutation = graphql(`
  mutation UpsertProducts($products: [ProductInput!]!) {
    upsertProducts(products: $products) {
      count
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const SetSuperBlacklistMutation = graphql(`
  mutation SetSuperBlacklist($add: [ID!], $remove: [ID!]) {
    setSuperBlacklist(add: $add, remove: $remove) {
      count
      userErrors {
        field
        message
        code
      }
    }
  }
`);
