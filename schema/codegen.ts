import type { CodegenConfig } from '@graphql-codegen/cli';

// Reads the committed SDL (never the running gateway), so codegen works offline.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['documents/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { JSON: 'unknown' } },
    },
  },
};

export default config;
