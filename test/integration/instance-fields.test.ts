import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { parse } from 'yaml';
import { rawId, waitFor, waitForAppServerStatus } from '../helpers/graphql.ts';
import { signedInSuite } from '../helpers/suite.ts';
import { decryptSecret } from '../../server/src/secrets.ts';

const STABLE = {
  DEFAULT_OPENEDX_RELEASE: 'open-release/test.1',
  OPENEDX_RELEASE_STABLE_REF: 'open-release/stable.3',
  STABLE_EDX_PLATFORM_REPO_URL: 'https://github.com/example/edx-platform.git',
  STABLE_EDX_PLATFORM_COMMIT: 'stable-platform',
  STABLE_CONFIGURATION_REPO_URL: 'https://github.com/example/configuration.git',
  STABLE_CONFIGURATION_VERSION: 'stable-configuration',
};

const FIELDS = `id name subDomain profile recipe email openedxRelease configurationSourceRepoUrl configurationVersion
  configurationExtraSettings edxPlatformRepositoryUrl edxPlatformCommit databaseMode flavor image additionalSecurityGroups
  externalLmsDomain externalStudioDomain externalPreviewDomain monitoringEmails provisioningFailureEmails appServerCount databaseName
  urls { lms studio preview }`;
const CREATE = `mutation($input: CreateInstanceInput!, $deploy: Boolean) { createInstance(input: $input, deploy: $deploy) {
  __typename ... on MutationCreateInstanceSuccess { data { ${FIELDS} } } ... on ValidationError { field message } } }`;
const UPDATE = `mutation($id: ID!, $patch: UpdateInstanceInput!) { updateInstance(id: $id, patch: $patch) {
  __typename ... on MutationUpdateInstanceSuccess { data { ${FIELDS} } } ... on ValidationError { field message } ... on Error { message } } }`;
const SPAWN = `mutation($id: ID!) { spawnAppServer(instanceId: $id) { ... on MutationSpawnAppServerSuccess { data { id appServers { id } } } } }`;

async function count(table: string): Promise<number> {
  // A refusal is audited on purpose (result 'failure'); what must not appear is a row of a change made.
  const where = table === 'audit_event' ? ` WHERE result <> 'failure'` : '';
  return (await db.query(`SELECT count(*)::int AS n FROM ${table}${where}`)).rows[0].n;
}

async function create(input: Record<string, unknown>, deploy = false) {
  const res = await api.request(CREATE, { input: { name: `Site ${input.subDomain}`, ...input }, deploy });
  expect(res.errors).toBeUndefined();
  return res.data.createInstance;
}

async function instanceRow(id: string) {
  return (await db.query(`SELECT * FROM instance WHERE id = $1`, [rawId(id)])).rows[0];
}

