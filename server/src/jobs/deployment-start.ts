import { pool } from '../db.ts';
import { insertLogLines } from '../logs.ts';
import { config } from '../settings.ts';
import { announce } from '../services/notify.ts';
import { defineJob, enqueue } from './queue.ts';
import { claimStep } from './step.ts';

/**
 * Step 1: takes capacity (one unit per app server; at most MAX_CONCURRENT_PROVISIONING provision
 * at once, cluster-wide) and records which app servers were active, then hands over to allocation.
 */
export const deploymentStart = defineJob<{ deploymentId: string; poll?: number }>({
  name: 'deployment.start',
  options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  async handler({ deploymentId, poll = 0 }) {
    const step = await claimStep({ deploymentId }, 'deployment.start');
    if (!step) return;
    const dep = (await pool.query(`SELECT "instanceId", "cancelledAt", "targetCount" FROM deployment WHERE id = $1`, [deploymentId])).rows[0];
    if (!dep) return;
    if (dep.cancelledAt) {
      await step.complete(async () => {});
      return;
    }
    await step.complete(async (client) => {
      // A cancel may have landed since the read above; the row lock makes the answer final.
      const current = await client.query(`SELECT "cancelledAt" FROM deployment WHERE id = $1 FOR UPDATE`, [deploymentId]);
      if (current.rows[0].cancelledAt) return;
      // Serialises capacity decisions so two deployments cannot both take the last unit.
      await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('capacity', 0))`);
      const busy = await client.query(
        `SELECT count(*)::int AS n FROM app_server a JOIN deployment d ON d.id = a."deploymentId"
         WHERE d."startedAt" IS NOT NULL AND d."cancelledAt" IS NULL AND a.status IN ('NEW', 'WAITING_FOR_SERVER', 'CONFIGURING_SERVER')`,
      );
      const ahead = await client.query(
        `SELECT count(*)::int AS n FROM deployment WHERE "startedAt" IS NULL AND "cancelledAt" IS NULL AND "createdAt" < (SELECT "createdAt" FROM deployment WHERE id = $1)`,
        [deploymentId],
      );
      const free = config().maxConcurrentProvisioning - busy.rows[0].n;
      if (free < dep.targetCount || ahead.rows[0].n > 0) {
        // Not our turn: undo the success mark by re-opening the step and polling again.
        await client.query(`UPDATE provisioning_step SET status = 'PENDING', "finishedAt" = NULL WHERE id = $1`, [step.row.id]);
        await enqueue(client, 'deployment.start', { deploymentId, poll: poll + 1 }, { singletonKey: `deployment.start:${deploymentId}:${poll + 1}`, startAfter: 5 });
        if (poll === 0) {
          await insertLogLines(client, [{ target: { instanceId: dep.instanceId }, level: 'INFO', text: `Deployment ${deploymentId} is queued: provisioning capacity is in use.` }]);
        }
        return;
      }
      await client.query(
        `UPDATE deployment SET "startedAt" = now(), "updatedAt" = now(),
           "previouslyActiveAppServerIds" = ARRAY(SELECT id FROM app_server WHERE "instanceId" = $2 AND active)
         WHERE id = $1 AND "cancelledAt" IS NULL`,
        [deploymentId, dep.instanceId],
      );
      await enqueue(client, 'instance.allocate', { deploymentId }, { singletonKey: `instance.allocate:${deploymentId}` });
      await announce(client, 'DEPLOYMENT', deploymentId, dep.instanceId);
    });
  },
});
