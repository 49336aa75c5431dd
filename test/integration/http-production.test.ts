import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';
import { gqlClient } from '../helpers/graphql.ts';

// NODE_ENV=production changes who may introspect and who may read /metrics (SPEC.md §14, §18).
const METRICS_TOKEN = randomBytes(24).toString('base64url');
let signedIn: SignedInApp;

beforeAll(async () => {
  signedIn = await startSignedInApp({
    env: {
      NODE_ENV: 'production',
      SECRET_KEY: randomBytes(32).toString('base64'),
      SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      METRICS_TOKEN,
    },
  });
});

afterAll(async () => {
  await signedIn?.close();
});

describe('in production', () => {
  it('answers introspection to a signed-in user only', async () => {
    const anonymous = gqlClient(signedIn.app.url);
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Instance") { name } }', 'query { a: __schema { types { name } } }']) {
      const res = await anonymous.request(query);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('UNAUTHENTICATED');
      expect(res.data ?? null).toBeNull();
    }
    // __typename is not introspection: the login form's union needs it.
    const login = await anonymous.request('mutation { login(username: "admin", password: "Wrong-pass1") { __typename } }');
    expect(login.data.login.__typename).toBe('AuthenticationError');
    const signedInRes = await signedIn.api.request('{ __schema { queryType { name } } }');
    expect(signedInRes.data.__schema.queryType.name).toBe('Query');
    await anonymous.close();
  });

  it('serves /metrics with the bearer METRICS_TOKEN only', async () => {
    const url = `${signedIn.app.url}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});
