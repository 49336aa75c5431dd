import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { print, type DocumentNode } from 'graphql';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';

// The console's three main pages must cost a fixed set of statements, whatever the number of
// rows: a new N+1 changes the snapshot, and the 2-versus-5 comparison fails.

/** The console's own documents, as codegen compiled them (its module needs SvelteKit's tsconfig to load). */
function consoleDocument(name: string): DocumentNode {
  const source = readFileSync(new URL('../../client/src/lib/gql/graphql.ts', import.meta.url), 'utf8');
  const literal = new RegExp(`^export const ${name}Document = (\\{.*\\}) as unknown as `, 'm').exec(source)?.[1];
  if (!literal) throw new Error(`no ${name}Document in the console's generated documents`);
  return JSON.parse(literal) as DocumentNode;
}

const InstancesDocument = consoleDocument('Instances');
const InstanceDocument = consoleDocument('Instance');
const AppServerDocument = consoleDocument('AppServer');

let signedIn: SignedInApp;
const recorded: string[] = [];
/** The same statements as sent, columns included. */
const raw: string[] = [];
let recording = false;
const originalQuery = pg.Client.prototype.query;

/**
 * Statements with their column lists and placeholder lists collapsed: `IN ($1,$2)` and
 * `IN ($1,…,$5)` read alike, and a new column does not change the snapshot.
 */
function normalize(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/SELECT (?:(?!\bFROM\b).)* FROM/g, 'SELECT … FROM')
    .replace(/\$\d+(\s*,\s*\$\d+)*/g, '$n')
    .trim();
}

async function statementsOf(document: DocumentNode | string, variables: Record<string, unknown>): Promise<string[]> {
  recorded.length = 0;
  raw.length = 0;
  recording = true;
  try {
    const res = await signedIn.api.request(typeof document === 'string' ? document : print(document), variables);
    expect(res.errors).toBeUndefined();
  } finally {
    recording = false;
  }
  // Only what answered the query: the token lookup is the same for every request, pg-boss is not ours.
  // Sorted: sibling fields resolve concurrently, so their statements interleave in any order.
  return recorded.filter((s) => !/pgboss\./i.test(s)).sort();
}

async function createInstance(subDomain: string): Promise<string> {
  const res = await signedIn.api.request(
    `mutation($input: CreateInstanceInput!) { createInstance(input: $input) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
    {
      input: { name: `Instance ${subDomain}`, subDomain },
    },
  );
  return res.data.createInstance.data.id;
}

async function spawn(instanceId: string): Promise<string> {
  const res = await signedIn.api.request(
    `mutation($id: ID!) { spawnAppServer(instanceId: $id, options: { cancelPending: true }) { ... on MutationSpawnAppServerSuccess { data { appServers { id } } } } }`,
    { id: instanceId },
  );
  return res.data.spawnAppServer.data.appServers[0].id;
}

beforeAll(async () => {
  // The web role only: a worker's polling would mix its statements into the recording.
  signedIn = await startSignedInApp({ env: { PROCESS_ROLES: 'web' } });
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : config?.text;
    if (recording && text) {
      recorded.push(normalize(text));
      raw.push(text);
    }
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
});

afterAll(async () => {
  pg.Client.prototype.query = originalQuery;
  await signedIn?.close();
});

describe('the SQL of the console’s main queries', () => {
  it('runs the same statements for the instance list, an instance page and an app server page, whatever the number of rows', async () => {
    const instances = [await createInstance('sql-one'), await createInstance('sql-two')];
    const appServers = [await spawn(instances[0]), await spawn(instances[0])];
    const small = {
      list: await statementsOf(InstancesDocument, { first: 50 }),
      instance: await statementsOf(InstanceDocument, { id: instances[0] }),
      appServer: await statementsOf(AppServerDocument, { id: appServers[0] }),
    };
    expect(small).toMatchSnapshot();

    for (const name of ['sql-three', 'sql-four', 'sql-five']) instances.push(await createInstance(name));
    for (let i = 0; i < 3; i++) appServers.push(await spawn(instances[0]));
    for (const id of instances.slice(1)) await spawn(id);
    const large = {
      list: await statementsOf(InstancesDocument, { first: 50 }),
      instance: await statementsOf(InstanceDocument, { id: instances[0] }),
      appServer: await statementsOf(AppServerDocument, { id: appServers[4] }),
    };
    expect(large).toEqual(small);
  });
});

// A page of the API's own list, with the per-object fields that used to cost a statement each.
const API_PAGE = `query($first: Int) { instances(first: $first) { edges { node { id name drift { fields }
  appServers(first: 10) { edges { node { id status isSteady steps { name status } deployment { id status queuePosition } } } } } } } }`;

describe('list reads that scale', () => {
  it('answers instances(first: 50) with app servers, steps, drift and queue positions in as many statements for 2 instances as for 6', async () => {
    const before = await statementsOf(API_PAGE, { first: 50 });
    const count = (await signedIn.api.request(`{ instances(first: 100) { edges { node { id } } } }`)).data.instances.edges.length;
    for (const name of ['page-a', 'page-b', 'page-c', 'page-d']) await spawn(await createInstance(name));
    const after = await statementsOf(API_PAGE, { first: 50 });
    const res = await signedIn.api.request(API_PAGE, { first: 50 });
    expect(res.data.instances.edges.length).toBe(count + 4);
    // Batched fields still answer per object: no worker runs here, so each new deployment waits in the queue.
    const newest = res.data.instances.edges.slice(0, 4).map((e: any) => e.node.appServers.edges[0].node);
    expect(newest.every((a: any) => Array.isArray(a.steps) && a.deployment.status === 'QUEUED')).toBe(true);
    expect(new Set(newest.map((a: any) => a.deployment.queuePosition)).size).toBe(4);
    expect(res.data.instances.edges[0].node.drift.fields).toEqual([]);
    expect(after).toEqual(before);
    expect(after.length).toBeLessThanOrEqual(10);
  });

  it('reads no secret and no settings column unless a field asks for it', async () => {
    const secretColumns = /PasswordEnc|secretMasterEnc|renderedSettingsEnc|settingsLayers|"configurationExtraSettings"/;
    await statementsOf(InstancesDocument, { first: 50 });
    expect(raw.filter((s) => secretColumns.test(s))).toEqual([]);
    // Drift compares the configuration (extra settings included), never the secrets.
    await statementsOf(API_PAGE, { first: 50 });
    expect(raw.filter((s) => /PasswordEnc|secretMasterEnc|renderedSettingsEnc|settingsLayers/.test(s))).toEqual([]);
    // The check can fail: asking for the extra settings reads that column.
    await statementsOf(`{ instances(first: 5) { edges { node { configurationExtraSettings } } } }`, {});
    expect(raw.some((s) => secretColumns.test(s))).toBe(true);
  });
});
