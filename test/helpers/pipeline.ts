import { LeaseLost } from '../../server/src/jobs/step.ts';
import { deploymentStartHandler } from '../../server/src/jobs/deployment-start.ts';
import { instanceAllocateHandler } from '../../server/src/jobs/instance-allocate.ts';
import { appserverPrepareHandler } from '../../server/src/jobs/appserver-prepare.ts';
import { appserverSecurityGroupsHandler } from '../../server/src/jobs/appserver-security-groups.ts';
import { appserverCreateVmHandler } from '../../server/src/jobs/appserver-create-vm.ts';
import { appserverWaitVmHandler } from '../../server/src/jobs/appserver-wait-vm.ts';
import { appserverRunRecipeHandler } from '../../server/src/jobs/appserver-run-recipe.ts';
import { appserverHealthCheckHandler } from '../../server/src/jobs/appserver-health-check.ts';
import { deploymentEvaluateHandler } from '../../server/src/jobs/deployment-evaluate.ts';
import { log } from '../../server/src/logs.ts';

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
  await twice(() => appserverPrepareHandler.handler({ appServerId, attempt: 1 }, job));
  await twice(() => appserverSecurityGroupsHandler.handler({ appServerId, attempt: 1 }, job));
  await twice(() => appserverCreateVmHandler.handler({ appServerId, attempt: 1 }, job));
  await twice(() => appserverWaitVmHandler.handler({ appServerId, attempt: 1, poll: 0 }, job));
  await twice(() => appserverRunRecipeHandler.handler({ appServerId, attempt: 1 }, job));
  await twice(() => appserverHealthCheckHandler.handler({ appServerId, attempt: 1, poll: 0 }, job));
  await twice(() => deploymentEvaluateHandler.handler({ deploymentId, appServerId, outcome: 'RUNNING' }, job));
  await log.flush();
}