// fetch() does not let a caller set Host, which is what the load balancer routes on.
function throughLoadBalancer(domain: string): Promise<{ status: number; body: string }> {
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

const { app, api, db } = signedInSuite({ env: STABLE });

const EVERY_FIELD = {
  recipe: 'ANSIBLE',
  email: 'ops@example.org',
  openedxRelease: 'open-release/redwood.3',
  configurationSourceRepoUrl: 'git@github.com:example/configuration.git',
  configurationVersion: 'v1.2.3',
  edxPlatformRepositoryUrl: 'https://github.com/example/edx-platform.git',
  edxPlatformCommit: '0123456789abcdef0123456789abcdef01234567',
  configurationExtraSettings: 'EDXAPP_FEATURES:\n  ENABLE_X: true\n',
  databaseMode: 'PERSISTENT',
  flavor: '{"name": "m1.large"}',
  image: '{"id": "img-1"}',
  additionalSecurityGroups: ['web-extra', 'monitoring'],
  externalLmsDomain: 'Courses.Example.org',
  externalStudioDomain: 'authoring.example.org',
  externalPreviewDomain: 'preview.example.org',
  monitoringEmails: ['watch@example.org', 'night@example.org'],
  provisioningFailureEmails: ['fail@example.org'],
  appServerCount: 3,
};

describe('the configurable fields', () => {
  it('stores every field given at creation and reads it back', async () => {
    const res = await create({ subDomain: 'everything', ...EVERY_FIELD });
    expect(res.__typename).toBe('MutationCreateInstanceSuccess');
    expect(res.data).toMatchObject({
      ...EVERY_FIELD,
      flavor: '{"name":"m1.large"}',
      image: '{"id":"img-1"}',
      externalLmsDomain: 'courses.example.org',
      profile: 'SANDBOX',
      urls: {
        lms: `http://courses.example.org:${app.port}/`,
        studio: `http://authoring.example.org:${app.port}/`,
        preview: `http://preview.example.org:${app.port}/`,
      },
    });
    const row = await instanceRow(res.data.id);
    expect(row).toMatchObject({
      recipe: 'ansible',
      databaseMode: 'PERSISTENT',
      monitoringEmails: EVERY_FIELD.monitoringEmails,
      additionalSecurityGroups: EVERY_FIELD.additionalSecurityGroups,
    });
  });

  it('updates every field with a patch, leaving the others as they were', async () => {
    const created = (await create({ subDomain: 'patched' })).data;
    const patch = {
      ...EVERY_FIELD,
      name: 'Renamed',
      externalLmsDomain: 'learn.example.net',
      externalStudioDomain: 'cms.example.net',
      externalPreviewDomain: 'draft.example.net',
      recipe: 'TUTOR',
      databaseMode: 'EPHEMERAL',
    };
    const res = await api.request(UPDATE, { id: created.id, patch });
    expect(res.data.updateInstance.__typename).toBe('MutationUpdateInstanceSuccess');
    expect(res.data.updateInstance.data).toMatchObject({ ...patch, flavor: '{"name":"m1.large"}', image: '{"id":"img-1"}', subDomain: 'patched' });
    const small = await api.request(UPDATE, { id: created.id, patch: { appServerCount: 2 } });
    expect(small.data.updateInstance.data).toMatchObject({ ...patch, appServerCount: 2, flavor: '{"name":"m1.large"}', image: '{"id":"img-1"}' });
    const cleared = await api.request(UPDATE, {
      id: created.id,
      patch: { externalLmsDomain: '', additionalSecurityGroups: [], configurationExtraSettings: '' },
    });
    expect(cleared.data.updateInstance.data).toMatchObject({ externalLmsDomain: null, additionalSecurityGroups: [], configurationExtraSettings: '' });
  });

  // [field, value, message]; long values are named by their length in the test titles.
  const INVALID: [string, unknown, RegExp?][] = [
    ['email', ''],
    ['email', `${'x'.repeat(100_000)}@example.com`],
    ['email', '<x>@y.z'],
    ['email', 'ops@example.org\nBcc: victim@example.org'],
    ['openedxRelease', ''],
    ['openedxRelease', 'r'.repeat(100_000)],
    ['openedxRelease', '../../../etc/passwd'],
    ['openedxRelease', '$(touch /tmp/pwned)'],
    ['openedxRelease', 'master\n'],
    ['configurationVersion', 'a b'],
    ['edxPlatformCommit', '-oops'],
    ['configurationSourceRepoUrl', 'file:///etc/passwd'],
    ['configurationSourceRepoUrl', 'https://github.com/a/b.git;reboot'],
    ['edxPlatformRepositoryUrl', `https://github.com/${'a'.repeat(600)}`],
    ['configurationExtraSettings', '- a\n- b\n', /must be a YAML mapping/],
    ['configurationExtraSettings', 'a: 1\nb: c: d\n', /^The YAML is not valid at line 2, column 4: /],
    ['flavor', 'm1.large', /not valid JSON/],
    ['flavor', '{"cpu": 2}'],
    ['image', '{}'],
    ['additionalSecurityGroups', ['ok', 'bad group!']],
    ['externalLmsDomain', 'not_a_domain'],
    ['externalStudioDomain', 'http://x.example.org/'],
    ['monitoringEmails', ['ok@example.org', 'not-an-address']],
    ['provisioningFailureEmails', ['<x>@y.z']],
    ['appServerCount', 0],
    ['appServerCount', 6],
    ['name', ' '],
    ['name', 'bad\u0000name'],
    ['name', 'bad\ud800name'],
    ['configurationExtraSettings', 'A: "bad\u0000"\n'],
  ];

  /**
   * Text no field may hold (NUL, a lone surrogate, over 65,536 characters) is refused for every
   * argument before execution, naming the variable; the rest by the field's own ValidationError.
   */
  function expectRefusedOn(res: any, mutation: string, variable: string, field: string, message?: RegExp) {
    if (res.data?.[mutation]) {
      expect(res.data[mutation]).toMatchObject({ __typename: 'ValidationError', field });
      if (message) expect(res.data[mutation].message).toMatch(message);
      return;
    }
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].message).toContain(`The variable ${variable}`);
  }

  const titled = INVALID.map(
    ([field, value, message]) =>
      [field, JSON.stringify(value).length > 60 ? `${JSON.stringify(value).length} characters` : JSON.stringify(value), value, message] as const,
  );

  it.each(titled)('refuses %s = %s at creation on that field, creating nothing', async (field, _title, value, message) => {
    const before = [await count('instance'), await count('deployment'), await count('audit_event')];
    const res = await api.request(CREATE, { input: { name: 'Bad', subDomain: 'refused', [field]: value }, deploy: true });
    expectRefusedOn(res, 'createInstance', `$input.${field}`, field, message);
    expect([await count('instance'), await count('deployment'), await count('audit_event')]).toEqual(before);
  });

  it.each(titled)('refuses %s = %s in a patch on that field, changing nothing', async (field, _title, value, message) => {
    const { id } =
      (await api.request(`{ instances(filter: {search: "unchanged"}) { edges { node { id } } } }`)).data.instances.edges[0]?.node ??
      (await create({ subDomain: 'unchanged' })).data;
    const before = await instanceRow(id);
    const res = await api.request(UPDATE, { id, patch: { name: 'Should not stick', [field]: value } });
    expectRefusedOn(res, 'updateInstance', `$patch.${field}`, field, message);
    expect(await instanceRow(id)).toEqual(before);
  });

  it('refuses blanks at creation, where there is nothing to clear', async () => {
    for (const field of ['externalLmsDomain', 'externalStudioDomain', 'externalPreviewDomain', 'configurationExtraSettings']) {
      const before = await count('instance');
      const res = await api.request(CREATE, { input: { name: 'Blank', subDomain: 'blank-field', [field]: '' } });
      expect(res.data.createInstance).toEqual({ __typename: 'ValidationError', field, message: 'Leave this field out, or give a value.' });
      expect(await count('instance')).toBe(before);
    }
  });

  it('writes and audits nothing for a patch that changes nothing', async () => {
    const created = (await create({ subDomain: 'idle', email: 'idle@example.org' })).data;
    const before = [await instanceRow(created.id), await count('audit_event')];
    const res = await api.request(UPDATE, {
      id: created.id,
      patch: { email: 'idle@example.org', externalLmsDomain: '', configurationExtraSettings: '', additionalSecurityGroups: [] },
    });
    expect(res.data.updateInstance.__typename).toBe('MutationUpdateInstanceSuccess');
    expect([await instanceRow(created.id), await count('audit_event')]).toEqual(before);
  });

  it('refuses an external domain that another instance already serves', async () => {
    await create({ subDomain: 'owner', externalLmsDomain: 'owned.example.org' });
    const other = (await create({ subDomain: 'intruder' })).data;
    for (const domain of ['owned.example.org', 'studio-owned.example.org', 'owner.localhost']) {
      const res = await api.request(UPDATE, { id: other.id, patch: { externalLmsDomain: domain } });
      expect(res.data.updateInstance).toEqual({
        __typename: 'ValidationError',
        field: 'externalLmsDomain',
        message: 'Another instance already uses this domain.',
      });
    }
  });
});

