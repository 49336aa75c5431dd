import { LeaseLost } from '../../server/src/jobs/step.ts';
import { deploymentStartHandler } from '../../server/src/jobs/deployment-start.ts';
import { instanceAllocateHandler } from '../../server/src/jobs/instance-allocate.ts';
import { appServerPrepareHandler } from '../../server/src/jobs/appserver-prepare.ts';
import { appServerSecurityGroupsHandler } from '../../server/src/jobs/appserver-security-groups.ts';
import { appServerCreateVmHandler } from '../../server/src/jobs/appserver-create-vm.ts';
import { appServerWaitVmHandler } from '../../server/src/jobs/appserver-wait-vm.ts';
import { appServerRunRecipeHandler } from '../../server/src/jobs/appserver-run-recipe.ts';
import { appServerHealthCheckHandler } from '../../server/src/jobs/appserver-health-check.ts';
import { deploymentEvaluateHandler } from '../../server/src/jobs/deployment-evaluate.ts';
import { log } from '../../server/src/logs.ts';
import { pool } from '../../server/src/db.ts';

/** Runs a step twice at once; only losing the lease may fail. Then once more, as a late retry. */
async function twice(run: () => Promise<void>): Promise<void> {
  const results = await Promise.allSettled([run(), run()]);
  for (const r of results) if (r.status === 'rejected' && !(r.reason instanceof LeaseLost)) throw r.reason;
  // pg-boss would retry a run that threw; a retry after the step finished must change nothing.
  await run();
}

/** Delivers every pipeline step of one app server twice, concurrently, in order (web role: no worker). */
export async function deliverEveryStepTwice(deploymentId: string, appServerId: string): Promise<void> {
  const job = {} as any;
  await twice(() => deploymentStartHandler.handler({ deploymentId }, job));
  await twice(() => instanceAllocateHandler.handler({ deploymentId }, job));
  await twice(() => appServerPrepareHandler.handler({ appServerId, attempt: 1 }, job));
  await twice(() => appServerSecurityGroupsHandler.handler({ appServerId, attempt: 1 }, job));
  await twice(() => appServerCreateVmHandler.handler({ appServerId, attempt: 1 }, job));
  await twice(() => appServerWaitVmHandler.handler({ appServerId, attempt: 1, poll: 0 }, job));
  await pollUntilStepEnds(appServerId, 'appserver.waitVm', (poll) => appServerWaitVmHandler.handler({ appServerId, attempt: 1, poll }, job));
  await twice(() => appServerRunRecipeHandler.handler({ appServerId, attempt: 1 }, job));
  await twice(() => appServerHealthCheckHandler.handler({ appServerId, attempt: 1, poll: 0 }, job));
  await pollUntilStepEnds(appServerId, 'appserver.healthCheck', (poll) => appServerHealthCheckHandler.handler({ appServerId, attempt: 1, poll }, job));
  await twice(() => deploymentEvaluateHandler.handler({ deploymentId, appServerId, outcome: 'RUNNING' }, job));
  await log.flush();
}

/**
 * A waiting step that outlives its first quick polls (a loaded machine) hands over to a poll job,
 * which no worker runs here: deliver those polls too, until the step ends.
 */
async function pollUntilStepEnds(appServerId: string, name: string, poll: (n: number) => Promise<void>): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (let n = 1; ; n++) {
    const step = await pool.query(`SELECT status FROM provisioning_step WHERE "appServerId" = $1 AND name = $2 ORDER BY attempt DESC LIMIT 1`, [
      appServerId,
      name,
    ]);
    if (!step.rows[0] || !['PENDING', 'RUNNING'].includes(step.rows[0].status)) return;
    if (Date.now() > deadline) throw new Error(`${name} still ${step.rows[0].status} after 90 s of polls`);
    await new Promise((r) => setTimeout(r, 500));
    await poll(n);
  }
}
