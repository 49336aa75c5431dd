import { describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { schema } from '../../server/src/schema/index.ts';
import { documentProblems, MAX_ALIASES, operationProblems, textProblems } from '../../server/src/schema/limits.ts';

const options = { budget: 20_000, logLimit: 10_000 };

describe('operation limits', () => {
  it('measures a fragment fan-out of 2^40 fields in linear time and refuses it', () => {
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i === 0 ? 'fragment F0 on Query { a: viewer { id } }' : `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`,
    ).join('\n');
    const document = parse(`query { ...F39 }\n${fragments}`);
    const started = Date.now();
    const problems = documentProblems(document);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(problems.map((p) => p.extensions.code)).toEqual(['TOO_MANY_ALIASES']);
    const costs = operationProblems(schema, document, undefined, {}, options);
    expect(costs.map((p) => p.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it(`allows ${MAX_ALIASES} aliases and refuses one more`, () => {
    const aliased = (n: number) => parse(`{ ${Array.from({ length: n }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`);
    expect(documentProblems(aliased(MAX_ALIASES))).toEqual([]);
    expect(documentProblems(aliased(MAX_ALIASES + 1))[0].message).toBe(`The operation uses ${MAX_ALIASES + 1} aliases; at most ${MAX_ALIASES} are allowed.`);
  });

  it('counts pages from literals and variables alike, and log lines by their limit', () => {
    const nested = parse('query($n: Int) { instances(first: $n) { edges { node { appServers(first: $n) { edges { node { id } } } } } } }');
    expect(operationProblems(schema, nested, undefined, { n: 10 }, options)).toEqual([]);
    expect(operationProblems(schema, nested, undefined, { n: 100 }, options).map((p) => p.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(operationProblems(schema, nested, undefined, { n: 101 }, options).map((p) => p.message)).toContain('Pages hold at most 100 items.');
    const logs = parse(
      'query($l: Int) { a: logEntries(target: "x", limit: $l) { id } b: logEntries(target: "x", limit: $l) { id } c: logEntries(target: "x", limit: $l) { id } }',
    );
    expect(operationProblems(schema, logs, undefined, { l: 6_000 }, options)).toEqual([]);
    expect(operationProblems(schema, logs, undefined, { l: 7_000 }, options).map((p) => p.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('finds NUL, lone surrogates and overlong text in variables, nested values and literals', () => {
    const document = parse('query($s: String) { instances(filter: {search: "ok"}) { edges { node { id } } } }');
    expect(textProblems(document, { s: 'fine', list: ['a', { b: 'c' }] })).toEqual([]);
    expect(textProblems(document, { s: 'a\u0000b' })[0].message).toMatch(/^The variable \$s contains a NUL/);
    expect(textProblems(document, { input: { names: ['ok', '\udfff'] } })[0].message).toMatch(/^The variable \$input\.names\[1\]/);
    expect(textProblems(document, { s: 'x'.repeat(70_000) })[0].message).toMatch(/70,000 characters long/);
    expect(textProblems(parse('{ instances(filter: {search: "a\\u0000"}) { edges { node { id } } } }'), {})[0].message).toMatch(/line 1/);
  });
});
