// List reads over HTTP next to the raw SQL join of the same rows, at growing sizes, with the
// number of SQL statements each request costs.
import pg from 'pg';
import { now, summarize, type Summary } from './lib/stats.ts';

export const FIRST_50 = `query($after: String) { instances(first: 50, after: $after) { edges { node { id name appServers(first: 10) { edges { node { id status } } } } }
  pageInfo { hasNextPage endCursor } } }`;
const PAGE_100 = FIRST_50.replace('first: 50', 'first: 100');

/** Plain fetch with the API token: what any script does. */
export function httpGraphql(url: string, token: string) {
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
}

/** Counts the statements the product sends while `run` runs (it shares this process), pg-boss and the worker's heartbeat aside. */
export async function countStatements(run: () => Promise<unknown>): Promise<number> {
  const original = pg.Client.prototype.query;
  let count = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : config?.text;
    if (text && !/pgboss|worker_process|^\s*(LISTEN|UNLISTEN|BEGIN|COMMIT|ROLLBACK)/i.test(text)) count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return count;
}

async function samples(n: number, warmup: number, run: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < warmup + n; i++) {
    const start = now();
    await run();
    if (i >= warmup) out.push(now() - start);
  }
  return out;
}

/**
 * Instances with `appServersEach` app servers each, created through the API; the app servers and
 * their deployment are written as rows (Running, 16 KB of stored settings each, as a prepared
 * app server has) because provisioning 5,000 of them is not what is measured here.
 */
export async function seedInstances(gql: ReturnType<typeof httpGraphql>, databaseUrl: string, from: number, to: number, appServersEach: number) {
  for (let i = from; i < to; i++) {
    await gql(`mutation($input: CreateInstanceInput!) { createInstance(input: $input) { __typename } }`, {
      input: { name: `List ${i}`, subDomain: `list-${String(i).padStart(5, '0')}` },
    });
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `WITH fresh AS (SELECT i.* FROM instance i WHERE i."subDomain" LIKE 'list-%' AND NOT EXISTS (SELECT 1 FROM deployment d WHERE d."instanceId" = i.id)),
            dep AS (INSERT INTO deployment (id, "instanceId", type, "targetCount", status, "startedAt", "finishedAt", "updatedAt")
                    SELECT gen_random_uuid(), id, 'USER', $1, 'HEALTHY', now(), now(), now() FROM fresh RETURNING id, "instanceId")
       INSERT INTO app_server (number, "instanceId", "deploymentId", slot, status, active, "settingsLayers", "renderedSettingsEnc", "updatedAt",
         name, "internalLmsDomain", "internalPreviewDomain", "internalStudioDomain", profile, recipe, email, "openedxRelease", "configurationSourceRepoUrl",
         "configurationVersion", "configurationExtraSettings", "edxPlatformRepositoryUrl", "edxPlatformCommit", "databaseMode", flavor, image, "sshKeyName", "additionalSecurityGroups")
       SELECT n, f.id, dep.id, n - 1, 'RUNNING', n = $1, jsonb_build_object('settings', repeat('x', 16384)), repeat('y', 16384), now(),
         f.name, f."internalLmsDomain", f."internalPreviewDomain", f."internalStudioDomain", f.profile, f.recipe, f.email, f."openedxRelease", f."configurationSourceRepoUrl",
         f."configurationVersion", f."configurationExtraSettings", f."edxPlatformRepositoryUrl", f."edxPlatformCommit", f."databaseMode", f.flavor, f.image, f."sshKeyName", f."additionalSecurityGroups"
       FROM fresh f JOIN dep ON dep."instanceId" = f.id CROSS JOIN generate_series(1, $1) n`,
      [appServersEach],
    );
    await db.query('ANALYZE');
  } finally {
    await db.end();
  }
}

export interface ListFigures {
  size: number;
  floor: Summary;
  first50: Summary;
  raw50: Summary;
  all: Summary;
  rawAll: Summary;
  statements50: number;
  statementsAll: number;
  rows: number;
}

/** `{ __typename }`, instances(first: 50) with app servers, all instances in pages of 100, and the raw joins. */
export async function measureLists(
  gql: ReturnType<typeof httpGraphql>,
  databaseUrl: string,
  size: number,
  opts: { n: number; allN: number },
): Promise<ListFigures> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rawJoin = (limit: number | null) =>
      db.query(
        `SELECT i.id, i.name, a.id AS a_id, a.status FROM (SELECT id, name, "createdAt" FROM instance WHERE "archivedAt" IS NULL ORDER BY "createdAt" DESC, id DESC ${limit ? `LIMIT ${limit}` : ''}) i
         LEFT JOIN app_server a ON a."instanceId" = i.id ORDER BY i."createdAt" DESC, i.id DESC, a.number DESC`,
      );
    const allPages = async () => {
      let after: string | null = null;
      let rows = 0;
      do {
        const page: any = (await gql(PAGE_100, { after })).instances;
        rows += page.edges.length;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return rows;
    };
    const floor = summarize(await samples(opts.n, 10, () => gql('{ __typename }')));
    const first50 = summarize(await samples(opts.n, 10, () => gql(FIRST_50)));
    const raw50 = summarize(await samples(opts.n, 10, () => rawJoin(50)));
    const all = summarize(await samples(opts.allN, 2, allPages));
    const rawAll = summarize(await samples(opts.allN, 2, () => rawJoin(null)));
    let rows = 0;
    const statements50 = await countStatements(() => gql(FIRST_50));
    const statementsAll = await countStatements(async () => (rows = await allPages()));
    return { size, floor, first50, raw50, all, rawAll, statements50, statementsAll, rows };
  } finally {
    await db.end();
  }
}