describe('defaults', () => {
  const DEFAULTS = `query($p: InstanceProfile) { defaults(profile: $p) { profile baseDomain recipe email openedxRelease configurationSourceRepoUrl
    configurationVersion edxPlatformRepositoryUrl edxPlatformCommit databaseMode appServerCount flavor image lmsPreviewDomainPrefix studioDomainPrefix } }`;

  it('gives sandboxes the DEFAULT_* settings and production instances the STABLE_* ones and persistent databases', async () => {
    const sandbox = (await api.request(DEFAULTS, {})).data.defaults;
    expect(sandbox).toEqual({
      profile: 'SANDBOX',
      baseDomain: 'localhost',
      recipe: 'SHELL',
      email: 'contact@localhost',
      openedxRelease: 'open-release/test.1',
      configurationSourceRepoUrl: 'https://github.com/openedx/configuration.git',
      configurationVersion: 'open-release/test.1',
      edxPlatformRepositoryUrl: 'https://github.com/openedx/edx-platform.git',
      edxPlatformCommit: 'open-release/test.1',
      databaseMode: 'EPHEMERAL',
      appServerCount: 1,
      flavor: '{"ram":4096,"disk":40}',
      image: '{"name":"Ubuntu 20.04"}',
      lmsPreviewDomainPrefix: 'preview-',
      studioDomainPrefix: 'studio-',
    });
    const production = (await api.request(DEFAULTS, { p: 'PRODUCTION' })).data.defaults;
    expect(production).toEqual({
      ...sandbox,
      profile: 'PRODUCTION',
      openedxRelease: 'open-release/stable.3',
      configurationSourceRepoUrl: STABLE.STABLE_CONFIGURATION_REPO_URL,
      configurationVersion: STABLE.STABLE_CONFIGURATION_VERSION,
      edxPlatformRepositoryUrl: STABLE.STABLE_EDX_PLATFORM_REPO_URL,
      edxPlatformCommit: STABLE.STABLE_EDX_PLATFORM_COMMIT,
      databaseMode: 'PERSISTENT',
    });
    // What the form shows is what an instance created without those fields gets.
    const pick = (d: Record<string, unknown>) =>
      Object.fromEntries(
        Object.keys(d)
          .filter((k) => !['baseDomain', 'lmsPreviewDomainPrefix', 'studioDomainPrefix'].includes(k))
          .map((k) => [k, d[k]]),
      );
    const s = (await create({ subDomain: 'plain-sandbox' })).data;
    expect(s).toMatchObject(pick(sandbox));
    const p = (await create({ subDomain: 'plain-production', profile: 'PRODUCTION' })).data;
    expect(p).toMatchObject(pick(production));
    // A chosen release carries the versions that follow it.
    const chosen = (await create({ subDomain: 'chosen-release', openedxRelease: 'open-release/sumac.1' })).data;
    expect(chosen).toMatchObject({
      openedxRelease: 'open-release/sumac.1',
      configurationVersion: 'open-release/sumac.1',
      edxPlatformCommit: 'open-release/sumac.1',
    });
  });
});

