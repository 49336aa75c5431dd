import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, get as httpsGet, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl } from '../../server/src/integrations/monitoring/index.ts';

const OPENSSL = '/usr/bin/openssl';
const haveOpenssl = existsSync(OPENSSL);
if (!haveOpenssl) {
  if (process.env.CI === 'true') throw new Error(`the TLS availability test needs ${OPENSSL} (apt-get install openssl)`);
  console.warn(`SKIPPING the TLS availability test: ${OPENSSL} is missing (apt-get install openssl)`);
}

let plain: Server;
let plainUrl: string;

beforeAll(async () => {
  plain = createServer((req, res) => {
    if (req.url === '/down') res.writeHead(503).end('maintenance');
    else if (req.url === '/moved') res.writeHead(301, { Location: 'http://elsewhere.invalid/' }).end();
    else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 2000).unref();
    else res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
});

afterAll(async () => {
  plain.closeAllConnections();
  await new Promise<void>((resolve) => plain.close(() => resolve()));
});

describe('builtin availability check of a URL', () => {
  it('finds a page answering 200 up', async () => {
    expect(await checkUrl(`${plainUrl}/`)).toMatchObject({ ok: true, status: 200 });
  });

  it('finds a page answering 503 down, with the status', async () => {
    const result = await checkUrl(`${plainUrl}/down`);
    expect(result).toMatchObject({ ok: false, status: 503 });
    expect(result.error).toBeUndefined();
  });

  it('counts a redirect as up without following it', async () => {
    expect(await checkUrl(`${plainUrl}/moved`)).toMatchObject({ ok: true, status: 301 });
  });

  it('finds a page slower than the timeout down', async () => {
    const result = await checkUrl(`${plainUrl}/slow`, { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, error: 'no answer within 0.3 s' });
    expect(result.durationMs).toBeLessThan(1500);
  });

  it('finds a host that does not resolve down', async () => {
    expect(await checkUrl('http://nowhere.availability.invalid/', { timeoutMs: 5000 })).toMatchObject({ ok: false });
  });

  it('finds a URL that is not one down, saying so', async () => {
    expect(await checkUrl('not a url')).toMatchObject({ ok: false, error: 'not a valid URL' });
  });
});

describe.skipIf(!haveOpenssl)('builtin availability check over TLS', () => {
  let dir: string;
  let tls: HttpsServer;
  let tlsUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'im-availability-tls-'));
    execFileSync(
      OPENSSL,
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    tls = createHttpsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) =>
      res.writeHead(200).end('ok'),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    tls?.closeAllConnections();
    await new Promise<void>((resolve) => (tls ? tls.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a site with a self-signed certificate down: TLS is verified', async () => {
    // The server itself is healthy: without verification it answers 200.
    const unverified = await new Promise<number>((resolve, reject) =>
      httpsGet(tlsUrl, { rejectUnauthorized: false, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject),
    );
    expect(unverified).toBe(200);

    const result = await checkUrl(tlsUrl, { timeoutMs: 5000 });
    expect(result.ok).toBe(false);
    expect(result.status).toBeUndefined();
    expect(result.error).toMatch(/^TLS: .*self[- ]signed/i);
  });
});
