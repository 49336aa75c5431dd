import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DnsError, GandiLiveDns, type GandiLiveDnsOptions } from '../../server/src/integrations/dns/index.ts';
import { KeyedQueue } from '../../server/src/integrations/dns/gandi/retry.ts';
import { FakeGandi, type FakeGandiRequest } from '../fakes/gandi/index.ts';

// The real client against a fake speaking LiveDNS v5 over HTTP; waits between tries are recorded
// instead of slept, and the clock is moved by hand for the domain cache.
const TOKEN = 'pat_0123456789abcdef-secret-token';
const LEGACY_KEY = 'legacy-key-9f8e7d6c5b4a';
const gandi = new FakeGandi({ domains: ['example.com', 'sub.example.com', 'other.org'], tokens: [TOKEN], apiKeys: [LEGACY_KEY] });

beforeAll(() => gandi.start());
afterAll(() => gandi.stop());
afterEach(() => {
  gandi.clearFaults();
  gandi.requests.length = 0;
});

function client(options: Partial<GandiLiveDnsOptions> = {}) {
  const waits: number[] = [];
  let clock = 1_000_000;
  const dns = new GandiLiveDns({
    apiKey: TOKEN,
    apiUrl: gandi.url,
    delay: async (ms) => void waits.push(ms),
    now: () => clock,
    ...options,
  });
  return { dns, waits, advance: (ms: number) => (clock += ms) };
}

async function failure(promise: Promise<unknown>): Promise<DnsError> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(DnsError);
  return outcome as DnsError;
}

const puts = () => gandi.requestsOf('PUT');
const overlap = (a: FakeGandiRequest, b: FakeGandiRequest) => a.receivedAt < b.answeredAt! && b.receivedAt < a.answeredAt!;