describe('database names', () => {
  it('gives subdomains that differ only by hyphens distinct database names, and creates both', async () => {
    const first = await create({ subDomain: 'abcd' });
    const second = await create({ subDomain: 'ab-cd' });
    const third = await create({ subDomain: 'a-bcd' });
    expect([first, second, third].map((r) => r.__typename)).toEqual(Array(3).fill('MutationCreateInstanceSuccess'));
    expect([first.data.databaseName, second.data.databaseName, third.data.databaseName]).toEqual(['abcd_localhost', 'abcd_localhost_2', 'abcd_localhost_3']);
    expect((await instanceRow(second.data.id)).rabbitmqVhost).toBe('abcd_localhost_2');
  });
});

describe('createInstance with deploy', () => {
  it('writes the instance, its deployment, app server and first job together, and activates once healthy', async () => {
    const res = await create({ subDomain: 'deployed' }, true);
    expect(res.__typename).toBe('MutationCreateInstanceSuccess');
    const id = rawId(res.data.id);
    const deployments = (await db.query(`SELECT id, "activateOnSuccess" FROM deployment WHERE "instanceId" = $1`, [id])).rows;
    expect(deployments).toEqual([{ id: expect.any(String), activateOnSuccess: true }]);
    const job = await db.query(`SELECT 1 FROM pgboss.job WHERE name = 'deployment.start' AND data->>'deploymentId' = $1`, [deployments[0].id]);
    expect(job.rowCount).toBe(1);
    // One transaction: every row is stamped with its transaction's start time, now(). (Their xmin
    // would say it too, but the worker updates the deployment's rows at once.)
    const stamps = await db.query(
      `SELECT (SELECT "createdAt"::text FROM instance WHERE id = $1) AS i, (SELECT "createdAt"::text FROM deployment WHERE id = $2) AS d,
      (SELECT "createdAt"::text FROM app_server WHERE "deploymentId" = $2) AS a,
      (SELECT created_on::timestamptz(3)::text FROM pgboss.job WHERE name = 'deployment.start' AND data->>'deploymentId' = $2::text) AS j`,
      [id, deployments[0].id],
    );
    expect(new Set(Object.values(stamps.rows[0])).size, JSON.stringify(stamps.rows[0])).toBe(1);
    await waitFor(
      api,
      res.data.id,
      async () =>
        (await api.request(`query($id: ID!) { instance(id: $id) { activeAppServers { id } } }`, { id: res.data.id })).data.instance.activeAppServers.length ===
        1,
      'activation',
    );
  });

  it('leaves no instance, deployment or job when the input is refused', async () => {
    const before = [
      await count('instance'),
      await count('deployment'),
      await count('app_server'),
      (await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'deployment.start'`)).rows[0].n,
    ];
    const res = await api.request(CREATE, { input: { name: 'No', subDomain: 'never', openedxRelease: '$(id)' }, deploy: true });
    expect(res.data.createInstance.field).toBe('openedxRelease');
    const taken = await api.request(CREATE, { input: { name: 'No', subDomain: 'deployed' }, deploy: true });
    expect(taken.data.createInstance.field).toBe('subDomain');
    const after = [
      await count('instance'),
      await count('deployment'),
      await count('app_server'),
      (await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'deployment.start'`)).rows[0].n,
    ];
    expect(after).toEqual(before);
  });
});

