import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runSmokeChecks, type SmokeCheckTarget } from '../../server/src/integrations/monitoring/index.ts';

// The domains do not resolve: every answer below proves the checks went to the address with the Host header.
const domains = { lms: 'lms.smoke.invalid', studio: 'studio-lms.smoke.invalid', preview: 'preview-lms.smoke.invalid' };
const basicAuth = { username: 'edx', password: 'S3cret-pass-word' };
const expectedAuthorization = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}`;

/** What each Host answers, per path; 'hang' never answers. */
let answers: Record<string, Record<string, number | 'hang'>>;
let requireAuth = false;
let seen: { host?: string; path?: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let port: number;

function healthyAnswers(): typeof answers {
  return {
    [domains.lms]: { '/heartbeat?extended': 200, '/': 302 },
    [domains.studio]: { '/': 200 },
    [domains.preview]: { '/': 200 },
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ host: req.headers.host, path: req.url, headers: req.headers });
    if (requireAuth && req.headers.authorization !== expectedAuthorization) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="app server"' }).end('auth required');
      return;
    }
    const answer = answers[req.headers.host ?? '']?.[req.url ?? ''] ?? 404;
    if (answer === 'hang') return;
    res.writeHead(answer, answer === 302 ? { Location: '/login' } : {}).end(`answer ${answer}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  answers = healthyAnswers();
  requireAuth = false;
  seen = [];
});

const target = (extra: Partial<SmokeCheckTarget> = {}): SmokeCheckTarget => ({ address: '127.0.0.1', httpPort: port, domains, timeoutMs: 3000, ...extra });

describe('activation smoke checks', () => {
  it('pass when every page answers below 400, a redirect counting as up', async () => {
    const report = await runSmokeChecks(target());
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status, c.ok])).toEqual([
      ['lms-heartbeat', 200, true],
      ['lms', 302, true],
      ['studio', 200, true],
      ['preview', 200, true],
    ]);
    expect(report.checks.map((c) => c.url)).toEqual([
      'http://lms.smoke.invalid/heartbeat?extended',
      'http://lms.smoke.invalid/',
      'http://studio-lms.smoke.invalid/',
      'http://preview-lms.smoke.invalid/',
    ]);
    // Redirects are not followed: the LMS was asked once for "/", never for "/login".
    expect(seen.filter((r) => r.path === '/login')).toEqual([]);
    expect(report.summary).toBe('All 4 smoke checks passed');
  });

  it('ask each page of the app server with its own domain as Host', async () => {
    await runSmokeChecks(target());
    expect(seen.map((r) => `${r.host} ${r.path}`).sort()).toEqual(
      [`${domains.lms} /heartbeat?extended`, `${domains.lms} /`, `${domains.studio} /`, `${domains.preview} /`].sort(),
    );
  });

  it('fail when Studio answers 500, and say so', async () => {
    answers[domains.studio]!['/'] = 500;
    const report = await runSmokeChecks(target());
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'studio')).toMatchObject({ ok: false, status: 500 });
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['studio']);
    expect(report.summary).toBe('Smoke checks failed: Studio answered 500');
  });

  it('fail when the extended heartbeat reports a broken service', async () => {
    answers[domains.lms]!['/heartbeat?extended'] = 503;
    const report = await runSmokeChecks(target());
    expect(report.ok).toBe(false);
    expect(report.summary).toBe('Smoke checks failed: LMS heartbeat answered 503');
  });

  it('send the instance’s basic-auth pair and never show the password', async () => {
    requireAuth = true;
    const without = await runSmokeChecks(target());
    expect(without.ok).toBe(false);
    expect(without.checks.every((c) => c.status === 401)).toBe(true);

    seen = [];
    answers[domains.preview]!['/'] = 500;
    const report = await runSmokeChecks(target({ basicAuth }));
    expect(seen).toHaveLength(4);
    expect(seen.every((r) => r.headers.authorization === expectedAuthorization)).toBe(true);
    expect(report.checks.filter((c) => c.ok).map((c) => c.name)).toEqual(['lms-heartbeat', 'lms', 'studio']);
    const output = JSON.stringify(report);
    expect(output).not.toContain(basicAuth.password);
    expect(output).not.toContain(expectedAuthorization.slice('Basic '.length));
    expect(report.summary).toBe('Smoke checks failed: Preview answered 500');
  });

  it('give up on a page that does not answer in time, without waiting for the others', async () => {
    answers[domains.preview]!['/'] = 'hang';
    answers[domains.lms]!['/'] = 'hang';
    const started = Date.now();
    const report = await runSmokeChecks(target({ timeoutMs: 1000 }));
    const elapsed = Date.now() - started;
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'preview')).toMatchObject({ ok: false, error: 'no answer within 1 s' });
    expect(report.checks.find((c) => c.name === 'preview')!.status).toBeUndefined();
    expect(report.summary).toBe('Smoke checks failed: LMS: no answer within 1 s; Preview: no answer within 1 s');
    // Concurrent: two timeouts cost one timeout, not two.
    expect(elapsed).toBeLessThan(1900);
  });

  it('report an app server that refuses connections', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const report = await runSmokeChecks(target({ httpPort: deadPort }));
    expect(report.ok).toBe(false);
    expect(report.checks.every((c) => c.error === 'connection refused')).toBe(true);
    expect(report.summary).toContain('Studio: connection refused');
  });
});
