import { beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { rawId } from '../helpers/graphql.ts';
import { signedInSuite } from '../helpers/suite.ts';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { MAX_ALIASES, MAX_SUBSCRIPTIONS_PER_USER } from '../../server/src/schema/limits.ts';

const { app, api, db } = signedInSuite();
let instanceId: string;

async function count(table: string): Promise<number> {
  return (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request fetch() cannot send: any Host header, a chunked body written piece by piece. */
function raw(opts: { method?: string; path: string; headers?: Record<string, string>; chunks?: Buffer[] }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: app.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    // The server may answer and close while the body is still being written: that is the point.
    req.on('error', (e) => reject(e));
    (async () => {
      for (const chunk of opts.chunks ?? []) {
        if (req.destroyed) return;
        if (!req.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              req.off('drain', done).off('close', done);
              resolve();
            };
            req.on('drain', done).on('close', done);
          });
        }
      }
      if (!req.destroyed) req.end();
    })();
  });
}

async function signInCookie(): Promise<string> {
  const login = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { login(username: "admin", password: "Correct-horse1") { __typename } }' }),
  });
  return (login.headers.get('set-cookie') ?? '').split(';')[0];
}

const CREATE = `mutation($input: CreateInstanceInput!) { createInstance(input: $input) { __typename ... on MutationCreateInstanceSuccess { data { id } } ... on Error { message } } }`;

beforeAll(async () => {
  const res = await api.request(CREATE, { input: { name: 'Hardening', subDomain: 'hardening' } });
  instanceId = res.data.createInstance.data.id;
  await db.query(`INSERT INTO log_entry (level, text, "instanceId") SELECT 'INFO', 'line ' || g, $1 FROM generate_series(1, 3) g`, [rawId(instanceId)]);
});

