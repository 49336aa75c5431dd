import { withTx } from '../db.ts';
import { setCurrentStep } from '../data/app-servers.ts';
import { reopenStep } from '../data/provisioning-steps.ts';
import { basicAuthOf } from '../secrets.ts';
import { config } from '../settings.ts';
import { moveServer, transitionAppServer } from '../services/transitions.ts';
import { checkHttp, recipeFor } from '../integrations/recipes/index.ts';
import { insertLogLines } from '../logs.ts';
import { describeError } from '../errors.ts';
import { failAppServer, givesUpBy, isPermanent, loadAppServer, unreachableBackoff, vanishedFor, VANISHED_AFTER_MS } from './context.ts';
import { computeProvider } from '../compute.ts';
import { HostKeyMismatchError } from '../integrations/ssh/index.ts';
import { appServerHealthCheck, deploymentEvaluate, enqueue } from '../queue.ts';
import { handle } from './handlers.ts';
import { beginStep, enqueueStep } from './pipeline.ts';

const POLL_SECONDS = 10;
const QUICK_TRIES = 40;
const QUICK_TRY_MS = 250;

interface Cursor {
  rebooted?: boolean;
  rebootedAt?: number;
  /** Consecutive polls the provider did not answer: the backoff grows with them. */
  unreachable?: number;
  /** When the provider first answered 404 for the VM (SPEC §13: gone only on a second 404 ≥ 5 min later). */
  notFoundSince?: number;
}

/**
 * Step 8: reboots the VM through the provider (the local provider restarts its services), waits
 * until it answers SSH again (Booting → Ready, Unknown while the provider does not answer; another
 * host key or a VM gone for good is an Error), then checks the heartbeat until it answers below
 * 400 or HEARTBEAT_TIMEOUT passes.
 */
