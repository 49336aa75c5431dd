import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localLoadBalancer, type Route } from '../../server/src/integrations/lb/local/index.ts';

// The load balancer asks its lookup where a host name goes and reads no table itself: here the
// lookup is a map, the backends are two small HTTP servers.
const servers: http.Server[] = [];
const routes = new Map<string, Route>();
const asked: string[] = [];
let front = '';

async function listen(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  const backends = [];
  for (const name of ['one', 'two'])
    backends.push({ host: '127.0.0.1', port: await listen((req, res) => res.end(`${name} ${req.headers['x-forwarded-host']}`)) });
  routes.set('site.localhost', { instanceName: 'Site', backends });
  routes.set('new.localhost', { instanceName: 'New <site>', backends: [] });
  const lb = localLoadBalancer(async (hostname) => {
    asked.push(hostname);
    return routes.get(hostname) ?? null;
  });
  const port = await listen((req, res) => void lb.serve(String(req.headers.host).replace(/:\d+$/, ''), req, res));
  front = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
});

function get(host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(front, { headers: { host } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('the local load balancer', () => {
  it('sends an instance domain to its active app servers in turn, with the original host forwarded', async () => {
    const answers = [await get('site.localhost:5000'), await get('site.localhost:5000'), await get('site.localhost:5000')];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body)).toEqual(['one site.localhost:5000', 'two site.localhost:5000', 'one site.localhost:5000']);
    expect(asked).toContain('site.localhost');
  });

  it('shows the preliminary page, escaped, while an instance has no active app server', async () => {
    const page = await get('new.localhost');
    expect(page.status).toBe(503);
    expect(page.body).toContain('<h1>New &#60;site&#62;</h1>');
  });

  it('answers 404 for a domain no instance has', async () => {
    const page = await get('nobody.localhost');
    expect(page.status).toBe(404);
    expect(page.body).toBe('No instance is served at nobody.localhost.');
  });
});
