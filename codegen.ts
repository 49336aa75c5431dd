import type { CodegenConfig } from '@graphql-codegen/cli';

// Both outputs are generated from the committed contract, so a fresh clone builds without a server.
const shared = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    enumsAsTypes: true,
    // Explicit .js extensions so the SDK also runs as plain Node ESM.
    importExtension: '.js',
    useTypeImports: true,
    scalars: { DateTime: 'string', ID: 'string' },
  },
} as const;

const config: CodegenConfig = {
  overwrite: true,
  schema: './schema.graphql',
  // One of the two document sets may be empty while it is being written.
  ignoreNoDocuments: true,
  generates: {
    'client/src/lib/gql/': {
      ...shared,
      // Documents live in .ts files: plucking from .svelte would need svelte2tsx, which is not installed.
      documents: ['client/src/**/*.ts', '!client/src/lib/gql/**'],
    },
    'client/sdk/gql/': {
      ...shared,
      documents: ['client/sdk/**/*.ts', '!client/sdk/gql/**'],
    },
  },
};

export default config;
