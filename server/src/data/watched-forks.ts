import { prisma, type Queryable } from '../db.ts';

export interface WatchedForkRow {
  id: string;
  organizationId: string;
  fork: string;
  enabled: boolean;
  sandboxSubdomainTemplate: string;
  redeployOnPush: boolean;
  openedxRelease: string | null;
  configurationSourceRepoUrl: string | null;
  configurationVersion: string | null;
  image: string | null;
  configurationExtraSettings: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The fork PRs to `repo` target (GitHub names are case-insensitive; stored lower-case). */
export async function watchedForkByRepo(db: Queryable, repo: string): Promise<(WatchedForkRow & { organizationGithubHandle: string | null }) | null> {
  const res = await db.query(
    `SELECT f.*, o."githubHandle" AS "organizationGithubHandle" FROM watched_fork f JOIN organization o ON o.id = f."organizationId" WHERE f.fork = lower($1)`,
    [repo],
  );
  return res.rows[0] ?? null;
}

export async function loadWatchedFork(db: Queryable, id: string): Promise<WatchedForkRow | null> {
  return (await db.query(`SELECT * FROM watched_fork WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function lockWatchedFork(db: Queryable, id: string): Promise<WatchedForkRow | null> {
  return (await db.query(`SELECT * FROM watched_fork WHERE id = $1 FOR UPDATE`, [id])).rows[0] ?? null;
}

export async function enabledWatchedForks(db: Queryable): Promise<WatchedForkRow[]> {
  return (await db.query(`SELECT * FROM watched_fork WHERE enabled ORDER BY fork`)).rows;
}

/** Every other fork's subdomain template, so a new one can be checked against them. */
export async function otherSandboxTemplates(db: Queryable, exceptId: string | null): Promise<string[]> {
  const res = await db.query(`SELECT "sandboxSubdomainTemplate" AS t FROM watched_fork WHERE id IS DISTINCT FROM $1::uuid`, [exceptId]);
  return res.rows.map((r) => r.t as string);
}

/** Inserts the fork; null when another already watches that repository or uses that template. */
export async function insertWatchedFork(db: Queryable, columns: Record<string, unknown>): Promise<string | null> {
  const names = Object.keys(columns);
  const res = await db.query(
    `INSERT INTO watched_fork (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT DO NOTHING RETURNING id`,
    Object.values(columns),
  );
  return res.rowCount === 1 ? (res.rows[0].id as string) : null;
}

/** Updates the fork inside the caller's transaction; false when another fork has that repository or template. */
export async function updateWatchedForkColumns(db: Queryable, id: string, columns: Record<string, unknown>): Promise<boolean> {
  const names = Object.keys(columns);
  if (!names.length) return true;
  await db.query('SAVEPOINT watched_fork_update');
  try {
    await db.query(`UPDATE watched_fork SET ${names.map((n, i) => `"${n}" = $${i + 2}`).join(', ')}, "updatedAt" = now() WHERE id = $1`, [
      id,
      ...Object.values(columns),
    ]);
  } catch (e) {
    if ((e as { code?: string }).code !== '23505') throw e;
    await db.query('ROLLBACK TO SAVEPOINT watched_fork_update');
    return false;
  }
  await db.query('RELEASE SAVEPOINT watched_fork_update');
  return true;
}

export async function deleteWatchedFork(db: Queryable, id: string): Promise<boolean> {
  return ((await db.query(`DELETE FROM watched_fork WHERE id = $1`, [id])).rowCount ?? 0) === 1;
}

/** Seeds the first fork (WATCH_FORK + WATCH_ORGANIZATION) when there is none yet; later edits stay. */
export async function seedFirstWatchedFork(db: Queryable, fork: string, organizationId: string, redeployOnPush: boolean): Promise<void> {
  await db.query(
    `INSERT INTO watched_fork ("organizationId", fork, "redeployOnPush")
     SELECT $2, lower($1), $3 WHERE NOT EXISTS (SELECT 1 FROM watched_fork) ON CONFLICT DO NOTHING`,
    [fork, organizationId, redeployOnPush],
  );
}

// GraphQL reads.

export function watchedForksForGraphQL(query: object) {
  return prisma.watchedFork.findMany({ ...query, orderBy: { fork: 'asc' } });
}

export function findWatchedForkOrThrowForGraphQL(query: object, id: string) {
  return prisma.watchedFork.findUniqueOrThrow({ ...query, where: { id } });
}
