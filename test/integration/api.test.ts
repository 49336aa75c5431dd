import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { gqlClient, waitFor, waitForAppServerStatus } from '../helpers/graphql.ts';
import { signedInSuite } from '../helpers/suite.ts';

const { app, api, db } = signedInSuite();

const CREATE = `mutation($input: CreateInstanceInput!) { createInstance(input: $input) {
  __typename ... on MutationCreateInstanceSuccess { data { id name subDomain internalLmsDomain urls { lms } } }
  ... on ValidationError { field message } } }`;
const SPAWN = `mutation($id: ID!) { spawnAppServer(instanceId: $id) {
  __typename ... on MutationSpawnAppServerSuccess { data { id status appServers { id status } } }
  ... on Error { message } ... on InvalidStateError { currentState } } }`;
const ACTIVATE = `mutation($id: ID!) { activateAppServer(id: $id) { __typename ... on Error { message } ... on InvalidStateError { currentState } ... on MutationActivateAppServerSuccess { data { active } } } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateAppServer(id: $id) { __typename ... on Error { message } ... on MutationDeactivateAppServerSuccess { data { active } } } }`;
const TERMINATE = `mutation($id: ID!) { terminateAppServer(id: $id) { __typename ... on Error { message } ... on InvalidStateError { currentState } ... on MutationTerminateAppServerSuccess { data { pendingOperation } } } }`;
const ARCHIVE = `mutation($id: ID!) { archiveInstance(id: $id) { __typename ... on Error { message } ... on MutationArchiveInstanceSuccess { data { id } } } }`;

