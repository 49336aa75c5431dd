import type pg from 'pg';
import { withTx } from '../db.ts';
import { insertLogLines } from '../logs.ts';
import { config } from '../settings.ts';
import { announce } from '../services/notify.ts';
import { deploymentLabel } from '../services/deployments.ts';
import { deploymentDispatch, enqueue, instanceAllocate } from '../queue.ts';
import { handle } from './handlers.ts';

/**
 * Starts the queued deployments that fit in the free provisioning capacity (SPEC.md §6.2), in
 * order: ADMIN/USER/REGISTRATION ahead of PR/PERIODIC/BATCH, then taking turns between instances
 * (one instance's burst does not hold back another's), then oldest first. Returns the ids started.
 * Runs in the caller's transaction.
 */
export async function dispatchQueued(client: pg.PoolClient): Promise<string[]> {
  // Serialises capacity decisions so two dispatches cannot both take the last unit.
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('capacity', 0))`);
  const max = config().maxConcurrentProvisioning;
  const busy = await client.query(
    `SELECT count(*)::int AS n FROM app_server a JOIN deployment d ON d.id = a."deploymentId"
     WHERE d."startedAt" IS NOT NULL AND d."cancelledAt" IS NULL AND a.status IN ('NEW', 'WAITING_FOR_SERVER', 'CONFIGURING_SERVER')`,
  );
  let free = max - busy.rows[0].n;
  if (free <= 0) return [];
  const queued = await client.query(
    `SELECT id, "instanceId", "targetCount" FROM (
       SELECT id, "instanceId", "targetCount", "createdAt",
         CASE WHEN type IN ('ADMIN', 'USER', 'REGISTRATION') THEN 0 ELSE 1 END AS tier,
         row_number() OVER (PARTITION BY "instanceId" ORDER BY "createdAt", id) AS turn
       FROM deployment WHERE "startedAt" IS NULL AND "cancelledAt" IS NULL AND "finishedAt" IS NULL
     ) q ORDER BY tier, turn, "createdAt", id LIMIT $1`,
    [free],
  );
  const started: string[] = [];
  for (const d of queued.rows) {
    // A deployment larger than the whole capacity starts alone rather than never.
    const need = Math.min(d.targetCount, max);
    // Strict order: a big deployment at the head is not overtaken by smaller ones behind it.
    if (need > free) break;
    const res = await client.query(
      `UPDATE deployment SET "startedAt" = now(), "updatedAt" = now(),
         "previouslyActiveAppServerIds" = ARRAY(SELECT id FROM app_server WHERE "instanceId" = $2 AND active)
       WHERE id = $1 AND "cancelledAt" IS NULL AND "startedAt" IS NULL`,
      [d.id, d.instanceId],
    );
    if (res.rowCount !== 1) continue;
    free -= need;
    const waited = await client.query(`SELECT 1 FROM provisioning_step WHERE "deploymentId" = $1 AND name = 'deployment.start' AND status = 'PENDING'`, [d.id]);
    if (waited.rowCount) {
      await insertLogLines(client, [
        { target: { instanceId: d.instanceId }, level: 'INFO', text: `${await deploymentLabel(client, d.id)} starts: provisioning capacity is free.` },
      ]);
    }
    // The deployment's own start job, queued or waiting, finds its step done and stops there.
    await client.query(
      `INSERT INTO provisioning_step ("deploymentId", name, attempt, status, "startedAt", "finishedAt")
       VALUES ($1, 'deployment.start', 1, 'SUCCEEDED', now(), now())
       ON CONFLICT ("deploymentId", name, attempt) DO UPDATE
         SET status = 'SUCCEEDED', "finishedAt" = now(), lease = NULL, error = NULL, "updatedAt" = now()`,
      [d.id],
    );
    await enqueue(client, instanceAllocate, { deploymentId: d.id });
    await announce(client, 'DEPLOYMENT', d.id, d.instanceId);
    started.push(d.id);
  }
  return started;
}

/** Asks for a dispatch soon; at most one waits in the queue, so a burst of requests costs one run. */
export async function requestDispatch(client: pg.PoolClient): Promise<void> {
  await enqueue(client, deploymentDispatch, {});
}

/**
 * Starts queued deployments when capacity frees up: requested when an app server turns steady or a
 * deployment is cancelled, and by the sweeper as a backstop. Replaces one poll job per queued
 * deployment, which jammed the queue under a burst.
 */
export const deploymentDispatchHandler = handle(deploymentDispatch, async () => {
  await withTx((client) => dispatchQueued(client));
});