describe('Gandi LiveDNS records', () => {
  it('creates a CNAME, then changes it in place without ever deleting it', async () => {
    const { dns } = client();
    await dns.upsertCname('lms.site1.example.com', 'lb1.example.net', 1200);
    expect(gandi.record('example.com', 'lms.site1')).toEqual({ ttl: 1200, values: ['lb1.example.net.'] });

    await dns.upsertCname('LMS.site1.example.com.', 'lb2.example.net.', 1800);
    expect(gandi.record('example.com', 'lms.site1')).toEqual({ ttl: 1800, values: ['lb2.example.net.'] });
    expect(puts().map((r) => [r.path, r.body])).toEqual([
      ['/domains/example.com/records/lms.site1/CNAME', { rrset_values: ['lb1.example.net.'], rrset_ttl: 1200 }],
      ['/domains/example.com/records/lms.site1/CNAME', { rrset_values: ['lb2.example.net.'], rrset_ttl: 1800 }],
    ]);
    expect(gandi.requestsOf('DELETE')).toEqual([]);
    expect(gandi.requests.every((r) => r.scheme === 'Bearer')).toBe(true);
  });

  it('deletes a CNAME, and a second delete of the absent record succeeds', async () => {
    const { dns } = client();
    await dns.upsertCname('studio.site2.example.com', 'lb1.example.net', 1200);
    await dns.deleteCname('studio.site2.example.com');
    expect(gandi.record('example.com', 'studio.site2')).toBeUndefined();
    await dns.deleteCname('studio.site2.example.com');
    expect(gandi.requestsOf('DELETE').map((r) => r.status)).toEqual([204, 404]);
  });

  it('counts a record someone else removed first as deleted', async () => {
    const { dns, waits } = client();
    await dns.upsertCname('preview.site3.example.com', 'lb1.example.net', 1200);
    gandi.notFoundOnDeleteNext(1);
    await dns.deleteCname('preview.site3.example.com');
    expect(gandi.requestsOf('DELETE').map((r) => r.status)).toEqual([404]);
    expect(waits).toEqual([]);
  });

  it('picks the zone by the longest suffix among the account domains', async () => {
    const { dns } = client();
    expect(await dns.zoneFor('lms.a.sub.example.com')).toBe('sub.example.com');
    expect(await dns.zoneFor('lms.a.example.com')).toBe('example.com');
    expect(await dns.zoneFor('lms.notsub.example.com')).toBe('example.com');
    expect(await dns.zoneFor('lms.example.net')).toBeNull();

    await dns.upsertCname('lms.a.sub.example.com', 'lb.example.net', 1200);
    await dns.upsertCname('lms.b.example.com', 'lb.example.net', 1200);
    expect(puts().map((r) => r.path)).toEqual(['/domains/sub.example.com/records/lms.a/CNAME', '/domains/example.com/records/lms.b/CNAME']);
    expect(gandi.record('sub.example.com', 'lms.a')?.values).toEqual(['lb.example.net.']);
  });

  it('refuses a name outside the account and a CNAME at a zone apex without writing', async () => {
    const { dns } = client();
    const outside = await failure(dns.upsertCname('lms.site.example.net', 'lb.example.net', 1200));
    expect(outside.kind).toBe('not-found-zone');
    expect(outside.message).toContain('lms.site.example.net');

    const apex = await failure(dns.upsertCname('sub.example.com', 'lb.example.net', 1200));
    expect(apex.kind).toBe('bad-request');
    expect(apex.message).toMatch(/apex/);
    expect(await failure(dns.deleteCname('example.com'))).toMatchObject({ kind: 'bad-request' });
    expect(puts()).toEqual([]);
    expect(gandi.requestsOf('DELETE')).toEqual([]);
  });

  it('lists the account domains once for many calls, again after ten minutes or on a miss', async () => {
    const { dns, advance } = client();
    const listings = () => gandi.requests.filter((r) => r.method === 'GET' && r.path === '/domains').length;
    await Promise.all([dns.zoneFor('a.example.com'), dns.zoneFor('b.example.com')]);
    await dns.upsertCname('c.example.com', 'lb.example.net', 1200);
    await dns.deleteCname('c.example.com');
    expect(listings()).toBe(1);

    advance(9 * 60_000);
    await dns.zoneFor('d.example.com');
    expect(listings()).toBe(1);
    advance(2 * 60_000);
    await dns.zoneFor('d.example.com');
    expect(listings()).toBe(2);

    gandi.addDomain('new-customer.io');
    try {
      await dns.upsertCname('lms.new-customer.io', 'lb.example.net', 1200);
      expect(listings()).toBe(3);
      expect(gandi.record('new-customer.io', 'lms')?.values).toEqual(['lb.example.net.']);
    } finally {
      gandi.domains.delete('new-customer.io');
    }
  });

  it('reads every page of a long domain list', async () => {
    const extra = Array.from({ length: 130 }, (_, i) => `zone${String(i).padStart(3, '0')}.test`);
    for (const d of extra) gandi.addDomain(d);
    try {
      const { dns } = client();
      expect(await dns.zoneFor('lms.site.zone129.test')).toBe('zone129.test');
      expect(gandi.requests.filter((r) => r.path === '/domains').map((r) => r.query)).toEqual(['?per_page=100&page=1', '?per_page=100&page=2']);
    } finally {
      for (const d of extra) gandi.domains.delete(d);
    }
  });
});

describe('Gandi record lookups', () => {
  it('finds a record of any type at a name or its wildcard, and none elsewhere', async () => {
    const { dns } = client();
    gandi.domains.get('example.com')!.set('taken/A', { ttl: 300, values: ['192.0.2.1'] });
    gandi.domains.get('example.com')!.set('*.wild/CNAME', { ttl: 300, values: ['lb.example.net.'] });
    try {
      expect(await dns.hasRecords(['free.example.com', 'taken.example.com'])).toBe(true);
      expect(await dns.hasRecords(['wild.example.com', '*.wild.example.com'])).toBe(true);
      expect(await dns.hasRecords(['free.example.com', '*.free.example.com', 'taken.elsewhere.net'])).toBe(false);
      expect(gandi.requestsOf('GET', '/domains/example.com/records/').map((r) => r.path)).toContain('/domains/example.com/records/*.wild');
    } finally {
      gandi.domains.get('example.com')!.delete('taken/A');
      gandi.domains.get('example.com')!.delete('*.wild/CNAME');
    }
  });

  it('reports a provider that keeps failing as a transient DnsError', async () => {
    const { dns } = client();
    await dns.zoneFor('warm.example.com');
    gandi.failNext(10, 503, { methods: ['GET'] });
    expect(await failure(dns.hasRecords(['x.example.com']))).toMatchObject({ kind: 'server', transient: true });
  });
});

