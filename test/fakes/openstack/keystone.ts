import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FakeOpenStack } from './index.ts';
import { REGIONS, type Reply } from './types.ts';

// Keystone v3: password tokens scoped to a project, and a catalog pointing at the fake for both regions.

export function authorized(fake: FakeOpenStack, req: IncomingMessage): boolean {
  const token = req.headers['x-auth-token'];
  const expires = typeof token === 'string' ? fake.tokens.get(token) : undefined;
  return expires !== undefined && expires > Date.now();
}

export function identity(fake: FakeOpenStack, method: string, path: string, body: any): Reply {
  if (method !== 'POST' || path !== '/v3/auth/tokens')
    return { status: 404, json: { error: { code: 404, title: 'Not Found', message: 'The resource could not be found.' } } };
  const pw = body?.auth?.identity?.password?.user;
  const project = body?.auth?.scope?.project;
  const unauthorized: Reply = {
    status: 401,
    json: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
  };
  if (!pw || pw.name !== fake.options.username || pw.password !== fake.options.password || pw.domain?.name !== 'Default') return unauthorized;
  if (project?.name !== fake.options.project || project?.domain?.name !== 'Default') return unauthorized;
  const token = `gAAAA${randomUUID().replace(/-/g, '')}`;
  const expiresAt = Date.now() + fake.options.tokenTtlMs;
  fake.tokens.set(token, expiresAt);
  fake.tokensIssued++;
  const endpoints = (type: string, path: string) =>
    ['r1', 'r2'].flatMap((r) => [
      {
        id: randomUUID(),
        interface: 'public',
        region_id: REGIONS[r as 'r1' | 'r2'],
        region: REGIONS[r as 'r1' | 'r2'],
        url: `${fake.url}/${r}/${type}${path}`,
      },
      // Internal and admin endpoints point nowhere reachable: a client must pick the public one.
      {
        id: randomUUID(),
        interface: 'internal',
        region_id: REGIONS[r as 'r1' | 'r2'],
        region: REGIONS[r as 'r1' | 'r2'],
        url: `http://192.0.2.1:8774/${r}/${type}${path}`,
      },
      {
        id: randomUUID(),
        interface: 'admin',
        region_id: REGIONS[r as 'r1' | 'r2'],
        region: REGIONS[r as 'r1' | 'r2'],
        url: `http://192.0.2.1:8775/${r}/${type}${path}`,
      },
    ]);
  return {
    status: 201,
    headers: { 'X-Subject-Token': token },
    json: {
      token: {
        methods: ['password'],
        expires_at: new Date(expiresAt).toISOString(),
        issued_at: new Date().toISOString(),
        user: { id: 'u1', name: pw.name, domain: { id: 'default', name: 'Default' } },
        project: { id: 'p1', name: project.name, domain: { id: 'default', name: 'Default' } },
        catalog: [
          { type: 'identity', name: 'keystone', endpoints: endpoints('identity', '/v3') },
          { type: 'compute', name: 'nova', endpoints: endpoints('compute', '/v2.1') },
          { type: 'network', name: 'neutron', endpoints: endpoints('network', '') },
          { type: 'image', name: 'glance', endpoints: endpoints('image', '') },
        ],
      },
    },
  };
}
