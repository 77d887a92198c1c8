import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for the console, generated from the Go service's schema.
// Run `npm run codegen` after changing a query or the schema; src/gql/ is committed.
const config: CodegenConfig = {
  schema: '../graph/schema/*.graphqls',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        scalars: {
          Time: 'string',
          Decimal: 'string',
          Long: 'number',
          Upload: 'File',
        },
      },
    },
  },
};

export default config;
