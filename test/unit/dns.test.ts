import { describe, expect, it } from 'vitest';
import { backoffMs, KeyedQueue, retryAfterMs } from '../../server/src/integrations/dns/gandi/retry.ts';
import {
  cnameTarget,
  DnsError,
  dnsProvider,
  GandiLiveDns,
  longestSuffixZone,
  noDns,
  normalizeDomain,
  recordNameIn,
} from '../../server/src/integrations/dns/index.ts';

describe('DNS names', () => {
  it('compares names in lower case without the final dot', () => {
    expect(normalizeDomain(' LMS.Example.COM. ')).toBe('lms.example.com');
  });

  it('gives the CNAME target as an absolute name with one final dot', () => {
    expect(cnameTarget('LB1.Example.net')).toBe('lb1.example.net.');
    expect(cnameTarget('lb1.example.net..')).toBe('lb1.example.net.');
    expect(() => cnameTarget(' . ')).toThrow(/empty/);
  });

  it('picks the longest zone that holds the name, never a mere string suffix', () => {
    const zones = ['example.com', 'sub.example.com', 'ample.com'];
    expect(longestSuffixZone('lms.x.sub.example.com', zones)).toBe('sub.example.com');
    expect(longestSuffixZone('sub.example.com.', zones)).toBe('sub.example.com');
    expect(longestSuffixZone('lms.notsub.example.com', zones)).toBe('example.com');
    expect(longestSuffixZone('lms.xample.com', zones)).toBeNull();
    expect(longestSuffixZone('lms.example.org', zones)).toBeNull();
  });

  it('names a record relative to its zone, @ for the apex', () => {
    expect(recordNameIn('Studio.Site.Example.com', 'example.com')).toBe('studio.site');
    expect(recordNameIn('example.com.', 'example.com')).toBe('@');
    expect(() => recordNameIn('lms.example.org', 'example.com')).toThrow(/not inside/);
  });
});

describe('Gandi retry policy', () => {
  it('doubles the backoff from its base', () => {
    expect([1, 2, 3].map((retry) => backoffMs(retry, 1000))).toEqual([1000, 2000, 4000]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('12', now)).toBe(12_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('runs one key at a time, keys side by side, and survives a failure', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run('a', () => new Promise<void>((resolve) => (releaseFirst = resolve)).then(() => void events.push('a1 done')));
    const failing = queue.run('a', async () => {
      events.push('a2 start');
      throw new Error('boom');
    });
    const third = queue.run('a', async () => void events.push('a3 start'));
    await queue.run('b', async () => void events.push('b1'));
    expect(events).toEqual(['b1']);
    releaseFirst();
    await first;
    await expect(failing).rejects.toThrow('boom');
    await third;
    expect(events).toEqual(['b1', 'a1 done', 'a2 start', 'a3 start']);
    expect(queue.busyKeys).toEqual([]);
  });
});

describe('DNS providers', () => {
  it('the none provider accepts everything and holds no zone', async () => {
    const dns = noDns();
    await dns.upsertCname('lms.example.com', 'lb.example.net', 1200);
    await dns.deleteCname('lms.example.com');
    expect(await dns.zoneFor('lms.example.com')).toBeNull();
    expect(dnsProvider({ provider: 'none' }).name).toBe('none');
  });

  it('builds Gandi from its settings and refuses a missing key or an unknown scheme', () => {
    expect(dnsProvider({ provider: 'gandi', gandi: { apiKey: 'k' } })).toBeInstanceOf(GandiLiveDns);
    expect(() => new GandiLiveDns({ apiKey: '' })).toThrow(/GANDI_API_KEY/);
    expect(() => new GandiLiveDns({ apiKey: 'k', authScheme: 'Token' as never })).toThrow(/Bearer or Apikey/);
  });

  it('tells transient DNS errors from the ones settings must fix', () => {
    expect(new DnsError('server', 503, 'down').transient).toBe(true);
    expect(new DnsError('rate-limited', 429, 'slow down').transient).toBe(true);
    expect(new DnsError('auth', 401, 'no').transient).toBe(false);
    expect(new DnsError('bad-request', 400, 'bad', 'PUT /domains/x/records/y/CNAME').message).toBe('PUT /domains/x/records/y/CNAME: 400 bad');
  });

  it('refuses a bad TTL or an empty target before asking Gandi', async () => {
    const dns = new GandiLiveDns({ apiKey: 'k', apiUrl: 'http://127.0.0.1:1', fetch: () => Promise.reject(new Error('must not be called')) });
    await expect(dns.upsertCname('lms.example.com', 'lb.example.net', 0)).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(dns.upsertCname('lms.example.com', '.', 1200)).rejects.toMatchObject({ kind: 'bad-request' });
  });
});
