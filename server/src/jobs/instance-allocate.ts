import { pool } from '../db.ts';
import { insertLogLines } from '../logs.ts';
import { config } from '../settings.ts';
import { instanceAllocate } from '../queue.ts';
import { handle } from './handlers.ts';
import { startPipeline } from './pipeline.ts';
import { claimStep } from './step.ts';

/**
 * Step 2: each resource the instance lacks. With the local provider the built-in load balancer
 * routes by Host header and needs nothing allocated; kinds without a provider are skipped with
 * one warning on the instance.
 */
export const instanceAllocateHandler = handle(instanceAllocate, async ({ deploymentId }) => {
  const step = await claimStep({ deploymentId }, instanceAllocate.name);
  if (!step) return;
  const dep = (await pool.query(`SELECT "instanceId", "cancelledAt" FROM deployment WHERE id = $1`, [deploymentId])).rows[0];
  const servers = await pool.query(`SELECT id, attempt FROM app_server WHERE "deploymentId" = $1 AND status = 'NEW' AND "terminationRequestedAt" IS NULL`, [
    deploymentId,
  ]);
  const cfg = config();
  await step.complete(async (client) => {
    const skipped: string[] = [];
    if (cfg.loadBalancerProvider === 'none') skipped.push('load balancer');
    skipped.push('DNS');
    if (skipped.length) {
      const already = await client.query(`SELECT 1 FROM log_entry WHERE "instanceId" = $1 AND text LIKE 'No provider configured for%' LIMIT 1`, [
        dep.instanceId,
      ]);
      if (already.rowCount === 0) {
        await insertLogLines(client, [
          { target: { instanceId: dep.instanceId }, level: 'WARNING', text: `No provider configured for ${skipped.join(', ')}: skipped.` },
        ]);
      }
    }
    if (dep.cancelledAt) return;
    for (const s of servers.rows) await startPipeline(client, s.id, s.attempt);
  });
});
