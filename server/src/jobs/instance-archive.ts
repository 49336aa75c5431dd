import { pool, withTx } from '../db.ts';
import { lockLiveAppServersOfInstance } from '../data/app-servers.ts';
import { uncancelledPendingDeploymentIds } from '../data/deployments.ts';
import { instanceArchivedAt, markArchived } from '../data/instances.ts';
import { insertLogLines } from '../logs.ts';
import { cancelDeploymentIn, deactivateIn, requestTermination } from '../services/appservers.ts';
import { announce } from '../services/notify.ts';
import { enqueue, instanceArchive, monitoringSync } from '../queue.ts';
import { notifyArchiveResult } from '../services/notifications.ts';
import { handle } from './handlers.ts';
import { deprovisionBrokerOnArchive } from './persistent-data.ts';
import { dropInstanceRouting } from '../services/routing-allocation.ts';

// Terminations that ended without terminating are requested again this many times (SPEC.md §5).
export const ARCHIVE_TERMINATE_RETRIES = 5;

/**
 * Archives an instance: cancels in-flight deployments, deactivates and terminates every app
 * server, drops its backend from its load balancer and deletes its DNS records (walking the
 * ledger), then stamps archivedAt. Each terminate ends by
 * its own deadline; one that ends without terminating is retried, 5 times, then the archive stops
 * with an ERROR line on the instance and a notification. Calling again resumes.
 */
export const instanceArchiveHandler = handle(instanceArchive, async ({ instanceId, poll = 0, retries = 0 }) => {
  const inst = await instanceArchivedAt(pool, instanceId);
  if (!inst || inst.archivedAt) return;
  const gaveUp = await withTx(async (client) => {
    for (const deploymentId of await uncancelledPendingDeploymentIds(client, instanceId)) await cancelDeploymentIn(client, deploymentId, instanceId);
    const servers = await lockLiveAppServersOfInstance(client, instanceId);
    // Not requested yet (first pass), or requested and ended without terminating (later passes).
    const idle = servers.filter((s) => !s.terminationRequestedAt || s.active);
    let nextRetries = retries;
    if (poll > 0 && idle.length > 0) {
      if (retries >= ARCHIVE_TERMINATE_RETRIES) {
        await insertLogLines(client, [
          {
            target: { instanceId },
            level: 'ERROR',
            text: `Archive stopped: ${idle.length} app server(s) could not be terminated after ${ARCHIVE_TERMINATE_RETRIES} retries. Archive again to retry.`,
          },
        ]);
        await announce(client, 'INSTANCE', instanceId, instanceId);
        return idle.length;
      }
      nextRetries = retries + 1;
      await insertLogLines(client, [
        {
          target: { instanceId },
          level: 'WARNING',
          text: `Archive: terminating ${idle.length} app server(s) again (retry ${nextRetries} of ${ARCHIVE_TERMINATE_RETRIES}).`,
        },
      ]);
    }
    for (const s of idle) {
      if (s.active) await deactivateIn(client, s.id, instanceId);
      await requestTermination(client, s.id, instanceId);
    }
    if (servers.length > 0) {
      // Wait for the terminations, looking less often as the wait grows.
      const startAfter = Math.min(2 * 2 ** Math.min(poll, 3), 15);
      await enqueue(client, instanceArchive, { instanceId, poll: poll + 1, retries: nextRetries }, { startAfter });
      return 0;
    }
    return 'teardown' as const;
  });
  if (gaveUp === 'teardown') {
    // Routing goes last, each part walking the ledger, so a rerun after a crash anywhere finishes it.
    const notes = await dropInstanceRouting(instanceId);
    // The vhost and broker users go; databases, users, bucket and logs stay (SPEC §5).
    await deprovisionBrokerOnArchive(instanceId);
    await withTx(async (client) => {
      await markArchived(client, instanceId);
      // Monitoring off (SPEC §5): its own retried job, so a provider outage never holds the archive.
      await enqueue(client, monitoringSync, { instanceId });
      await insertLogLines(client, [
        ...notes.map((text) => ({ target: { instanceId }, level: 'WARNING' as const, text })),
        { target: { instanceId }, level: 'INFO', text: 'Archived: app servers terminated and routing dropped; databases and logs kept.' },
      ]);
      await announce(client, 'INSTANCE', instanceId, instanceId);
    });
    await notifyArchiveResult(instanceId, null);
  } else if (gaveUp) {
    await notifyArchiveResult(instanceId, `${gaveUp} app server(s) could not be terminated after ${ARCHIVE_TERMINATE_RETRIES} retries.`);
  }
});
