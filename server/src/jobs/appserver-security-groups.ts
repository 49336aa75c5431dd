import { insertLogLines } from '../logs.ts';
import { withAdvisoryLock } from '../db.ts';
import { markStepSkipped } from '../data/provisioning-steps.ts';
import { describeError } from '../errors.ts';
import { failAppServer, givesUp } from './context.ts';
import { computeProvider } from '../compute.ts';
import { ledgerFor } from './ledger.ts';
import { appServerSecurityGroups } from '../queue.ts';
import { handle } from './handlers.ts';
import { beginStep, enqueueNextStep } from './pipeline.ts';

/**
 * Step 4: the managed security group with exactly the configured rules, and the instance's
 * additional groups, which must already exist. Providers without a firewall skip it.
 */
export const appServerSecurityGroupsHandler = handle(appServerSecurityGroups, async ({ appServerId }, job) => {
  const begun = await beginStep(appServerSecurityGroups, appServerId);
  if (!begun) return;
  const { a, step } = begun;
  const compute = computeProvider();
  if (!compute.syncSecurityGroups) {
    await step.complete(async (client) => {
      await markStepSkipped(client, step.row.id);
      await enqueueNextStep(client, appServerSecurityGroups, a);
    });
    return;
  }
  try {
    // The managed group and its rules belong to the installation, not to this instance.
    // The managed group is shared by every app server: one sync at a time, installation-wide.
    await withAdvisoryLock('security-groups', () => compute.syncSecurityGroups!(a.additionalSecurityGroups ?? [], ledgerFor({})));
  } catch (e) {
    if (!givesUp(e, job, appServerSecurityGroups.options.retryLimit)) throw e;
    await step.fail(describeError(e), (client) => failAppServer(client, a, 'ERROR', `security groups: ${describeError(e)}`));
    return;
  }
  await step.complete(async (client) => {
    await insertLogLines(client, [{ target: { appServerId }, level: 'INFO', text: 'Security groups in place.' }]);
    await enqueueNextStep(client, appServerSecurityGroups, a);
  });
});