describe('Gandi authentication', () => {
  it('sends a legacy key with the Apikey scheme', async () => {
    const { dns } = client({ apiKey: LEGACY_KEY, authScheme: 'Apikey' });
    await dns.upsertCname('lms.legacy.example.com', 'lb.example.net', 1200);
    expect(gandi.record('example.com', 'lms.legacy')?.values).toEqual(['lb.example.net.']);
    expect(gandi.requests.map((r) => r.scheme)).toEqual(['Apikey', 'Apikey']);
  });

  it('reports a refused key as an auth error after one request', async () => {
    const { dns, waits } = client({ apiKey: LEGACY_KEY, authScheme: 'Bearer' });
    const error = await failure(dns.upsertCname('lms.x.example.com', 'lb.example.net', 1200));
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toContain('GET /domains');
    expect(gandi.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe('Gandi retries', () => {
  it('retries a 5xx with a doubling backoff from one second, then succeeds', async () => {
    const { dns, waits } = client();
    await dns.zoneFor('warm.example.com');
    gandi.failNext(2, 503);
    await dns.upsertCname('lms.retry.example.com', 'lb.example.net', 1200);
    expect(puts().map((r) => r.status)).toEqual([503, 503, 201]);
    expect(waits).toEqual([1000, 2000]);
    expect(gandi.record('example.com', 'lms.retry')?.values).toEqual(['lb.example.net.']);
  });

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    const { dns, waits } = client();
    await dns.zoneFor('warm.example.com');
    gandi.rateLimitNext(1, 7);
    await dns.deleteCname('lms.gone.example.com');
    expect(gandi.requestsOf('DELETE').map((r) => r.status)).toEqual([429, 404]);
    expect(waits).toEqual([7000]);
  });

  it('gives up after four attempts with a typed error', async () => {
    const { dns, waits } = client();
    await dns.zoneFor('warm.example.com');
    gandi.failNext(10, 502, { methods: ['PUT'] });
    const error = await failure(dns.upsertCname('lms.down.example.com', 'lb.example.net', 1200));
    expect(error).toMatchObject({ kind: 'server', status: 502, transient: true });
    expect(error.message).toContain('PUT /domains/example.com/records/lms.down/CNAME');
    expect(error.message).toContain('gave up after 4 attempts');
    expect(puts()).toHaveLength(4);
    expect(waits).toEqual([1000, 2000, 4000]);

    const rateLimited = client();
    await rateLimited.dns.zoneFor('warm.example.com');
    gandi.rateLimitNext(4, 2);
    expect(await failure(rateLimited.dns.deleteCname('lms.down.example.com'))).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(rateLimited.waits).toEqual([2000, 2000, 4000]);
  });

  it('does not retry a 400 or a 401', async () => {
    const { dns, waits } = client();
    await dns.zoneFor('warm.example.com');
    const invalid = await failure(dns.upsertCname('lms.ttl.example.com', 'lb.example.net', 60));
    expect(invalid).toMatchObject({ kind: 'bad-request', status: 400, transient: false });
    expect(invalid.message).toContain('rrset_ttl');

    gandi.rejectKeys();
    expect(await failure(dns.deleteCname('lms.ttl.example.com'))).toMatchObject({ kind: 'auth', status: 401 });
    expect(puts()).toHaveLength(1);
    expect(gandi.requestsOf('DELETE')).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries when nothing answers, then reports a server error without a status', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { dns, waits } = client({ apiUrl: `http://127.0.0.1:${port}/v5/livedns` });
    const error = await failure(dns.zoneFor('lms.example.com'));
    expect(error).toMatchObject({ kind: 'server', status: null });
    expect(error.message).toContain('ECONNREFUSED');
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('times out a write that never gets an answer and tries again', async () => {
    const { dns, waits } = client({ timeoutMs: 100 });
    await dns.zoneFor('warm.example.com');
    gandi.writeLatencyMs = 2000;
    const error = await failure(dns.upsertCname('lms.slow.example.com', 'lb.example.net', 1200));
    expect(error).toMatchObject({ kind: 'server', status: null });
    expect(error.message).toContain('no answer within 100 ms');
    expect(puts()).toHaveLength(4);
    expect(waits).toHaveLength(3);
  });

  it('a failed write does not hold up the next one in its zone', async () => {
    const { dns } = client();
    await dns.zoneFor('warm.example.com');
    gandi.failNext(4, 500);
    await failure(dns.upsertCname('lms.first.example.com', 'lb.example.net', 1200));
    await dns.upsertCname('lms.second.example.com', 'lb.example.net', 1200);
    expect(gandi.record('example.com', 'lms.second')).toBeDefined();
  });
});

describe('Gandi write serialization', () => {
  it('never sends two writes to one zone at once', async () => {
    const { dns } = client();
    await dns.zoneFor('warm.example.com');
    gandi.writeLatencyMs = 80;
    await Promise.all([
      dns.upsertCname('lms.s1.example.com', 'lb.example.net', 1200),
      dns.upsertCname('studio.s1.example.com', 'lb.example.net', 1200),
      dns.deleteCname('preview.s1.example.com'),
    ]);
    const writes = [...puts(), ...gandi.requestsOf('DELETE')].sort((a, b) => a.receivedAt - b.receivedAt);
    expect(writes).toHaveLength(3);
    for (let i = 1; i < writes.length; i++) expect(writes[i].receivedAt).toBeGreaterThanOrEqual(writes[i - 1].answeredAt!);
  });

  it('writes to two zones at the same time', async () => {
    const { dns } = client();
    await dns.zoneFor('warm.example.com');
    gandi.writeLatencyMs = 200;
    await Promise.all([dns.upsertCname('lms.p.example.com', 'lb.example.net', 1200), dns.upsertCname('lms.p.sub.example.com', 'lb.example.net', 1200)]);
    const [a, b] = puts();
    expect(new Set([a.path, b.path]).size).toBe(2);
    expect(overlap(a, b)).toBe(true);
  });

  it('runs each write inside the serialize hook, keyed by zone, so two processes take turns', async () => {
    // Two clients stand for two worker processes; the shared queue stands for an advisory lock.
    const lock = new KeyedQueue();
    const locked: string[] = [];
    const serialize = <T>(zone: string, write: () => Promise<T>) => lock.run(zone, () => (locked.push(zone), write()));
    const one = client({ serialize });
    const two = client({ serialize });
    await Promise.all([one.dns.zoneFor('warm.example.com'), two.dns.zoneFor('warm.example.com')]);
    gandi.writeLatencyMs = 80;
    await Promise.all([one.dns.upsertCname('lms.h.example.com', 'lb.example.net', 1200), two.dns.upsertCname('studio.h.example.com', 'lb.example.net', 1200)]);
    expect(locked).toEqual(['example.com', 'example.com']);
    const [a, b] = puts();
    expect(overlap(a, b)).toBe(false);
  });
});

describe('Gandi errors and logs', () => {
  it('never shows the key, even when Gandi echoes it', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => (written.push(String(chunk)), true));
    try {
      const errors: DnsError[] = [];
      const { dns } = client();
      await dns.zoneFor('warm.example.com');
      gandi.failNext(4, 500, { message: `internal error while checking Bearer ${TOKEN}` });
      errors.push(await failure(dns.upsertCname('lms.k.example.com', 'lb.example.net', 1200)));
      errors.push(await failure(dns.upsertCname('lms.k.example.com', 'lb.example.net', 5)));
      gandi.rejectKeys();
      errors.push(await failure(dns.deleteCname('lms.k.example.com')));
      errors.push(await failure(client({ apiUrl: 'http://127.0.0.1:1/v5/livedns' }).dns.zoneFor('lms.example.com')));

      expect(errors.map((e) => e.kind)).toEqual(['server', 'bad-request', 'auth', 'server']);
      expect(errors[0].message).toContain('[redacted]');
      for (const e of errors) {
        for (const text of [e.message, String(e), e.stack ?? '', JSON.stringify(e), e.detail]) expect(text).not.toContain(TOKEN);
      }
      expect(written.join('')).toContain('Gandi LiveDNS call failed, retrying');
      expect(written.join('')).not.toContain(TOKEN);
    } finally {
      spy.mockRestore();
    }
  });
});