describe('external domains and the local load balancer', () => {
  it('routes an external domain set by updateInstance at once, with derived Studio and preview domains', async () => {
    const created = (await create({ subDomain: 'routed', name: 'Routed site' })).data;
    expect((await throughLoadBalancer('learn.routed.test')).status).toBe(404);
    const res = await api.request(UPDATE, { id: created.id, patch: { externalLmsDomain: 'learn.routed.test' } });
    expect(res.data.updateInstance.data.urls.studio).toBe(`http://studio-learn.routed.test:${app.port}/`);
    for (const domain of ['learn.routed.test', 'LEARN.routed.test', 'studio-learn.routed.test', 'preview-learn.routed.test']) {
      const page = await throughLoadBalancer(domain);
      expect(page.body).toContain('Routed site');
    }
    const logs = await api.request(`query($id: ID!) { logEntries(target: $id) { text } }`, { id: created.id });
    expect(logs.data.logEntries.map((l: { text: string }) => l.text)).toContain(
      'External domains changed (externalLmsDomain (none) → learn.routed.test); the load balancer routes them now.',
    );
    await api.request(UPDATE, { id: created.id, patch: { externalLmsDomain: '' } });
    expect((await throughLoadBalancer('learn.routed.test')).status).toBe(404);
  });
});

