/**
 * Accounts (SPEC §2, §3): API tokens (shown once, stored hashed, expiry, last use, revocation),
 * deactivation stopping tokens and sessions at once, sign-out (over HTTP and graphql-ws),
 * password change ending the other sessions, and the audit rows of each, without secrets.
 */
import { createHash } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { gqlClient } from '../helpers/graphql.ts';
import { signedInSuite } from '../helpers/suite.ts';

const { app, api, db } = signedInSuite();

const PASSWORD = 'Member-pass1';

async function createMember(username: string, perms: Record<string, unknown> = {}) {
  const res = await api.request(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on MutationCreateUserSuccess { data { id role } } ... on Error { message } } }`,
    { input: { username, email: `${username}@example.com`, password: PASSWORD, ...perms } },
  );
  expect(res.data.createUser.__typename, JSON.stringify(res)).toBe('MutationCreateUserSuccess');
  return res.data.createUser.data as { id: string; role: string };
}

/** Signs in over HTTP and returns the session cookie. */
async function signIn(username: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename } }`,
      variables: { u: username, p: password },
    }),
  });
  const body = (await res.json()) as any;
  expect(body.data.login.__typename).toBe('MutationLoginSuccess');
  const cookie = res.headers.get('set-cookie')!;
  return cookie.split(';')[0]!;
}