describe('the complexity budget and the alias cap', () => {
  it('refuses 1,000 aliased instances with nested app servers at once, over HTTP and WebSocket', async () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `i${i}: instances { edges { node { appServers { edges { node { id status } } } } } }`).join(' ')} }`;
    const started = Date.now();
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.createToken('admin')}` },
      body: JSON.stringify({ query }),
    });
    const text = await res.text();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(text.length).toBeLessThan(2_000);
    expect(JSON.parse(text).errors[0]).toMatchObject({
      message: `The operation uses 1000 aliases; at most ${MAX_ALIASES} are allowed.`,
      extensions: { code: 'TOO_MANY_ALIASES' },
    });
    const ws = await api.wsRequest(query);
    expect(ws.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
  });

  it('refuses 200 aliased spawnAppServer mutations and spawns nothing, over HTTP and WebSocket', async () => {
    const mutation = `mutation($id: ID!) { ${Array.from({ length: 200 }, (_, i) => `s${i}: spawnAppServer(instanceId: $id) { __typename }`).join(' ')} }`;
    const before = await count('deployment');
    expect((await api.request(mutation, { id: instanceId })).errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
    expect((await api.wsRequest(mutation, { id: instanceId })).errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
    // Within the alias cap, mutations still cost: 25 of them exceed the budget.
    const fewer = `mutation($id: ID!) { ${Array.from({ length: 25 }, (_, i) => `s${i}: spawnAppServer(instanceId: $id) { __typename }`).join(' ')} }`;
    expect((await api.request(fewer, { id: instanceId })).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(await count('deployment')).toBe(before);
  });

  it('refuses nested pages whose product exceeds the budget, even without aliases', async () => {
    const query = `{ instances(first: 100) { edges { node { appServers(first: 100) { edges { node { deployment { appServers { id } } } } } } } } }`;
    const res = await api.request(query);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors?.[0]?.message).toMatch(/budget is 20,000/);
    const many = `query($t: ID!) { ${Array.from({ length: 30 }, (_, i) => `l${i}: logEntries(target: $t, limit: 10000) { id }`).join(' ')} }`;
    expect((await api.request(many, { t: instanceId })).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect((await api.wsRequest(many, { t: instanceId })).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it("still answers the console's own queries", async () => {
    const res = await api.request(
      `query($first: Int) { instances(first: $first) { edges { node { id name urls { lms } activeAppServers { id } newestAppServer { id status } } } } }`,
      { first: 100 },
    );
    expect(res.errors).toBeUndefined();
    const one = await api.request(`query($id: ID!) { instance(id: $id) { id appServers(last: 100) { edges { node { id number status } } } } }`, {
      id: instanceId,
    });
    expect(one.errors).toBeUndefined();
  });

  it('bounds logEntries.limit to 1..LOG_LIMIT with a BAD_USER_INPUT error', async () => {
    for (const limit of [0, -1, 10_001]) {
      const res = await api.request(`query($t: ID!, $l: Int) { logEntries(target: $t, limit: $l) { id } }`, { t: instanceId, l: limit });
      expect(res.errors?.[0]).toMatchObject({ message: 'limit must be between 1 and 10000 (LOG_LIMIT).', extensions: { code: 'BAD_USER_INPUT' } });
    }
    const ok = await api.request(`query($t: ID!) { logEntries(target: $t, limit: 10000) { text } }`, { t: instanceId });
    expect(ok.data.logEntries.map((l: { text: string }) => l.text)).toEqual(['line 1', 'line 2', 'line 3']);
    expect((await api.request(`query($t: ID!) { logEntries(target: $t, limit: 2) { text } }`, { t: instanceId })).data.logEntries).toHaveLength(2);
  });
});

describe('subscriptions over HTTP (server-sent events)', () => {
  async function sse(target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 15_000);
    try {
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify({ query: 'subscription($t: ID!) { logLines(target: $t) { id text } }', variables: { t: target } }),
        signal: controller.signal,
      });
      return { status: res.status, body: await res.text() };
    } finally {
      clearTimeout(timer);
    }
  }

  it('refuses an anonymous stream before subscribing: one error, closed, the same for known and unknown ids', async () => {
    const known = await sse(instanceId);
    const unknown = await sse(Buffer.from('Instance:00000000-0000-4000-8000-000000000000').toString('base64'));
    expect(known.body).toContain('UNAUTHENTICATED');
    expect(known.body.match(/UNAUTHENTICATED/g)).toHaveLength(1);
    expect(known.body).not.toContain('line 1');
    expect(unknown).toEqual(known);
  });

  it('still streams stored lines to a signed-in client', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 15_000);
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await app.createToken('admin')}` },
      body: JSON.stringify({ query: 'subscription($t: ID!) { logLines(target: $t) { id text } }', variables: { t: instanceId } }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('line 3')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    clearTimeout(timer);
    controller.abort();
    expect(text).toContain('line 1');
    expect(text).toContain('line 3');
  });
});

describe('open subscriptions per user', () => {
  it(`refuses a user's subscription beyond ${MAX_SUBSCRIPTIONS_PER_USER} open ones, over either transport, until one closes`, async () => {
    await app.createSuperuser('streamer', 'Correct-horse1');
    const token = await app.createToken('streamer');
    const ws = createClient({
      url: app.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { token },
      lazy: true,
      retryAttempts: 0,
    });
    const query = 'subscription($t: ID!) { logLines(target: $t) { id } }';
    try {
      const stops = await Promise.all(
        Array.from(
          { length: MAX_SUBSCRIPTIONS_PER_USER },
          () =>
            new Promise<() => void>((resolve, reject) => {
              const stop = ws.subscribe({ query, variables: { t: instanceId } }, { next: () => resolve(stop), error: reject, complete: () => {} });
            }),
        ),
      );
      const sse = () =>
        fetch(`${app.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables: { t: instanceId } }),
        }).then((r) => r.json());
      expect((await sse()).errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
      const refusedOnSocket = await new Promise<unknown>((resolve) => {
        ws.subscribe({ query, variables: { t: instanceId } }, { next: (m) => resolve(m), error: (e) => resolve({ errors: e }), complete: () => {} });
      });
      expect(JSON.stringify(refusedOnSocket)).toContain('TOO_MANY_SUBSCRIPTIONS');
      // Another user is not affected.
      const other = await api.wsRequest('{ viewer { username } }');
      expect(other.data.viewer.username).toBe('admin');
      stops[0]();
      const deadline = Date.now() + 10_000;
      let accepted = false;
      while (!accepted && Date.now() < deadline) {
        accepted = await new Promise<boolean>((resolve) => {
          const stop = ws.subscribe(
            { query, variables: { t: instanceId } },
            {
              next: (m) => {
                stop();
                resolve(!(m as { errors?: unknown }).errors);
              },
              error: () => resolve(false),
              complete: () => {},
            },
          );
        });
      }
      expect(accepted).toBe(true);
    } finally {
      await ws.dispose();
    }
  });
});

describe('sign-in throttling', () => {
  it('checks at most 10 of 30 parallel wrong passwords for one user and address', async () => {
    await app.createSuperuser('parallel', 'Correct-horse1');
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api.request(`mutation($p: String!) { login(username: "parallel", password: $p) { __typename ... on Error { message } } }`, { p: `Wrong-pass${i}` }),
      ),
    );
    const messages = attempts.map((a) => a.data?.login?.message ?? JSON.stringify(a.errors));
    expect(messages.filter((m) => m === 'Invalid username or password.')).toHaveLength(10);
    expect(messages.filter((m) => m === 'Too many failed sign-ins: try again in 15 minutes.')).toHaveLength(20);
    expect((await db.query(`SELECT count(*)::int AS n FROM login_failure WHERE login = 'parallel'`)).rows[0].n).toBe(10);
  });

  it('refuses a login longer than any username or email without recording it', async () => {
    const before = await count('login_failure');
    const res = await api.request(`mutation($u: String!) { login(username: $u, password: "Wrong-pass1") { __typename ... on Error { message } } }`, {
      u: 'a'.repeat(60_000),
    });
    expect(res.data.login).toEqual({ __typename: 'AuthenticationError', message: 'Invalid username or password.' });
    expect(await count('login_failure')).toBe(before);
  });
});

describe('requests signed in by the console cookie', () => {
  it('refuses form-encoded and multipart bodies, creating nothing', async () => {
    const cookie = await signInCookie();
    const before = await count('instance');
    const query = 'mutation { createInstance(input: {name: "csrf", subDomain: "csrf-form"}) { __typename } }';
    const form = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query }).toString(),
    });
    expect(form.status).toBe(415);
    const data = new FormData();
    data.set('operations', JSON.stringify({ query }));
    data.set('map', '{}');
    const multipart = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { cookie }, body: data });
    expect(multipart.status).toBe(415);
    const plain = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: JSON.stringify({ query }) });
    expect(plain.status).toBe(415);
    const login = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'mutation { login(username: "admin", password: "Correct-horse1") { __typename } }' }).toString(),
    });
    expect(login.status).toBe(415);
    expect(login.headers.get('set-cookie')).toBeNull();
    expect(await count('instance')).toBe(before);
  });

  it('needs an allowed Origin or an X-Requested-With header with JSON, and refuses operations by GET', async () => {
    const cookie = await signInCookie();
    const before = await count('instance');
    const send = (headers: Record<string, string>, subDomain: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: CREATE, variables: { input: { name: subDomain, subDomain } } }),
      });
    expect((await send({}, 'csrf-none')).status).toBe(403);
    expect((await send({ origin: 'https://evil.example' }, 'csrf-evil')).status).toBe(403);
    expect((await send({ origin: 'null' }, 'csrf-null')).status).toBe(403);
    expect(await count('instance')).toBe(before);
    const fromConsole = await send({ origin: app.url }, 'csrf-console');
    expect((await fromConsole.json()).data.createInstance.__typename).toBe('MutationCreateInstanceSuccess');
    const withHeader = await send({ 'x-requested-with': 'script' }, 'csrf-header');
    expect((await withHeader.json()).data.createInstance.__typename).toBe('MutationCreateInstanceSuccess');
    const get = await fetch(`${app.url}/graphql?query=${encodeURIComponent('{ viewer { username } }')}`, { headers: { cookie } });
    expect(get.status).toBe(405);
    // GraphiQL's page itself is still a GET.
    const page = await fetch(`${app.url}/graphql`, { headers: { cookie, accept: 'text/html' } });
    expect(await page.text()).toMatch(/graphiql/i);
  });

  it('leaves bearer-token clients alone', async () => {
    const token = await app.createToken('admin');
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { username } }' }),
    });
    expect((await res.json()).data.viewer.username).toBe('admin');
  });
});

describe('malformed requests', () => {
  it('answers 400, without a stack trace, to a Host without a host name and to broken percent-encoding', async () => {
    for (const host of [`:${app.port}`, 'a b', 'x@y']) {
      const res = await raw({ path: '/graphql', headers: { host } });
      expect(res.status).toBe(400);
      expect(res.body).not.toMatch(/at |\/src\//);
    }
    for (const path of ['/%', '/%E0%A4%A', '/instances/%zz']) {
      const res = await raw({ path, headers: { host: `localhost:${app.port}` } });
      expect(res.status).toBe(400);
    }
    const cookie = await raw({
      method: 'POST',
      path: '/graphql',
      headers: { host: `localhost:${app.port}`, cookie: 'im_session=%', 'content-type': 'application/json', origin: app.url },
      chunks: [Buffer.from(JSON.stringify({ query: '{ viewer { username } }' }))],
    });
    expect(cookie.status).toBe(200);
    expect(JSON.parse(cookie.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('reads at most 1 MB of a chunked body without Content-Length and executes nothing', async () => {
    const before = await count('instance');
    const token = await app.createToken('admin');
    const body = Buffer.from(
      JSON.stringify({ query: CREATE, variables: { input: { name: 'chunked', subDomain: 'chunked' }, pad: 'x'.repeat(2 * 1024 * 1024) } }),
    );
    const chunks = Array.from({ length: Math.ceil(body.length / 65_536) }, (_, i) => body.subarray(i * 65_536, (i + 1) * 65_536));
    const res = await raw({
      method: 'POST',
      path: '/graphql',
      headers: { host: `localhost:${app.port}`, 'content-type': 'application/json', authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' },
      chunks,
    }).catch((e: Error) => ({ status: 0, headers: {}, body: e.message }));
    // Either the 413 arrives, or the server closed the connection on the oversized body.
    if (res.status === 0) expect(res.body).toMatch(/ECONNRESET|EPIPE|socket hang up/);
    else expect(res.status).toBe(413);
    expect(await count('instance')).toBe(before);
  });

  it('refuses a page size given as a variable the same way as a literal', async () => {
    const literal = await api.request(`{ instances(first: 500) { edges { node { id } } } }`);
    const variable = await api.request(`query($n: Int) { instances(first: $n) { edges { node { id } } } }`, { n: 500 });
    const last = await api.request(`query($id: ID!, $n: Int) { instance(id: $id) { appServers(last: $n) { edges { node { id } } } } }`, {
      id: instanceId,
      n: 101,
    });
    expect(literal.errors?.[0]).toMatchObject({ message: 'Pages hold at most 100 items.', extensions: { code: 'BAD_USER_INPUT' } });
    expect(variable.errors).toEqual(literal.errors);
    expect(last.errors?.[0]?.message).toBe('Pages hold at most 100 items.');
    const negative = await api.request(`query($n: Int) { instances(first: $n) { edges { node { id } } } }`, { n: -1 });
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const args of ['first: 1, last: 1', 'after: "garbage"', 'before: "Y3Vyc29yOg=="', 'first: 0']) {
      const res = await api.request(`{ instances(${args}) { edges { node { id } } } }`);
      for (const e of res.errors ?? []) {
        expect(e.message, args).not.toBe('Unexpected error.');
        expect(e.extensions?.code, args).toBeTruthy();
      }
    }
  });

  it('limits nested introspection but answers the standard introspection query', async () => {
    const nested = await api.request(`{ __type(name: "Instance") { fields { type { fields { type { fields { type { name } } } } } } } }`);
    expect(nested.errors?.[0]?.message).toMatch(/introspection|deep/i);
    const ofTypes = `{ __schema { types { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} } } }`;
    expect((await api.request(ofTypes)).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    const standard = await api.request(
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }),
    );
    expect(standard.errors).toBeUndefined();
    expect(standard.data.__schema.types.length).toBeGreaterThan(10);
  });

  it('refuses a query nested thousands of levels deep with an error, not a crash', async () => {
    const query = `{ ${'instances { edges { node { '.repeat(6000)} id ${'} } } '.repeat(6000)} }`;
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.createToken('admin')}` },
      body: JSON.stringify({ query }),
    });
    expect(res.status).toBeLessThan(500);
    const body = await res.json();
    expect(body.errors[0].message).not.toBe('Unexpected error.');
  });
});

