import { describe, expect, it } from 'vitest';
import type { GraphQLScalarType } from 'graphql';
import { schema } from '../../server/src/schema/index.ts';

describe('the DateTime scalar', () => {
  const scalar = schema.getType('DateTime') as GraphQLScalarType;

  it('reads ISO 8601 text', () => {
    expect((scalar.parseValue('2026-11-30T12:00:00Z') as Date).toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect((scalar.parseValue('2026-11-30') as Date).toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });

  it('refuses numbers, lists, objects and other text with BAD_USER_INPUT', () => {
    for (const value of [0, 1700000000000, [1, 2], '1,2', { a: 1 }, '', 'tomorrow', '2026-13-45T99:99:99Z']) {
      expect(() => scalar.parseValue(value), JSON.stringify(value)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT' } }));
    }
  });
});