describe('reads of what an app server was built from', () => {
  it('serves steps with durations, the snapshot, redacted settings, drift and the queue position', async () => {
    const instance = (await create({ subDomain: 'readable', configurationExtraSettings: 'EDXAPP_FEATURES:\n  A: true\nMY_API_TOKEN: hunter22\n' })).data;
    const spawned = await api.request(SPAWN, { id: instance.id });
    const appServerId = spawned.data.spawnAppServer.data.appServers[0].id;
    await waitForAppServerStatus(api, instance.id, appServerId, 'RUNNING');

    const read = await api.request(
      `query($id: ID!) { appServer(id: $id) {
      steps { name attempt status startedAt finishedAt durationSeconds error }
      snapshot { name openedxRelease configurationExtraSettings edxPlatformCommit edxPlatformSha databaseMode recipe additionalSecurityGroups }
      settingsRedacted } }`,
      { id: appServerId },
    );
    const a = read.data.appServer;
    const names = a.steps.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(['appserver.prepare', 'appserver.createVm', 'appserver.runRecipe', 'appserver.healthCheck']));
    for (const step of a.steps.filter((s: { status: string }) => s.status !== 'SKIPPED')) {
      expect(step).toMatchObject({ status: 'SUCCEEDED', error: null, attempt: 1 });
      expect(step.durationSeconds).toBeCloseTo((Date.parse(step.finishedAt) - Date.parse(step.startedAt)) / 1000, 2);
    }
    expect(a.snapshot).toMatchObject({
      name: 'Site readable',
      openedxRelease: 'open-release/test.1',
      databaseMode: 'EPHEMERAL',
      recipe: 'SHELL',
      additionalSecurityGroups: [],
    });

    // Every secret of the rendered settings is *** in the read; the rest is there.
    const row = (await db.query(`SELECT "renderedSettingsEnc" FROM app_server WHERE id = $1`, [rawId(appServerId)])).rows[0];
    const rendered = parse(decryptSecret(row.renderedSettingsEnc));
    const redacted = parse(a.settingsRedacted);
    expect(redacted).toMatchObject({
      EDXAPP_LMS_BASE: 'readable.localhost',
      EDXAPP_FEATURES: { A: true },
      EDXAPP_EDXAPP_SECRET_KEY: '***',
      COMMON_HTPASSWD_PASS: '***',
      COMMON_HTPASSWD_USER: '***',
      MY_API_TOKEN: '***',
    });
    for (const secret of [rendered.EDXAPP_EDXAPP_SECRET_KEY, rendered.EDXAPP_JWT_SECRET_KEY, rendered.COMMON_HTPASSWD_PASS, rendered.COMMON_HTPASSWD_USER]) {
      expect(JSON.stringify(read.data)).not.toContain(secret);
    }

    const logs = await api.request(`query($id: ID!) { logEntries(target: $id) { text } }`, { id: appServerId });
    const texts: string[] = logs.data.logEntries.map((l: { text: string }) => l.text);
    for (const name of ['appserver.prepare', 'appserver.runRecipe', 'appserver.healthCheck']) {
      expect(texts.some((t) => new RegExp(`^Step ${name.replace('.', '\\.')} succeeded in \\d+\\.\\d s\\.$`).test(t))).toBe(true);
    }

    const DRIFT = `query($id: ID!) { instance(id: $id) { drift { fields commitChanged appServer { id } } } }`;
    expect((await api.request(DRIFT, { id: instance.id })).data.instance.drift).toEqual({ fields: [], commitChanged: false, appServer: { id: appServerId } });
    await api.request(UPDATE, {
      id: instance.id,
      patch: { openedxRelease: 'open-release/next.1', name: 'Renamed readable', appServerCount: 2, monitoringEmails: ['a@example.org'] },
    });
    expect((await api.request(DRIFT, { id: instance.id })).data.instance.drift.fields).toEqual(['name', 'openedxRelease']);
    const fresh = (await create({ subDomain: 'never-spawned' })).data;
    expect((await api.request(DRIFT, { id: fresh.id })).data.instance.drift).toBeNull();

    // Queue positions: rows written directly, so no worker takes them; FIFO with users ahead of PR deployments.
    const QUEUE = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Deployment { queuePosition } } }`;
    const iid = rawId(instance.id);
    const insert = async (type: string, secondsAgo: number) =>
      (
        await db.query(
          `INSERT INTO deployment ("instanceId", type, "targetCount", "createdAt", "updatedAt") VALUES ($1, $2, 1, now() - make_interval(secs => $3), now()) RETURNING id`,
          [iid, type, secondsAgo],
        )
      ).rows[0].id as string;
    const pr = await insert('PR', 3000);
    const user1 = await insert('USER', 2000);
    const user2 = await insert('USER', 1000);
    const gid = (id: string) => Buffer.from(`Deployment:${id}`).toString('base64');
    const ids = [gid(user1), gid(user2), gid(pr), spawned.data.spawnAppServer.data.id];
    const positions = async () => (await api.request(QUEUE, { ids })).data.nodes.map((n: { queuePosition: number | null }) => n.queuePosition);
    const [p1, p2, p3, started] = await positions();
    expect(started).toBeNull();
    expect([p2 - p1, p3 - p2]).toEqual([1, 1]);
    await db.query(`UPDATE deployment SET "startedAt" = now(), status = 'PROVISIONING' WHERE id = $1`, [user1]);
    const [q1, q2, q3] = await positions();
    expect([q1, q2, q3]).toEqual([null, p1, p2]);
    await db.query(`UPDATE deployment SET "cancelledAt" = now(), status = 'CANCELLED' WHERE id IN ($1, $2, $3)`, [user1, user2, pr]);
  });
});