describe('outside production', () => {
  it('keeps /metrics and anonymous introspection open', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(200);
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect((await res.json()).data.__schema.queryType.name).toBe('Query');
  });
});

describe('bad values in log queries', () => {
  const userId = () => api.request('{ viewer { id } }').then((r) => r.data.viewer.id as string);

  it('answers bad afterId and targets with a coded error and a human message', async () => {
    const targets = [
      '',
      'x',
      'not base64 at all',
      Buffer.from('Instance:not-a-uuid').toString('base64'),
      Buffer.from('Deployment:00000000-0000-4000-8000-000000000000').toString('base64'),
      await userId(),
    ];
    const afterIds = ['', 'abc', '-1', '1.5', '99999999999999999999', '9223372036854775808', ' 1'];
    for (const query of [
      `query($t: ID!, $a: String) { logEntries(target: $t, afterId: $a) { id } }`,
      `subscription($t: ID!, $a: String) { logLines(target: $t, afterId: $a) { id } }`,
    ]) {
      const send = query.startsWith('subscription') ? api.wsRequest : api.request;
      for (const t of targets) {
        const res = await send(query, { t, a: null });
        expect(res.errors?.[0]?.extensions?.code, `target ${JSON.stringify(t)}`).toMatch(/^(BAD_USER_INPUT|NOT_FOUND)$/);
        expect(res.errors?.[0]?.message).not.toBe('Unexpected error.');
      }
      for (const a of afterIds) {
        const res = await send(query, { t: instanceId, a });
        expect(res.errors?.[0], `afterId ${JSON.stringify(a)}`).toMatchObject({
          message: 'afterId must be a log entry id (a decimal number).',
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
    }
  });

  it('refuses NUL and lone surrogates in any text, before anything is stored', async () => {
    const before = await count('instance');
    for (const name of ['nul\u0000name', 'lone\ud800surrogate', 'trailing\udc00']) {
      const res = await api.request(CREATE, { input: { name, subDomain: 'textcheck' } });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/NUL character or an unpaired surrogate/);
    }
    const literal = await api.request(`mutation { createInstance(input: {name: "a\\u0000b", subDomain: "textcheck"}) { __typename } }`);
    expect(literal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const search = await api.request(`query($s: String) { instances(filter: {search: $s}) { edges { node { id } } } }`, { s: 'x\u0000' });
    expect(search.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const login = await api.request(`mutation($u: String!) { login(username: $u, password: "Whatever-1") { __typename } }`, { u: 'ad\u0000min' });
    expect(login.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count('instance')).toBe(before);
  });
});
