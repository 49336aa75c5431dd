import { describe, expect, it } from 'vitest';
import { nextPage, rateLimitReset } from '../../server/src/integrations/github/index.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const headers = (h: Record<string, string>) => new Headers(h);

describe('GitHub rate limits', () => {
  it('read the primary limit from x-ratelimit-reset once nothing remains', () => {
    const reset = rateLimitReset(403, headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1772370000' }), 'API rate limit exceeded', NOW);
    expect(reset?.toISOString()).toBe(new Date(1772370000 * 1000).toISOString());
  });

  it('prefer retry-after (secondary limits), in seconds or as an HTTP date', () => {
    expect(rateLimitReset(429, headers({ 'retry-after': '30' }), '', NOW)?.toISOString()).toBe('2026-03-01T12:00:30.000Z');
    expect(rateLimitReset(403, headers({ 'retry-after': 'Sun, 01 Mar 2026 12:05:00 GMT' }), '', NOW)?.toISOString()).toBe('2026-03-01T12:05:00.000Z');
  });

  it('wait a minute for a limit GitHub names without headers', () => {
    expect(rateLimitReset(403, headers({}), 'You have exceeded a secondary rate limit', NOW)?.toISOString()).toBe('2026-03-01T12:01:00.000Z');
    expect(rateLimitReset(429, headers({}), '', NOW)?.toISOString()).toBe('2026-03-01T12:01:00.000Z');
  });

  it('leave other refusals alone: a 403 for missing permissions is no rate limit', () => {
    expect(
      rateLimitReset(403, headers({ 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1772370000' }), 'Resource not accessible by integration', NOW),
    ).toBeNull();
    expect(rateLimitReset(500, headers({ 'retry-after': '5' }), '', NOW)).toBeNull();
  });
});

describe('REST pagination', () => {
  it('follows rel="next" below the API root and nowhere else', () => {
    const link =
      '<https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=5>; rel="last"';
    expect(nextPage(link, 'https://api.github.com')).toBe('/repositories/1/issues/7/comments?per_page=100&page=2');
    expect(nextPage(link.replace(/page=2/, 'page=3').replace('rel="next"', 'rel="prev"'), 'https://api.github.com')).toBeNull();
    expect(nextPage('<https://ghe.example.com/api/v3/users/a/keys?page=2>; rel="next"', 'https://ghe.example.com/api/v3')).toBe('/users/a/keys?page=2');
    // The token travels with the next request: another host or a path outside the API is refused.
    expect(nextPage('<https://evil.example.com/users/a/keys?page=2>; rel="next"', 'https://api.github.com')).toBeNull();
    expect(nextPage('<https://ghe.example.com/other/users?page=2>; rel="next"', 'https://ghe.example.com/api/v3')).toBeNull();
    expect(nextPage('<https://ghe.example.com/api/v3x/users?page=2>; rel="next"', 'https://ghe.example.com/api/v3')).toBeNull();
    expect(nextPage(null, 'https://api.github.com')).toBeNull();
  });
});
