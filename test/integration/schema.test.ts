import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../server/src/schema/index.ts';

describe('schema.graphql', () => {
  it('is the schema printed from the server (run `npm run schema:print` and `npm run codegen` after a change)', () => {
    expect(readFileSync('schema.graphql', 'utf8')).toBe(printSchema(schema) + '\n');
  });
});
