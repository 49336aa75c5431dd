import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { startTestApp, type TestApp } from '../helpers/app.ts';

// Node's fetch decompresses on its own and hides Content-Encoding; node:http shows the wire.
import http from 'node:http';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ env: { PROCESS_ROLES: 'web' } });
  await app.createSuperuser('admin', 'Correct-horse1');
  token = await app.createToken('admin');
});

afterAll(async () => {
  await app?.stop();
});

function send(path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${path}`, { method: body ? 'POST' : 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const decode = (encoding: string | undefined, body: Buffer) => (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body);

describe('HTTP compression', () => {
  const bigQuery = JSON.stringify({ query: '{ __schema { types { name description fields { name description } } } }' });
  const api = (encoding?: string) =>
    send('/graphql', { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(encoding ? { 'accept-encoding': encoding } : {}) }, bigQuery);

  it('compresses API answers with brotli or gzip when asked, and the JSON is the same', async () => {
    const plain = await api();
    expect(plain.headers['content-encoding']).toBeUndefined();
    const identity = JSON.parse(plain.body.toString('utf8'));
    expect(identity.data.__schema.types.length).toBeGreaterThan(10);
    for (const [asked, expected] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
    ] as const) {
      const res = await api(asked);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(expected);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.body.length).toBeLessThan(plain.body.length / 3);
      expect(JSON.parse(decode(expected, res.body).toString('utf8'))).toEqual(identity);
    }
  });

  it('leaves small answers and unaccepted encodings alone', async () => {
    const small = await send(
      '/graphql',
      { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, br' },
      JSON.stringify({ query: '{ __typename }' }),
    );
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ data: { __typename: 'Query' } });
    const refused = await api('identity, gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it.skipIf(!existsSync(new URL('../../client/build/index.html', import.meta.url)))('serves the console’s files compressed when asked', async () => {
    const plain = await send('/', {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const script = /src="([^"]+\.js)"|import\("([^"]+\.js)"\)|href="([^"]+\.js)"/.exec(plain.body.toString('utf8'));
    expect(script).not.toBeNull();
    for (const encoding of ['br', 'gzip']) {
      const page = await send('/', { 'accept-encoding': encoding });
      expect(page.headers['content-encoding']).toBe(encoding);
      expect(decode(encoding, page.body).equals(plain.body)).toBe(true);
    }
    const path = (script![1] ?? script![2] ?? script![3])!.replace(/^\.?\/?/, '/');
    const js = await send(path, {});
    const jsBr = await send(path, { 'accept-encoding': 'br' });
    expect(jsBr.headers['content-encoding']).toBe('br');
    expect(jsBr.body.length).toBeLessThan(js.body.length);
    expect(brotliDecompressSync(jsBr.body).equals(js.body)).toBe(true);
  });
});
