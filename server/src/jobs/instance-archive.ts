import { pool, withTx } from '../db.ts';
import { insertLogLines } from '../logs.ts';
import { cancelDeploymentIn, deactivateIn, requestTermination } from '../services/appservers.ts';
import { announce } from '../services/notify.ts';
import { defineJob, enqueue } from './queue.ts';

/**
 * Archives an instance: cancels in-flight deployments, deactivates and terminates every app
 * server (which drops it from the load balancer), then stamps archivedAt. Calling again resumes.
 */
export const instanceArchive = defineJob<{ instanceId: string; poll?: number }>({
  name: 'instance.archive',
  options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 },
  async handler({ instanceId, poll = 0 }) {
    const inst = (await pool.query(`SELECT "archivedAt" FROM instance WHERE id = $1`, [instanceId])).rows[0];
    if (!inst || inst.archivedAt) return;
    await withTx(async (client) => {
      const deployments = await client.query(`SELECT id FROM deployment WHERE "instanceId" = $1 AND "cancelledAt" IS NULL AND status IN ('QUEUED', 'PROVISIONING')`, [instanceId]);
      for (const d of deployments.rows) await cancelDeploymentIn(client, d.id, instanceId);
      const servers = await client.query(`SELECT id, active, "terminationRequestedAt" FROM app_server WHERE "instanceId" = $1 AND status <> 'TERMINATED' FOR UPDATE`, [instanceId]);
      for (const s of servers.rows) {
        if (s.active) await deactivateIn(client, s.id, instanceId);
        if (!s.terminationRequestedAt || s.active) await requestTermination(client, s.id, instanceId);
      }
      const remaining = servers.rowCount ?? 0;
      if (remaining > 0) {
        // Wait for the terminations, then finish.
        await enqueue(client, 'instance.archive', { instanceId, poll: poll + 1 }, { singletonKey: `instance.archive:${instanceId}:${poll + 1}`, startAfter: 2 });
        return;
      }
      await client.query(`UPDATE instance SET "archivedAt" = now(), "updatedAt" = now() WHERE id = $1`, [instanceId]);
      await insertLogLines(client, [{ target: { instanceId }, level: 'INFO', text: 'Archived: app servers terminated and routing dropped; databases and logs kept.' }]);
      await announce(client, 'INSTANCE', instanceId, instanceId);
    });
  },
});
