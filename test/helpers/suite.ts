import { afterAll, beforeAll } from 'vitest';
import type pg from 'pg';
import { startSignedInApp, type SignedInApp, type TestApp } from './app.ts';
import { CREATE_INSTANCE, SPAWN_APP_SERVER, TERMINATE_APP_SERVER } from './documents.ts';
import type { GqlClient } from './graphql.ts';

/**
 * The product signed in as `admin` for the whole file: started before the first test, closed
 * after the last. The `app`, `api` and `db` it returns stand for the started ones, so a file can
 * take them at its top: `const { app, api, db } = signedInSuite()`; they work inside tests and hooks.
 */
export function signedInSuite(opts: { env?: Record<string, string> } = {}): { app: TestApp; api: GqlClient; db: pg.Client } {
  let signedIn: SignedInApp | null = null;
  beforeAll(async () => {
    signedIn = await startSignedInApp(opts);
  });
  afterAll(async () => {
    await signedIn?.close();
  });
  const started = (): SignedInApp => {
    if (!signedIn) throw new Error('the suite has not started yet: use the app inside tests or hooks');
    return signedIn;
  };
  return { app: standIn(() => started().app), api: standIn(() => started().api), db: standIn(() => started().db) };
}

/** An object that forwards every property to the one `target()` answers when it is used. */
function standIn<T extends object>(target: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const t = target();
      const value = Reflect.get(t, key, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/** Creates an instance named `name` on `subDomain`; its global id. */
export async function createInstance(api: GqlClient, subDomain: string, name = subDomain): Promise<string> {
  const res = await api.request(CREATE_INSTANCE, { name, subDomain });
  if (res.data?.createInstance?.__typename !== 'MutationCreateInstanceSuccess') throw new Error(`createInstance(${subDomain}) failed: ${JSON.stringify(res)}`);
  return res.data.createInstance.data.id;
}

/** Spawns a deployment of the instance; the global ids of the deployment and its first app server. */
export async function spawnAppServer(
  api: GqlClient,
  instanceId: string,
  options: Record<string, unknown> = {},
): Promise<{ deploymentId: string; appServerId: string }> {
  const res = await api.request(SPAWN_APP_SERVER, { id: instanceId, options });
  if (res.data?.spawnAppServer?.__typename !== 'MutationSpawnAppServerSuccess') throw new Error(`spawnAppServer failed: ${JSON.stringify(res)}`);
  return { deploymentId: res.data.spawnAppServer.data.id, appServerId: res.data.spawnAppServer.data.appServers[0].id };
}

/** A new instance and a spawned deployment of it: the global ids of all three. */
export async function createAndSpawn(
  api: GqlClient,
  subDomain: string,
  options: Record<string, unknown> = {},
  name = subDomain,
): Promise<{ instanceId: string; deploymentId: string; appServerId: string }> {
  const instanceId = await createInstance(api, subDomain, name);
  return { instanceId, ...(await spawnAppServer(api, instanceId, options)) };
}

export async function terminateAppServer(api: GqlClient, appServerId: string): Promise<void> {
  await api.request(TERMINATE_APP_SERVER, { id: appServerId });
}
