import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from './index.ts';

// `npm run schema:print`: the committed schema.graphql that the SDK and console build from.
writeFileSync(new URL('../../../schema.graphql', import.meta.url), printSchema(schema) + '\n');
console.log('schema.graphql written');