async function asCookie(cookie: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-requested-with': 'test' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

async function viewerCode(client: { request: (q: string) => Promise<any> }): Promise<string> {
  const res = await client.request(`{ viewer { username } }`);
  return res.errors ? res.errors[0].extensions.code : 'OK';
}

describe('API tokens', () => {
  it('are shown once, stored hashed, record their last use, expire and can be revoked', async () => {
    await createMember('tokens');
    const member = gqlClient(app.url, await signInToken('tokens'));
    const created = await member.request(
      `mutation { createApiToken(name: "laptop") { __typename ... on MutationCreateApiTokenSuccess { data { token apiToken { id name lastUsedAt } } } } }`,
    );
    const { token, apiToken } = created.data.createApiToken.data;
    expect(token).toMatch(/^im_[A-Za-z0-9_-]{43}$/);
    expect(apiToken.lastUsedAt).toBeNull();
    const stored = await db.query(`SELECT "tokenHash" FROM api_token WHERE name = 'laptop'`);
    expect(stored.rows[0].tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    const withIt = gqlClient(app.url, token);
    expect(await viewerCode(withIt)).toBe('OK');
    const listed = await withIt.request(`{ apiTokens(first: 10) { edges { node { id name lastUsedAt isExpired } } } }`);
    const row = listed.data.apiTokens.edges.find((e: any) => e.node.id === apiToken.id).node;
    expect(row.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token);

    // Another user cannot revoke it: it reads as not found.
    const other = gqlClient(app.url, await signInToken('admin', 'Correct-horse1'));
    const foreign = await other.request(`mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`, { id: apiToken.id });
    expect(foreign.data.revokeApiToken.__typename).toBe('NotFoundError');
    expect(await viewerCode(withIt)).toBe('OK');

    const revoked = await member.request(`mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`, { id: apiToken.id });
    expect(revoked.data.revokeApiToken.__typename).toBe('MutationRevokeApiTokenSuccess');
    expect(await viewerCode(withIt)).toBe('UNAUTHENTICATED');

    const past = await member.request(
      `mutation { createApiToken(name: "old", expiresAt: "2020-01-01T00:00:00Z") { __typename ... on ValidationError { field } } }`,
    );
    expect(past.data.createApiToken).toEqual({ __typename: 'ValidationError', field: 'expiresAt' });
    const soon = await member.request(
      `mutation($at: DateTime!) { createApiToken(name: "soon", expiresAt: $at) { ... on MutationCreateApiTokenSuccess { data { token } } } }`,
      { at: new Date(Date.now() + 3_600_000).toISOString() },
    );
    const expiring = gqlClient(app.url, soon.data.createApiToken.data.token);
    expect(await viewerCode(expiring)).toBe('OK');
    await db.query(`UPDATE api_token SET "expiresAt" = now() - interval '1 second' WHERE name = 'soon'`);
    expect(await viewerCode(expiring)).toBe('UNAUTHENTICATED');
  });
});

/** A token for a user, made through the API as that user would (sign in, then createApiToken). */
async function signInToken(username: string, password = PASSWORD): Promise<string> {
  const cookie = await signIn(username, password);
  const res = await asCookie(cookie, `mutation { createApiToken(name: "session-made") { ... on MutationCreateApiTokenSuccess { data { token } } } }`);
  return res.data.createApiToken.data.token;
}

describe('deactivation', () => {
  it('stops the user’s tokens and sessions at once', async () => {
    const { id } = await createMember('leaver');
    const cookie = await signIn('leaver');
    const token = await signInToken('leaver');
    expect((await asCookie(cookie, `{ viewer { username } }`)).data.viewer.username).toBe('leaver');
    const res = await api.request(
      `mutation($id: ID!) { updateUser(id: $id, patch: {isActive: false}) { __typename ... on MutationUpdateUserSuccess { data { isActive role } } } }`,
      { id },
    );
    expect(res.data.updateUser.data).toEqual({ isActive: false, role: 'ANONYMOUS' });
    expect((await asCookie(cookie, `{ viewer { username } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await viewerCode(gqlClient(app.url, token))).toBe('UNAUTHENTICATED');
    expect((await db.query(`SELECT count(*)::int AS n FROM session s JOIN "user" u ON u.id = s."userId" WHERE u.username = 'leaver'`)).rows[0].n).toBe(0);
  });
});

describe('sessions', () => {
  it('a password change ends every other session of the user, and keeps this one', async () => {
    await createMember('changer');
    const first = await signIn('changer');
    const second = await signIn('changer');
    const wrong = await asCookie(
      first,
      `mutation { changePassword(currentPassword: "Wrong-pass1", newPassword: "Changed-pass2") { __typename ... on ValidationError { field } } }`,
    );
    expect(wrong.data.changePassword).toEqual({ __typename: 'ValidationError', field: 'currentPassword' });
    const ok = await asCookie(first, `mutation { changePassword(currentPassword: "${PASSWORD}", newPassword: "Changed-pass2") { __typename } }`);
    expect(ok.data.changePassword.__typename).toBe('MutationChangePasswordSuccess');
    expect((await asCookie(first, `{ viewer { username } }`)).data.viewer.username).toBe('changer');
    expect((await asCookie(second, `{ viewer { username } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await signIn('changer', 'Changed-pass2');
  });

  it('sign-out over graphql-ws deletes the console session', async () => {
    await createMember('wsuser');
    const cookie = await signIn('wsuser');
    const count = async () =>
      (await db.query(`SELECT count(*)::int AS n FROM session s JOIN "user" u ON u.id = s."userId" WHERE u.username = 'wsuser'`)).rows[0].n as number;
    expect(await count()).toBe(1);
    class CookieSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    const client = createClient({ url: app.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: CookieSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<any>((resolve, reject) => {
        client.subscribe({ query: `mutation { logout }` }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result.data.logout).toBe(true);
    } finally {
      await client.dispose();
    }
    expect(await count()).toBe(0);
    expect((await asCookie(cookie, `{ viewer { username } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('deactivation reaches open sockets: the next operation is refused and a live stream sends nothing more', async () => {
    const { id } = await createMember('streamer', { isStaff: true });
    const token = await signInToken('streamer');
    const created = await api.request(
      `mutation { createInstance(input: {name: "Streamed", subDomain: "streamed"}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    );
    const instanceId = created.data.createInstance.data.id;
    const client = createClient({ url: app.url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { token }, retryAttempts: 0 });
    try {
      const events: string[] = [];
      const ended = new Promise<void>((resolve, reject) => {
        client.subscribe(
          { query: `subscription($id: ID) { instanceEvents(instanceId: $id) { kind } }`, variables: { id: instanceId } },
          { next: (m: any) => events.push(m.data?.instanceEvents?.kind ?? JSON.stringify(m.errors)), error: reject, complete: resolve },
        );
      });
      const once = () =>
        new Promise<any>((resolve, reject) => client.subscribe({ query: `{ viewer { username } }` }, { next: resolve, error: reject, complete: () => {} }));
      expect((await once()).data.viewer.username).toBe('streamer');
      await api.request(`mutation($id: ID!) { updateInstance(id: $id, patch: {name: "Seen"}) { __typename } }`, { id: instanceId });
      await expect.poll(() => events.length, { timeout: 10_000 }).toBeGreaterThan(0);
      await api.request(`mutation($id: ID!) { updateUser(id: $id, patch: {isActive: false}) { __typename } }`, { id });
      const refused = await once().catch((errors) => ({ errors }));
      expect(refused.errors?.[0]?.extensions?.code ?? JSON.stringify(refused)).toBe('UNAUTHENTICATED');
      const seen = events.length;
      await api.request(`mutation($id: ID!) { updateInstance(id: $id, patch: {name: "Unseen"}) { __typename } }`, { id: instanceId });
      await new Promise((r) => setTimeout(r, 1500));
      expect(events.length).toBe(seen);
      void ended.catch(() => {});
    } finally {
      await client.dispose();
    }
  });
});

describe('open subscriptions', () => {
  /** A staff member's instanceEvents stream over graphql-ws, opened with `connect`; `events` fills as changes arrive. */
  async function stream(name: string, connect: { token?: string; cookie?: string }) {
    const created = await api.request(
      `mutation($n: String!, $s: String!) { createInstance(input: {name: $n, subDomain: $s}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
      { n: name, s: name },
    );
    const instanceId = created.data.createInstance.data.id;
    const cookie = connect.cookie;
    class CookieSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, cookie ? { headers: { cookie } } : {});
      }
    }
    const client = createClient({
      url: app.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: CookieSocket,
      connectionParams: connect.token ? { token: connect.token } : undefined,
      retryAttempts: 0,
    });
    const events: string[] = [];
    client.subscribe(
      { query: `subscription($id: ID) { instanceEvents(instanceId: $id) { kind } }`, variables: { id: instanceId } },
      { next: (m: any) => events.push(m.data?.instanceEvents?.kind ?? JSON.stringify(m.errors)), error: () => {}, complete: () => {} },
    );
    let n = 0;
    const change = () => api.request(`mutation($id: ID!) { updateInstance(id: $id, patch: {name: "${name} ${++n}"}) { __typename } }`, { id: instanceId });
    // The stream is live once a change arrives (the subscription starts listening asynchronously).
    await expect.poll(async () => (await change(), events.length), { timeout: 10_000, interval: 300 }).toBeGreaterThan(0);
    // The poll may have sent more changes than it waited for: let their events arrive before the test counts.
    for (let settled = -1; settled !== events.length;) {
      settled = events.length;
      await new Promise((r) => setTimeout(r, 700));
    }
    return {
      events,
      change,
      close: () => client.dispose(),
    };
  }

  async function expectSilentAfter(s: Awaited<ReturnType<typeof stream>>) {
    const seen = s.events.length;
    await s.change();
    await s.change();
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.events.length).toBe(seen);
  }

  it('revoking the token a stream was opened with stops it at its next event', async () => {
    await createMember('revoked-streamer', { isStaff: true });
    const token = await signInToken('revoked-streamer');
    const member = gqlClient(app.url, token);
    const s = await stream('revoked-stream', { token });
    try {
      const mine = await member.request(`{ apiTokens(first: 10) { edges { node { id name } } } }`);
      const id = mine.data.apiTokens.edges.find((e: any) => e.node.name === 'session-made').node.id;
      const revoked = await member.request(`mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`, { id });
      expect(revoked.data.revokeApiToken.__typename).toBe('MutationRevokeApiTokenSuccess');
      await expectSilentAfter(s);
    } finally {
      await s.close();
      await member.close();
    }
  });

  it('ending the console session a stream was opened with (signing out over HTTP) stops it at its next event', async () => {
    await createMember('session-streamer', { isStaff: true });
    const cookie = await signIn('session-streamer');
    const s = await stream('session-stream', { cookie });
    try {
      expect((await asCookie(cookie, `mutation { logout }`)).data.logout).toBe(true);
      await expectSilentAfter(s);
    } finally {
      await s.close();
    }
  });

  it('a stream whose token stays valid keeps flowing (the check is not a blanket stop)', async () => {
    await createMember('kept-streamer', { isStaff: true });
    const s = await stream('kept-stream', { token: await signInToken('kept-streamer') });
    try {
      const seen = s.events.length;
      await s.change();
      await expect.poll(() => s.events.length, { timeout: 10_000 }).toBeGreaterThan(seen);
    } finally {
      await s.close();
    }
  });
});

describe('instances by organization', () => {
  it('instances(filter: {organizationId}) narrows what one may see to that organization, and never widens it', async () => {
    const org = async (name: string) =>
      (
        await api.request(`mutation($n: String!) { createOrganization(input: {name: $n}) { ... on MutationCreateOrganizationSuccess { data { id } } } }`, {
          n: name,
        })
      ).data.createOrganization.data.id as string;
    const [north, south] = [await org('North'), await org('South')];
    const create = async (sub: string, owner: string) =>
      (
        await api.request(
          `mutation($s: String!, $o: ID) { createInstance(input: {name: $s, subDomain: $s, ownerOrganizationId: $o}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
          { s: sub, o: owner },
        )
      ).data.createInstance.data.id as string;
    const [n1, n2, s1] = [await create('north-one', north), await create('north-two', north), await create('south-one', south)];
    const ids = async (client: { request: (q: string, v?: any) => Promise<any> }, organizationId: string) => {
      const res = await client.request(`query($o: ID) { instances(first: 100, filter: {organizationId: $o}) { edges { node { id } } } }`, {
        o: organizationId,
      });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return (res.data.instances.edges as { node: { id: string } }[]).map((e) => e.node.id).sort();
    };
    expect(await ids(api, north)).toEqual([n1, n2].sort());
    expect(await ids(api, south)).toEqual([s1]);

    await createMember('org-viewer', { isStaff: true });
    const staff = gqlClient(app.url, await signInToken('org-viewer'));
    await createMember('org-manager', { organizationId: north, canManageOwnInstances: true });
    const manager = gqlClient(app.url, await signInToken('org-manager'));
    try {
      expect(await ids(staff, south)).toEqual([s1]);
      expect(await ids(manager, north)).toEqual([n1, n2].sort());
      // A manager sees its own organization only, whatever it asks for.
      expect(await ids(manager, south)).toEqual([]);
      // Another type's id names no organization.
      expect(await ids(api, n1)).toEqual([]);
    } finally {
      await staff.close();
      await manager.close();
    }
  });
});

describe('audit log', () => {
  it('records sign-in, token and administrative changes without secrets, and filters by actor and instance', async () => {
    const { id } = await createMember('audited');
    const token = await signInToken('audited');
    const member = gqlClient(app.url, token);
    const created = await member.request(
      `mutation { createApiToken(name: "audit-me") { ... on MutationCreateApiTokenSuccess { data { token apiToken { id } } } } }`,
    );
    await member.request(`mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }`, { id: created.data.createApiToken.data.apiToken.id });
    await api.request(`mutation($id: ID!) { updateUser(id: $id, patch: {password: "Reset-pass99"}) { __typename } }`, { id });
    const inst = await api.request(
      `mutation { createInstance(input: {name: "Audited", subDomain: "audited"}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    );
    const instanceId = inst.data.createInstance.data.id;
    await api.request(`mutation($id: ID!) { setInstanceNotes(id: $id, notes: "hello") { __typename } }`, { id: instanceId });
    const spawned = await api.request(
      `mutation($id: ID!) { spawnAppServer(instanceId: $id) { ... on MutationSpawnAppServerSuccess { data { appServers { id } } } } }`,
      {
        id: instanceId,
      },
    );
    // Named by its app server's id: still found by the instance filter.
    await api.request(`mutation($id: ID!) { terminateAppServer(id: $id) { __typename } }`, { id: spawned.data.spawnAppServer.data.appServers[0].id });

    const rows = (
      await db.query(`SELECT a.action, a.interface, a.input::text AS input, a.result, u.username FROM audit_event a LEFT JOIN "user" u ON u.id = a."actorId"`)
    ).rows;
    const actions = (username: string) => rows.filter((r) => r.username === username).map((r) => r.action);
    expect(actions('audited')).toEqual(expect.arrayContaining(['signIn', 'createApiToken', 'revokeApiToken']));
    expect(actions('admin')).toEqual(expect.arrayContaining(['createUser', 'updateUser', 'createInstance', 'setInstanceNotes']));
    const everything = JSON.stringify(rows);
    for (const secret of [PASSWORD, 'Reset-pass99', token, created.data.createApiToken.data.token]) expect(everything).not.toContain(secret);

    const byActor = await api.request(
      `query($a: ID!) { auditEvents(first: 50, filter: {actorId: $a}) { edges { node { action interface actor { username } } } } }`,
      { a: id },
    );
    const seen = byActor.data.auditEvents.edges.map((e: any) => e.node);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((n: any) => n.actor.username))).toEqual(new Set(['audited']));
    const byInstance = await api.request(`query($i: ID!) { auditEvents(first: 50, filter: {instanceId: $i}) { edges { node { action } } } }`, {
      i: instanceId,
    });
    expect(byInstance.data.auditEvents.edges.map((e: any) => e.node.action).sort()).toEqual([
      'createInstance',
      'setInstanceNotes',
      'spawnAppServer',
      'terminateAppServer',
    ]);
    const future = await api.request(`{ auditEvents(first: 5, filter: {since: "2999-01-01T00:00:00Z"}) { edges { node { id } } } }`);
    expect(future.data.auditEvents.edges).toEqual([]);
    // Not staff: refused.
    expect((await member.request(`{ auditEvents(first: 1) { edges { node { id } } } }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records refused operations and administrative changes as failures with the refusal code, never the input, and filters by result', async () => {
    const { id } = await createMember('refused');
    const member = gqlClient(app.url, await signInToken('refused'));
    const inst = await api.request(
      `mutation { createInstance(input: {name: "Refusals", subDomain: "refusals"}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    );
    const instanceId = inst.data.createInstance.data.id;
    try {
      // A role check (administration) and an invisible instance (a §5 operation).
      expect((await member.request(`mutation { createOrganization(input: {name: "Nope"}) { __typename } }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const hidden = await member.request(`mutation($id: ID!) { archiveInstance(id: $id) { __typename } }`, { id: instanceId });
      expect(hidden.data.archiveInstance.__typename).toBe('NotFoundError');
      // The superuser's own refused changes: a weak password (never stored), a malformed subdomain.
      const weak = await api.request(`mutation($id: ID!) { updateUser(id: $id, patch: {password: "weaksecretpassword"}) { __typename } }`, { id });
      expect(weak.data.updateUser.__typename).toBe('ValidationError');
      const bad = await api.request(`mutation { createInstance(input: {name: "Bad", subDomain: "ab"}) { __typename } }`);
      expect(bad.data.createInstance.__typename).toBe('ValidationError');
    } finally {
      await member.close();
    }

    const failures = (
      await db.query(
        `SELECT a.action, a.target, a.input, a.result, u.username FROM audit_event a JOIN "user" u ON u.id = a."actorId" WHERE a.result = 'failure' ORDER BY a."createdAt"`,
      )
    ).rows;
    const rawInstanceId = (await db.query(`SELECT id FROM instance WHERE "subDomain" = 'refusals'`)).rows[0].id;
    const rawUserId = (await db.query(`SELECT id FROM "user" WHERE username = 'refused'`)).rows[0].id;
    expect(failures).toEqual(
      expect.arrayContaining([
        { action: 'createOrganization', target: null, input: { code: 'FORBIDDEN' }, result: 'failure', username: 'refused' },
        { action: 'archiveInstance', target: rawInstanceId, input: { code: 'NotFoundError' }, result: 'failure', username: 'refused' },
        { action: 'updateUser', target: rawUserId, input: { code: 'ValidationError', field: 'password' }, result: 'failure', username: 'admin' },
        { action: 'createInstance', target: null, input: { code: 'ValidationError', field: 'subDomain' }, result: 'failure', username: 'admin' },
      ]),
    );
    expect(JSON.stringify(failures)).not.toContain('weaksecretpassword');
    // Nothing was carried out: no success recorded for the refused operations.
    const okRows = (await db.query(`SELECT action FROM audit_event WHERE result = 'ok' AND (target = $1 OR target = $2)`, [rawInstanceId, rawUserId])).rows;
    expect(okRows.map((r) => r.action)).not.toContain('archiveInstance');

    const filtered = await api.request(
      `query($a: ID!) { auditEvents(first: 50, filter: {actorId: $a, result: "failure"}) { edges { node { action result } } } }`,
      { a: id },
    );
    expect(filtered.data.auditEvents.edges.map((e: any) => e.node).sort((x: any, y: any) => x.action.localeCompare(y.action))).toEqual([
      { action: 'archiveInstance', result: 'failure' },
      { action: 'createOrganization', result: 'failure' },
    ]);
    const successes = await api.request(`query($a: ID!) { auditEvents(first: 50, filter: {actorId: $a, result: "ok"}) { edges { node { result } } } }`, {
      a: id,
    });
    expect(successes.data.auditEvents.edges.length).toBeGreaterThan(0);
    expect(new Set(successes.data.auditEvents.edges.map((e: any) => e.node.result))).toEqual(new Set(['ok']));
  });
});
