import { advisoryXactLock, prisma, type Queryable } from '../db.ts';

export interface WatchedPullRequestRow {
  id: string;
  watchedForkId: string | null;
  repo: string;
  number: number;
  url: string;
  title: string;
  authorLogin: string;
  headRepo: string | null;
  headRef: string;
  headSha: string;
  baseRef: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  draft: boolean;
  closedAt: Date | null;
  settingsYaml: string | null;
  settingsError: string | null;
  databaseModeTag: 'EPHEMERAL' | 'PERSISTENT' | null;
  qualifies: boolean;
  instanceId: string | null;
  statusCommentId: string | null;
  checkRunId: string | null;
  checkRunSha: string | null;
  deployedHeadSha: string | null;
  settingsChangedAt: Date | null;
  redeployDueAt: Date | null;
  lastSyncedAt: Date | null;
}

/** One sync of a PR at a time, cluster-wide, until the caller's transaction ends. */
export function lockPullRequestKey(db: Queryable, repo: string, number: number): Promise<void> {
  return advisoryXactLock(db, `watched_pull_request:${repo.toLowerCase()}#${number}`);
}

export async function pullRequestByNumber(db: Queryable, repo: string, number: number): Promise<WatchedPullRequestRow | null> {
  return (await db.query(`SELECT * FROM watched_pull_request WHERE repo = lower($1) AND number = $2`, [repo, number])).rows[0] ?? null;
}

export async function loadPullRequest(db: Queryable, id: string): Promise<WatchedPullRequestRow | null> {
  return (await db.query(`SELECT * FROM watched_pull_request WHERE id = $1`, [id])).rows[0] ?? null;
}

export async function pullRequestOfInstance(db: Queryable, instanceId: string): Promise<WatchedPullRequestRow | null> {
  return (await db.query(`SELECT * FROM watched_pull_request WHERE "instanceId" = $1`, [instanceId])).rows[0] ?? null;
}

/** The PR whose sandbox a PR deployment's app server belongs to; null for any other app server. */
export async function pullRequestIdOfPrAppServer(db: Queryable, appServerId: string): Promise<string | null> {
  const res = await db.query(
    `SELECT w.id FROM app_server a
       JOIN deployment d ON d.id = a."deploymentId" AND d.type = 'PR'
       JOIN watched_pull_request w ON w."instanceId" = a."instanceId"
     WHERE a.id = $1`,
    [appServerId],
  );
  return res.rows[0]?.id ?? null;
}

/** Inserts or updates the PR's row by (repo, number); returns its id. */
export async function upsertPullRequest(db: Queryable, columns: Record<string, unknown> & { repo: string; number: number }): Promise<string> {
  const names = Object.keys(columns);
  const updates = names.filter((n) => n !== 'repo' && n !== 'number');
  const res = await db.query(
    `INSERT INTO watched_pull_request (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (repo, number) DO UPDATE SET ${updates.map((n) => `"${n}" = EXCLUDED."${n}"`).join(', ')}, "updatedAt" = now()
     RETURNING id`,
    Object.values(columns),
  );
  return res.rows[0].id as string;
}

export async function updatePullRequestColumns(db: Queryable, id: string, columns: Record<string, unknown>): Promise<void> {
  const names = Object.keys(columns);
  if (!names.length) return;
  await db.query(`UPDATE watched_pull_request SET ${names.map((n, i) => `"${n}" = $${i + 2}`).join(', ')}, "updatedAt" = now() WHERE id = $1`, [
    id,
    ...Object.values(columns),
  ]);
}

/** Tracked PRs not closed yet: the reconcile looks at each even if its fork stopped listing it. */
export async function unclosedPullRequests(db: Queryable): Promise<{ repo: string; number: number }[]> {
  return (await db.query(`SELECT repo, number FROM watched_pull_request WHERE state = 'OPEN' ORDER BY repo, number`)).rows;
}

/** PRs whose debounced redeploy is due. */
export async function dueRedeploys(db: Queryable): Promise<string[]> {
  return (await db.query(`SELECT id FROM watched_pull_request WHERE "redeployDueAt" <= now() ORDER BY "redeployDueAt"`)).rows.map((r) => r.id as string);
}

/** Claims a due redeploy: true once per burst, however many workers ask. */
export async function takeDueRedeploy(db: Queryable, id: string): Promise<boolean> {
  const res = await db.query(`UPDATE watched_pull_request SET "redeployDueAt" = NULL, "updatedAt" = now() WHERE id = $1 AND "redeployDueAt" <= now()`, [id]);
  return res.rowCount === 1;
}

/** Instances of PRs closed at least `days` ago and not archived yet. */
export async function closedSandboxesToArchive(db: Queryable, days: number): Promise<string[]> {
  const res = await db.query(
    `SELECT p."instanceId" FROM watched_pull_request p JOIN instance i ON i.id = p."instanceId"
     WHERE p.state <> 'OPEN' AND p."closedAt" <= now() - make_interval(days => $1)
       AND i."archivedAt" IS NULL AND i."archiveRequestedAt" IS NULL`,
    [days],
  );
  return res.rows.map((r) => r.instanceId as string);
}

/** Non-archived PR sandboxes (SPEC §6.2 MAX_PR_SANDBOXES). */
export async function livePrSandboxCount(db: Queryable): Promise<number> {
  const res = await db.query(
    `SELECT count(*)::int AS n FROM watched_pull_request p JOIN instance i ON i.id = p."instanceId" WHERE i."archivedAt" IS NULL AND i."archiveRequestedAt" IS NULL`,
  );
  return res.rows[0].n as number;
}

// GraphQL reads.

export function pullRequestOfInstanceForGraphQL(query: object, instanceId: string) {
  return prisma.watchedPullRequest.findUnique({ ...query, where: { instanceId } });
}

/** The open PRs' heads of these instances, in one statement (the instance list's drift). */
export async function openPullRequestHeads(db: Queryable, instanceIds: string[]): Promise<Map<string, string>> {
  const res = await db.query(`SELECT "instanceId", "headSha" FROM watched_pull_request WHERE "instanceId" = ANY($1::uuid[]) AND state = 'OPEN'`, [instanceIds]);
  return new Map(res.rows.map((r) => [r.instanceId as string, r.headSha as string]));
}
