import { graphql } from '../gql';

export const CreateTagMutation = graphql(`
  mutation CreateTag($input: TagInput!) {
    createTag(input: $input) {
      tag {
        name
        description
        kind
        userCount
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

/** Sent as a multipart upload (api/upload.ts), never through gqlRequest. */
export const ImportUserTagsMutation = graphql(`
  mutation ImportUserTags($tag: String!, $file: Upload!) {
    importUserTags(tag: $tag, file: $file) {
      count
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const UpdateTagMutation = graphql(`
  mutation UpdateTag($name: String!, $input: TagUpdateInput!) {
    updateTag(name: $name, input: $input) {
      tag {
        name
        description
        kind
        userCount
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export const DeleteTagMutation = graphql(`
  mutation DeleteTag($name: String!) {
    deleteTag(name: $name) {
      deletedName
      userErrors {
        field
        message
        code
      }
    }
  }
`);