async function count(table: string): Promise<number> {
  return (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
}

async function createInstance(subDomain: string, name = `Instance ${subDomain}`) {
  const res = await api.request(CREATE, { input: { name, subDomain } });
  expect(res.data.createInstance.__typename).toBe('MutationCreateInstanceSuccess');
  return res.data.createInstance.data as { id: string; internalLmsDomain: string };
}

// fetch() does not let a caller set Host, which is what the load balancer routes on.
function pageThroughLoadBalancer(domain: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: app.port, path: '/', headers: { host: `${domain}:${app.port}` } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('authentication', () => {
  it('refuses every query, mutation and subscription without a signed-in user, writing nothing', async () => {
    const anonymous = gqlClient(app.url);
    const before = await count('instance');
    for (const query of [
      '{ viewer { username } }',
      '{ instances { edges { node { id } } } }',
      'mutation { createInstance(input: {name: "x", subDomain: "sneaky"}) { __typename } }',
    ]) {
      const res = await anonymous.request(query);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const badToken = gqlClient(app.url, 'im_not-a-real-token');
    expect((await badToken.request('{ viewer { username } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await expect(anonymous.subscribeUntil('subscription { instanceEvents { kind } }', {}, () => true, 5000)).rejects.toBeTruthy();
    expect(await count('instance')).toBe(before);
    await anonymous.close();
    await badToken.close();
  });

  it('signs in with a password, sets an HttpOnly SameSite cookie and signs out', async () => {
    const login = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { login(username: "admin", password: "Correct-horse1") { __typename ... on MutationLoginSuccess { data { username } } } }',
      }),
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^im_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const session = cookie.split(';')[0];
    const viewer = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session, origin: app.url },
      body: JSON.stringify({ query: '{ viewer { username } }' }),
    });
    expect((await viewer.json()).data.viewer.username).toBe('admin');
    expect(await count('session')).toBe(1);
    await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session, origin: app.url },
      body: JSON.stringify({ query: 'mutation { logout }' }),
    });
    expect(await count('session')).toBe(0);
    const after = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session, origin: app.url },
      body: JSON.stringify({ query: '{ viewer { username } }' }),
    });
    expect((await after.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('blocks a username and address after 10 failed sign-ins, even with the right password', async () => {
    await app.createSuperuser('throttled', 'Correct-horse1');
    const attempt = async (password: string) => {
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($p: String!) { login(username: "throttled", password: $p) { __typename ... on Error { message } } }',
          variables: { p: password },
        }),
      });
      return (await res.json()).data.login;
    };
    for (let i = 0; i < 10; i++) expect((await attempt(`Wrong-pass${i}`)).message).toBe('Invalid username or password.');
    expect(await attempt('Correct-horse1')).toEqual({ __typename: 'AuthenticationError', message: 'Too many failed sign-ins: try again in 15 minutes.' });
  });

  it('serves GraphiQL to a signed-in user only', async () => {
    const login = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(username: "admin@example.com", password: "Correct-horse1") { __typename } }' }),
    });
    const session = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const signedIn = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html', cookie: session } });
    expect(await signedIn.text()).toMatch(/graphiql/i);
    const anonymous = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await anonymous.text()).not.toMatch(/graphiql/i);
  });

  it('refuses a WebSocket from another origin, even with a valid token', async () => {
    const { default: WebSocket } = await import('ws');
    const token = await app.createToken('admin');
    const socket = new WebSocket(`ws://localhost:${app.port}/graphql`, 'graphql-transport-ws', { origin: 'https://evil.example' });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
    expect(await closed).toBe(4403);
  });

  it('closes a WebSocket with a bad token as 4401 Unauthorized', async () => {
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(`ws://localhost:${app.port}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { token: 'im_wrong' } })));
    expect(await closed).toBe(4401);
  });

  it('answers a wrong password with a typed AuthenticationError and no cookie', async () => {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(username: "admin", password: "wrong-Password1") { __typename ... on Error { message } } }' }),
    });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await res.json()).data.login).toEqual({ __typename: 'AuthenticationError', message: 'Invalid username or password.' });
  });
});

describe('creating instances', () => {
  it.each([
    ['', 'Must be 3 to 63 characters.'],
    ['ab', 'Must be 3 to 63 characters.'],
    ['Upper', 'Use lowercase letters, digits and hyphens, not at either end.'],
    ['-dash', 'Use lowercase letters, digits and hyphens, not at either end.'],
    ['studio', 'This domain name is reserved.'],
    ['studio-x', 'This domain name is reserved.'],
  ])('rejects the subdomain %j with the message of SPEC §11, writing nothing', async (subDomain, message) => {
    const before = await count('instance');
    const res = await api.request(CREATE, { input: { name: 'Bad', subDomain } });
    expect(res.data.createInstance).toEqual({ __typename: 'ValidationError', field: 'subDomain', message });
    expect(await count('instance')).toBe(before);
  });

  it('derives domains and a database name, and refuses a taken subdomain', async () => {
    const created = await createInstance('taken', 'Taken site');
    expect(created.internalLmsDomain).toBe('taken.localhost');
    const row = (await db.query('SELECT "databaseName", "internalStudioDomain", "mysqlPasswordEnc" FROM instance WHERE "subDomain" = $1', ['taken'])).rows[0];
    expect(row.databaseName).toBe('taken_localhost');
    expect(row.internalStudioDomain).toBe('studio-taken.localhost');
    expect(row.mysqlPasswordEnc).toMatch(/^[0-9a-f]{8}:/);
    const before = await count('instance');
    const again = await api.request(CREATE, { input: { name: 'Other', subDomain: 'taken' } });
    expect(again.data.createInstance).toEqual({ __typename: 'ValidationError', field: 'subDomain', message: 'This domain is already taken.' });
    expect(await count('instance')).toBe(before);
  });

  it('lists instances by search text and reads them by global id', async () => {
    const created = await createInstance('findme', 'Needle in a haystack');
    const list = await api.request(`query($s: String) { instances(filter: {search: $s}) { edges { node { id name } } } }`, { s: 'needle' });
    expect(list.data.instances.edges.map((e: any) => e.node.id)).toEqual([created.id]);
    const node = await api.request(`query($id: ID!) { node(id: $id) { __typename ... on Instance { name } } }`, { id: created.id });
    expect(node.data.node).toEqual({ __typename: 'Instance', name: 'Needle in a haystack' });
  });

  it('updates an instance and validates the patch', async () => {
    const created = await createInstance('patchme');
    const ok = await api.request(
      `mutation($id: ID!) { updateInstance(id: $id, patch: {name: "Renamed"}) { __typename ... on MutationUpdateInstanceSuccess { data { name } } } }`,
      { id: created.id },
    );
    expect(ok.data.updateInstance.data.name).toBe('Renamed');
    const bad = await api.request(
      `mutation($id: ID!) { updateInstance(id: $id, patch: {appServerCount: 9}) { __typename ... on ValidationError { field } } }`,
      { id: created.id },
    );
    expect(bad.data.updateInstance).toEqual({ __typename: 'ValidationError', field: 'appServerCount' });
  });
});

describe('answers that select none of the object', () => {
  it('runs a mutation or a read that asks only for __typename or the error members', async () => {
    const { id } = await createInstance('typename-only');
    const updated = await api.request(`mutation($id: ID!) { updateInstance(id: $id, patch: {name: "Renamed"}) { __typename ... on Error { message } } }`, {
      id,
    });
    expect(updated.data.updateInstance).toEqual({ __typename: 'MutationUpdateInstanceSuccess' });
    const spawned = await api.request(`mutation($id: ID!) { spawnAppServer(instanceId: $id) { __typename ... on Error { message } } }`, { id });
    expect(spawned.data.spawnAppServer).toEqual({ __typename: 'MutationSpawnAppServerSuccess' });
    const read = await api.request(`query($id: ID!) { instance(id: $id) { __typename } }`, { id });
    expect(read.data.instance).toEqual({ __typename: 'Instance' });
    const deployment = (await db.query(`SELECT d.id FROM deployment d JOIN instance i ON i.id = d."instanceId" WHERE i."subDomain" = 'typename-only'`)).rows[0]
      .id;
    const cancelled = await api.request(`mutation($id: ID!) { cancelDeployment(id: $id) { __typename } }`, {
      id: Buffer.from(`Deployment:${deployment}`).toString('base64'),
    });
    expect(cancelled.data.cancelDeployment).toEqual({ __typename: 'MutationCancelDeploymentSuccess' });
  });
});

describe('unknown ids', () => {
  it('answers NotFoundError for ids that do not exist or name another type, changing nothing', async () => {
    const instance = await createInstance('idcheck');
    const fakeAppServer = Buffer.from('AppServer:00000000-0000-4000-8000-000000000000').toString('base64');
    const before = await count('deployment');
    for (const [query, id] of [
      [SPAWN, fakeAppServer],
      [SPAWN, 'garbage'],
      [ACTIVATE, instance.id],
      [TERMINATE, fakeAppServer],
      [ARCHIVE, fakeAppServer],
    ] as const) {
      const res = await api.request(query, { id });
      const field = Object.values(res.data)[0] as any;
      expect(field.__typename).toBe('NotFoundError');
    }
    expect(await count('deployment')).toBe(before);
    expect((await api.request(`query($id: ID!) { appServer(id: $id) { id } }`, { id: fakeAppServer })).data.appServer).toBeNull();
  });
});

describe('the life of an app server', () => {
  it('provisions, activates, routes, deactivates, terminates and archives', async () => {
    const instance = await createInstance('lifecycle', 'Lifecycle <demo>');
    expect((await pageThroughLoadBalancer(instance.internalLmsDomain)).body).toContain('This instance is being deployed');

    const spawned = await api.request(SPAWN, { id: instance.id });
    const deployment = spawned.data.spawnAppServer.data;
    expect(deployment.status).toBe('QUEUED');
    const appServerId = deployment.appServers[0].id;

    // Not Running yet: activation refused with the current state.
    const early = await api.request(ACTIVATE, { id: appServerId });
    expect(early.data.activateAppServer.__typename).toBe('InvalidStateError');

    await waitForAppServerStatus(api, instance.id, appServerId, 'RUNNING');
    const read = await api.request(`query($id: ID!) { appServer(id: $id) { status url server { status publicIp httpPort } deployment { status } } }`, {
      id: appServerId,
    });
    expect(read.data.appServer.server.status).toBe('READY');
    expect(read.data.appServer.url).toBe(`http://127.0.0.1:${read.data.appServer.server.httpPort}/`);
    const direct = await fetch(read.data.appServer.url);
    expect(await direct.text()).toContain('Lifecycle &lt;demo&gt;');

    const logs = await api.request(`query($id: ID!) { logEntries(target: $id) { id level text } }`, { id: appServerId });
    const texts = logs.data.logEntries.map((l: any) => l.text);
    expect(texts).toContain('Status: New → WaitingForServer');
    expect(texts).toContain('Status: ConfiguringServer → Running');
    expect(texts.some((t: string) => t.includes('Provisioning AppServer 1 of "Lifecycle <demo>"'))).toBe(true);
    const ids = logs.data.logEntries.map((l: any) => BigInt(l.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);

    expect((await api.request(ACTIVATE, { id: appServerId })).data.activateAppServer).toEqual({
      __typename: 'MutationActivateAppServerSuccess',
      data: { active: true },
    });
    const live = await pageThroughLoadBalancer(instance.internalLmsDomain);
    expect(live.status).toBe(200);
    expect(live.body).toContain('Served by <strong>AppServer 1</strong>');

    const refused = await api.request(TERMINATE, { id: appServerId });
    expect(refused.data.terminateAppServer).toMatchObject({
      __typename: 'InvalidStateError',
      currentState: 'RUNNING',
      message: 'Deactivate the app server first.',
    });

    expect((await api.request(DEACTIVATE, { id: appServerId })).data.deactivateAppServer.data.active).toBe(false);
    expect((await pageThroughLoadBalancer(instance.internalLmsDomain)).body).toContain('This instance is being deployed');

    const terminating = await api.request(TERMINATE, { id: appServerId });
    expect(terminating.data.terminateAppServer.data.pendingOperation).toBe('TERMINATING');
    await waitForAppServerStatus(api, instance.id, appServerId, 'TERMINATED');
    await expect(fetch(read.data.appServer.url)).rejects.toThrow();
    const server = await api.request(`query($id: ID!) { appServer(id: $id) { terminatedAt server { status } } }`, { id: appServerId });
    expect(server.data.appServer.server.status).toBe('TERMINATED');
    expect(server.data.appServer.terminatedAt).toBeTruthy();

    expect((await api.request(ARCHIVE, { id: instance.id })).data.archiveInstance.__typename).toBe('MutationArchiveInstanceSuccess');
    await waitFor(
      api,
      instance.id,
      async () => (await api.request(`query($id: ID!) { instance(id: $id) { isArchived } }`, { id: instance.id })).data.instance.isArchived,
      'archived',
    );
    const visible = await api.request(`{ instances { edges { node { id } } } }`);
    expect(visible.data.instances.edges.map((e: any) => e.node.id)).not.toContain(instance.id);
    const all = await api.request(`{ instances(filter: {includeArchived: true}) { edges { node { id } } } }`);
    expect(all.data.instances.edges.map((e: any) => e.node.id)).toContain(instance.id);

    const before = await count('deployment');
    const onArchived = await api.request(SPAWN, { id: instance.id });
    expect(onArchived.data.spawnAppServer).toMatchObject({ __typename: 'InvalidStateError', currentState: 'ARCHIVED' });
    expect(await count('deployment')).toBe(before);
  });

  it('terminates an app server while it is still provisioning', async () => {
    const instance = await createInstance('midway');
    const spawned = await api.request(SPAWN, { id: instance.id });
    const appServerId = spawned.data.spawnAppServer.data.appServers[0].id;
    await waitForAppServerStatus(api, instance.id, appServerId, 'CONFIGURING_SERVER');
    const res = await api.request(TERMINATE, { id: appServerId });
    expect(res.data.terminateAppServer.__typename).toBe('MutationTerminateAppServerSuccess');
    await waitForAppServerStatus(api, instance.id, appServerId, 'TERMINATED');
    const dep = await api.request(`query($id: ID!) { appServer(id: $id) { status deployment { status } server { status } } }`, { id: appServerId });
    expect(dep.data.appServer.server.status).toBe('TERMINATED');
    const again = await api.request(TERMINATE, { id: appServerId });
    expect(again.data.terminateAppServer).toMatchObject({ __typename: 'InvalidStateError', currentState: 'TERMINATED' });
  });

  it('cancels a deployment in flight: its app server is terminated and nothing is activated', async () => {
    const instance = await createInstance('cancelme');
    const spawned = await api.request(
      `mutation($id: ID!) { spawnAppServer(instanceId: $id, options: {activateOnSuccess: true}) { ... on MutationSpawnAppServerSuccess { data { id appServers { id } } } } }`,
      { id: instance.id },
    );
    const deployment = spawned.data.spawnAppServer.data;
    const CANCEL = `mutation($id: ID!) { cancelDeployment(id: $id) { __typename ... on MutationCancelDeploymentSuccess { data { status cancelledAt } } ... on InvalidStateError { currentState } } }`;
    const res = await api.request(CANCEL, { id: deployment.id });
    expect(res.data.cancelDeployment.data.status).toBe('CANCELLED');
    await waitForAppServerStatus(api, instance.id, deployment.appServers[0].id, 'TERMINATED');
    const after = await api.request(`query($id: ID!) { appServer(id: $id) { active deployment { status } } }`, { id: deployment.appServers[0].id });
    expect(after.data.appServer).toEqual({ active: false, deployment: { status: 'CANCELLED' } });
    expect((await api.request(CANCEL, { id: deployment.id })).data.cancelDeployment).toEqual({ __typename: 'InvalidStateError', currentState: 'CANCELLED' });
  });

  it('renders the settings layers into the app server once: generated, production vars, extra settings', async () => {
    const instance = await createInstance('layered', 'Layered');
    const raw = Buffer.from(instance.id, 'base64').toString().split(':')[1];
    await db.query(`UPDATE instance SET profile = 'PRODUCTION', "configurationExtraSettings" = $2 WHERE id = $1`, [
      raw,
      'EDXAPP_FEATURES:\n  A: true\nCOMMON_HTPASSWD_PASS: chosen-by-operator\n',
    ]);
    const spawned = await api.request(SPAWN, { id: instance.id });
    const appServerId = spawned.data.spawnAppServer.data.appServers[0].id;
    await waitForAppServerStatus(api, instance.id, appServerId, 'RUNNING');
    const row = (
      await db.query(`SELECT "settingsLayers", "renderedSettingsEnc" FROM app_server WHERE id = $1`, [
        Buffer.from(appServerId, 'base64').toString().split(':')[1],
      ])
    ).rows[0];
    const { decryptSecret } = await import('../../server/src/secrets.ts');
    const { parse } = await import('yaml');
    const rendered = parse(decryptSecret(row.renderedSettingsEnc));
    expect(rendered).toMatchObject({
      EDXAPP_LMS_BASE: 'layered.localhost',
      EDXAPP_PLATFORM_NAME: 'Layered',
      COMMON_ENABLE_BASIC_AUTH: false,
      EDXAPP_FEATURES: { A: true },
      COMMON_HTPASSWD_PASS: 'chosen-by-operator',
    });
    expect(rendered.EDXAPP_EDXAPP_SECRET_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(row.settingsLayers).sort()).toEqual(['generated', 'instance', 'production']);
    const logs = await api.request(`query($id: ID!) { logEntries(target: $id) { level text } }`, { id: appServerId });
    expect(logs.data.logEntries).toContainEqual({ level: 'WARNING', text: 'The extra settings override generated credentials: COMMON_HTPASSWD_PASS.' });
    // The secrets of the instance never reach the API or the log.
    expect(JSON.stringify(logs.data)).not.toContain(rendered.EDXAPP_EDXAPP_SECRET_KEY);
    await expect(
      db.query(`UPDATE app_server SET "renderedSettingsEnc" = 'x' WHERE id = $1`, [Buffer.from(appServerId, 'base64').toString().split(':')[1]]),
    ).rejects.toThrow(/write-once/);
  });

  it('writes the deployment, its app servers and the first job in one transaction', async () => {
    const instance = await createInstance('atomic');
    const spawned = await api.request(SPAWN, { id: instance.id });
    const id = Buffer.from(spawned.data.spawnAppServer.data.id, 'base64').toString().split(':')[1];
    const job = await db.query(`SELECT data FROM pgboss.job WHERE name = 'deployment.start' AND data->>'deploymentId' = $1`, [id]);
    expect(job.rowCount).toBe(1);
    expect(Object.keys(job.rows[0].data)).toEqual(['deploymentId']);
    const snapshot = await db.query(`SELECT name, "openedxRelease" FROM app_server WHERE "deploymentId" = $1`, [id]);
    expect(snapshot.rows[0].name).toBe('Instance atomic');
    await expect(db.query(`UPDATE app_server SET name = 'changed' WHERE "deploymentId" = $1`, [id])).rejects.toThrow(/immutable/);
  });
});

describe('limits', () => {
  const deep = `{ instances { edges { node { newestAppServer { instance { newestAppServer { instance { newestAppServer { instance { newestAppServer { instance { newestAppServer { instance { name } } } } } } } } } } } } } }`;

  it('refuses queries nested deeper than 12 levels, over HTTP and WebSocket', async () => {
    const res = await api.request(deep);
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    await expect(
      api.subscribeUntil(
        `subscription { instanceEvents { node { ... on Instance { newestAppServer { instance { newestAppServer { instance { newestAppServer { instance { newestAppServer { instance { newestAppServer { instance { name } } } } } } } } } } } } } }`,
        {},
        () => true,
        5000,
      ),
    ).rejects.toThrow(/levels deep/);
  });

  it('refuses pages of more than 100 and bodies over 1 MB', async () => {
    const page = await api.request(`{ instances(first: 500) { edges { node { id } } } }`);
    expect(page.errors?.[0]?.message).toBe('Pages hold at most 100 items.');
    const big = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ viewer { username } }`, variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(big.status).toBe(413);
  });
});