export const appServerHealthCheckHandler = handle(appServerHealthCheck, async ({ appServerId, poll = 0 }) => {
  const begun = await beginStep(appServerHealthCheck, appServerId, 'server');
  if (!begun) return;
  const { a, step } = begun;
  const compute = computeProvider();
  const server = a.server;
  let cursor = (step.row.cursor ?? {}) as Cursor;
  try {
    if (!cursor.rebooted) {
      // Booting is recorded before the reboot, so a retried run knows it must not reboot again.
      cursor = { rebooted: true, rebootedAt: Date.now() };
      await withTx(async (client) => {
        await step.fence(client);
        await moveServer(client, server.id, 'BOOTING');
        await step.save(client, { cursor });
      });
      await compute.reboot(server);
    }
    const current = (await loadAppServer(appServerId))!.server!;
    if (current.status === 'BOOTING' || current.status === 'UNKNOWN') {
      const since = cursor.rebootedAt ?? step.row.startedAt.getTime();
      const deadline = since + config().sshWaitTimeout * 1000;
      let ready = false;
      for (let i = 0; i < QUICK_TRIES && !ready; i++) {
        let status;
        try {
          status = await compute.status(current);
        } catch (e) {
          if (isPermanent(e)) throw e;
          if (Date.now() > deadline) throw e;
          // SPEC §4.2: the provider unreachable while polling → Unknown until a good answer.
          const unreachable = (cursor.unreachable ?? 0) + 1;
          cursor = { ...cursor, unreachable };
          await withTx(async (client) => {
            await step.fence(client);
            await moveServer(client, server.id, 'UNKNOWN');
            await step.save(client, { cursor });
          });
          await requeue(unreachableBackoff(unreachable));
          return;
        }
        if (status.state === 'NOT_FOUND') {
          const gone = vanishedFor(cursor.notFoundSince);
          if (gone === 'gone') {
            const reason = `the VM vanished after the reboot: the provider answered 404 on two checks ${VANISHED_AFTER_MS / 60_000} min apart`;
            await step.fail(reason, async (client) => {
              await moveServer(client, server.id, 'TERMINATED');
              await failAppServer(client, a, 'ERROR', reason);
            });
            return;
          }
          if (gone === 'first') cursor = { ...cursor, notFoundSince: Date.now() };
          await withTx((client) => step.save(client, { cursor }));
          await requeue(POLL_SECONDS);
          return;
        }
        if (cursor.notFoundSince || cursor.unreachable) {
          cursor = { rebooted: true, rebootedAt: cursor.rebootedAt };
          await withTx((client) => step.save(client, { cursor }));
        }
        if (status.state === 'ACTIVE' && current.status === 'UNKNOWN') {
          await withTx(async (client) => {
            await step.fence(client);
            await moveServer(client, server.id, 'BOOTING');
          });
          current.status = 'BOOTING';
        }
        // A different host key after the reboot is an impostor or a rebuilt VM: Error, never retried.
        ready =
          status.state === 'ACTIVE' &&
          (await compute.probe(current).catch((e) => {
            if (e instanceof HostKeyMismatchError || isPermanent(e)) throw e;
            return false;
          }));
        if (!ready) await new Promise((r) => setTimeout(r, QUICK_TRY_MS));
      }
      if (!ready) {
        if (Date.now() > deadline) {
          const reason = `the VM did not accept SSH within ${config().sshWaitTimeout} s of the reboot`;
          await step.fail(reason, (client) => failAppServer(client, a, 'CONFIGURATION_FAILED', reason));
          return;
        }
        await requeue(POLL_SECONDS);
        return;
      }
      await withTx(async (client) => {
        await step.fence(client);
        await moveServer(client, server.id, 'READY');
      });
    }
  } catch (e) {
    if (e instanceof HostKeyMismatchError) {
      const reason = `the VM presented another host key after the reboot: ${describeError(e)}`;
      await step.fail(reason, (client) => failAppServer(client, a, 'ERROR', reason));
      return;
    }
    if (!givesUpBy(e, (cursor.rebootedAt ?? step.row.startedAt.getTime()) + config().sshWaitTimeout * 1000)) throw e;
    const reason = `the reboot failed: ${describeError(e)}`;
    await step.fail(reason, (client) => failAppServer(client, a, 'CONFIGURATION_FAILED', reason));
    return;
  }
  const recipe = recipeFor(a.recipe);
  const auth = basicAuthOf(a.instance);
  let problem: string | null = 'not checked';
  // Right after boot the service usually needs a moment: a few quick tries before slow polling.
  for (let i = 0; i < (poll === 0 ? QUICK_TRIES : 1) && problem; i++) {
    problem = await checkHttp(server, a.internalLmsDomain, recipe.heartbeatPath, auth, 5000);
    if (problem && poll === 0) await new Promise((r) => setTimeout(r, QUICK_TRY_MS));
  }
  if (!problem) {
    await step.complete(async (client) => {
      await insertLogLines(client, [{ target: { appServerId }, level: 'INFO', text: `Heartbeat ${recipe.heartbeatPath} answered.` }]);
      await transitionAppServer(client, appServerId, 'CONFIGURING_SERVER', 'RUNNING');
      await setCurrentStep(client, appServerId, null);
      await enqueue(client, deploymentEvaluate, { deploymentId: a.deploymentId, appServerId, outcome: 'RUNNING' });
    });
    return;
  }
  if (Date.now() - step.row.startedAt.getTime() > config().heartbeatTimeout * 1000) {
    const reason = `the heartbeat did not answer within ${config().heartbeatTimeout} s (${problem})`;
    await step.fail(reason, (client) => failAppServer(client, a, 'CONFIGURATION_FAILED', reason));
    return;
  }
  await requeue();

  async function requeue(seconds = POLL_SECONDS) {
    const run = step!;
    await run.complete(async (client) => {
      await reopenStep(client, run.row.id);
      await enqueueStep(client, appServerHealthCheck, appServerId, a.attempt, { poll: poll + 1, startAfter: seconds });
    });
  }
});
