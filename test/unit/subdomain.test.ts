import { describe, expect, it } from 'vitest';
import { databaseNameFor, subdomainProblem, SUBDOMAIN_MESSAGES } from '../../server/src/domain/subdomain.ts';

const rules = { blacklist: ['blocked'], prefixes: ['preview-', 'studio-'] };

describe('subdomain rules', () => {
  it.each([
    ['ab', SUBDOMAIN_MESSAGES.length],
    ['a'.repeat(64), SUBDOMAIN_MESSAGES.length],
    ['Caps', SUBDOMAIN_MESSAGES.pattern],
    ['-lead', SUBDOMAIN_MESSAGES.pattern],
    ['trail-', SUBDOMAIN_MESSAGES.pattern],
    ['dot.ted', SUBDOMAIN_MESSAGES.pattern],
    ['under_score', SUBDOMAIN_MESSAGES.pattern],
    ['blocked', SUBDOMAIN_MESSAGES.blacklisted],
    ['studio', SUBDOMAIN_MESSAGES.reserved],
    ['ecommerce', SUBDOMAIN_MESSAGES.reserved],
    ['preview', SUBDOMAIN_MESSAGES.reserved],
    ['studio-site', SUBDOMAIN_MESSAGES.reserved],
  ])('refuses %j with the first rule it breaks', (sub, message) => {
    expect(subdomainProblem(sub, rules)).toBe(message);
  });

  it.each(['abc', 'my-site', 'a1b', 'x'.repeat(63), '123'])('accepts %j', (sub) => {
    expect(subdomainProblem(sub, rules)).toBeNull();
  });
});

describe('database names', () => {
  it('turns the LMS domain into an identifier of at most 40 characters', () => {
    expect(databaseNameFor('pr7.sandbox.example.com', () => false)).toBe('pr7_sandbox_example_com');
    expect(databaseNameFor('my-site.localhost', () => false)).toBe('mysite_localhost');
    expect(databaseNameFor(`${'a'.repeat(50)}.example.com`, () => false)).toHaveLength(40);
  });

  it('adds _2, _3 … on collision, staying within 40 characters', () => {
    const taken = new Set(['mysite_localhost', 'mysite_localhost_2']);
    expect(databaseNameFor('my-site.localhost', (n) => taken.has(n))).toBe('mysite_localhost_3');
    const long = `${'b'.repeat(50)}.example.com`;
    const first = databaseNameFor(long, () => false);
    const second = databaseNameFor(long, (n) => n === first);
    expect(second).toMatch(/_2$/);
    expect(second).toHaveLength(40);
  });
});
