import { pool, withTx } from '../db.ts';
import { clearTerminationRequest, lockAppServerForSweep, lockNewAppServersOfDeployment, pendingTerminations } from '../data/app-servers.ts';
import { recordFailureReason } from '../data/deployments.ts';
import { failStepPastDeadline, stepsPastDeadline } from '../data/provisioning-steps.ts';
import { insertLogLines } from '../logs.ts';
import { config } from '../settings.ts';
import { announce } from '../services/notify.ts';
import { send } from '../services/notifications.ts';
import { failAppServer } from './context.ts';
import { requestDispatch } from './deployment-dispatch.ts';
import { appServerTerminate, cancelJobs, deadlineSweep, enqueue, findJobs } from '../queue.ts';
import { handle } from './handlers.ts';

// A terminate may take SHUTDOWN_TIMEOUT for the VM to stop, plus this for retries and redelivery.
const TERMINATE_MARGIN_SECONDS = 900;
const BATCH = 100;

/**
 * Ends what outlived its deadline (SPEC.md §6.1): a step whose job exhausted its retries or whose
 * worker died unnoticed fails its app server; a terminate whose job was lost is sent again, and one
 * past its deadline ends with an error so the app server can be terminated again. Runs on the
 * DEADLINE_SWEEP_SCHEDULE (every minute), once cluster-wide.
 */
export const deadlineSweepHandler = handle(deadlineSweep, async () => {
  await sweepSteps();
  await sweepTerminations();
  // Backstop for a dispatch request that was lost: capacity may be free with deployments queued.
  await withTx((client) => requestDispatch(client));
});

async function sweepSteps(): Promise<void> {
  for (const id of await stepsPastDeadline(pool, BATCH)) {
    await withTx(async (client) => {
      const step = await failStepPastDeadline(client, id);
      if (!step) return;
      const reason = `the ${step.name} step did not finish by its deadline (${step.deadline.toISOString()})`;
      const owners = step.appServerId
        ? await lockAppServerForSweep(client, step.appServerId)
        : // A deployment's step (allocation) held back all of its app servers that have not started.
          await lockNewAppServersOfDeployment(client, step.deploymentId!);
      for (const a of owners) {
        // A terminate in progress ends the app server itself, by its own deadline.
        if (a.terminationRequestedAt) continue;
        const to = a.status === 'CONFIGURING_SERVER' ? 'CONFIGURATION_FAILED' : ['NEW', 'WAITING_FOR_SERVER'].includes(a.status) ? 'ERROR' : null;
        if (to) await failAppServer(client, a, to, reason);
      }
      if (step.deploymentId) {
        await recordFailureReason(client, step.deploymentId, reason);
      }
    });
  }
}

async function sweepTerminations(): Promise<void> {
  const cfg = config();
  const pending = await pendingTerminations(pool, cfg.shutdownTimeout + TERMINATE_MARGIN_SECONDS, BATCH);
  for (const a of pending) {
    const gaveUp = await withTx(async (client) => {
      const jobs = await findJobs(client, appServerTerminate, { appServerId: a.id });
      const live = jobs.filter((j) => ['created', 'retry', 'active'].includes((j as { state?: string }).state ?? ''));
      if (!a.overdue) {
        if (live.length === 0) {
          // The job was lost (it failed for good, or was never redelivered): ask again.
          await insertLogLines(client, [{ target: { appServerId: a.id }, level: 'WARNING', text: 'Termination had stopped: trying again.' }]);
          await enqueue(client, appServerTerminate, { appServerId: a.id });
        }
        return false;
      }
      await cancelJobs(
        client,
        appServerTerminate,
        live.map((j) => j.id),
      );
      if (!(await clearTerminationRequest(client, a.id))) return false;
      await insertLogLines(client, [
        {
          target: { appServerId: a.id },
          level: 'ERROR',
          text: `Termination did not finish within ${cfg.shutdownTimeout + TERMINATE_MARGIN_SECONDS} s and was abandoned: terminate again to retry.`,
        },
      ]);
      await announce(client, 'APP_SERVER', a.id, a.instanceId);
      return true;
    });
    if (gaveUp) {
      await send({
        kind: 'operatorWarning',
        data: {
          subject: 'Termination abandoned',
          text: `Termination of app server ${a.id} (instance ${a.instanceId}) did not finish in time and was abandoned.`,
        },
      });
    }
  }
}
