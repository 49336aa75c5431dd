import { withTx } from '../db.ts';
import { setCurrentStep } from '../data/app-servers.ts';
import { reopenStep } from '../data/provisioning-steps.ts';
import { forgetHostPrivateKey } from '../data/servers.ts';
import { config } from '../settings.ts';
import { moveServer, transitionAppServer } from '../services/transitions.ts';
import type { ServerState } from '../domain/states.ts';
import type { ProviderStatus } from '../integrations/compute/types.ts';
import { HostKeyMismatchError } from '../integrations/ssh/index.ts';
import { describeError } from '../errors.ts';
import { failAppServer, isPermanent, unreachableBackoff, vanishedFor, VANISHED_AFTER_MS } from './context.ts';
import { computeProvider } from '../compute.ts';
import { appServerWaitVm } from '../queue.ts';
import { handle } from './handlers.ts';
import { beginStep, enqueueNextStep, enqueueStep } from './pipeline.ts';
import type { StepRun } from './step.ts';

const POLL_SECONDS = 5;
// A VM often answers within seconds: look often at first, then hand the wait back to the queue.
const QUICK_POLLS = 20;
const QUICK_POLL_MS = 500;

interface Cursor {
  /** Consecutive polls the provider did not answer: the backoff grows with them. */
  unreachable?: number;
  /** When the provider first answered 404 for the VM (SPEC §13: gone only on a second 404 ≥ 5 min later). */
  notFoundSince?: number;
}

/**
 * Step 6: polls until the provider reports the VM ACTIVE (within VM_BOOT_TIMEOUT) and it answers
 * SSH with the expected host key (within SSH_WAIT_TIMEOUT). Server: Building → Booting → Ready.
 * A provider that does not answer makes the server Unknown; it is polled, with a growing pause,
 * until the deadline, and the next good answer puts it back where the provider says it is.
 */
export const appServerWaitVmHandler = handle(appServerWaitVm, async ({ appServerId, poll = 0 }) => {
  const begun = await beginStep(appServerWaitVm, appServerId, 'server');
  if (!begun) return;
  const { a, step } = begun;
  const cfg = config();
  const compute = computeProvider();
  const started = step.row.startedAt.getTime();
  let serverState = a.server.status as ServerState;
  const server = { ...a.server };
  let cursor: Cursor = { ...(step.row.cursor ?? {}) };
  // Once the VM was seen ACTIVE (it has an address) the SSH wait counts too, even through an Unknown spell.
  const deadline = () => started + (server.publicIp ? cfg.vmBootTimeout + cfg.sshWaitTimeout : cfg.vmBootTimeout) * 1000;
  const move = async (to: ServerState, set: Record<string, unknown> = {}, next: Cursor = cursor) => {
    await withTx(async (client) => {
      await step.fence(client);
      await moveServer(client, server.id, to, set);
      await step.save(client, { cursor: next });
    });
    serverState = to;
    cursor = next;
  };

  for (let i = 0; i < QUICK_POLLS; i++) {
    let status: ProviderStatus;
    try {
      status = await compute.status(server);
    } catch (e) {
      if (isPermanent(e)) {
        const reason = `the provider refused: ${describeError(e)}`;
        await step.fail(reason, (client) => failAppServer(client, a, 'ERROR', reason));
        return;
      }
      if (Date.now() > deadline()) {
        const reason = `the provider did not answer until the deadline: ${describeError(e)}`;
        await step.fail(reason, (client) => failAppServer(client, a, 'ERROR', reason));
        return;
      }
      // SPEC §4.2: unreachable while polling → Unknown, polled until the deadline.
      const unreachable = (cursor.unreachable ?? 0) + 1;
      cursor = { ...cursor, unreachable };
      if (serverState !== 'UNKNOWN') await move('UNKNOWN');
      await requeue(step, unreachableBackoff(unreachable));
      return;
    }
    if (cursor.unreachable) cursor = { ...cursor, unreachable: 0 };
    if (status.state === 'NOT_FOUND') {
      const gone = vanishedFor(cursor.notFoundSince);
      if (gone === 'first') {
        cursor = { ...cursor, notFoundSince: Date.now() };
      } else if (gone === 'gone') {
        const reason = `the VM vanished: the provider answered 404 on two checks ${VANISHED_AFTER_MS / 60_000} min apart`;
        await step.fail(reason, async (client) => {
          await moveServer(client, server.id, 'TERMINATED');
          await failAppServer(client, a, 'ERROR', reason);
        });
        return;
      }
      // A 404 not yet confirmed: keep polling at the usual pace.
      await requeue(step, POLL_SECONDS);
      return;
    }
    if (cursor.notFoundSince) cursor = { ...cursor, notFoundSince: undefined };
    if (status.state === 'ERROR') {
      const reason = `the provider reports an error: ${status.reason}`;
      await step.fail(reason, async (client) => {
        await moveServer(client, server.id, 'BUILD_FAILED');
        await failAppServer(client, a, 'ERROR', reason);
      });
      return;
    }
    if (status.state === 'ACTIVE') {
      if (serverState !== 'BOOTING') {
        const set = { publicIp: status.publicIp, httpPort: status.httpPort, sshPort: status.sshPort || server.sshPort };
        await move('BOOTING', set);
        Object.assign(server, set);
      }
      let reachable = false;
      try {
        reachable = await compute.probe(server);
      } catch (e) {
        // Anything but the wrong key (refused, reset while sshd starts) is booting, not failure.
        if (!(e instanceof HostKeyMismatchError) && !isPermanent(e)) reachable = false;
        else {
          const reason = `the VM did not present the expected host key: ${describeError(e)}`;
          await step.fail(reason, (client) => failAppServer(client, a, 'ERROR', reason));
          return;
        }
      }
      if (reachable) {
        await step.complete(async (client) => {
          await moveServer(client, server.id, 'READY');
          // The injected host key's private half is only needed until the first boot.
          await forgetHostPrivateKey(client, server.id);
          await transitionAppServer(client, appServerId, 'WAITING_FOR_SERVER', 'CONFIGURING_SERVER');
          const next = await enqueueNextStep(client, appServerWaitVm, a);
          await setCurrentStep(client, appServerId, next.name);
        });
        return;
      }
      if (Date.now() > deadline()) {
        const reason = `the VM did not accept SSH within ${cfg.sshWaitTimeout} s`;
        await step.fail(reason, (client) => failAppServer(client, a, 'ERROR', reason));
        return;
      }
    } else {
      if (serverState === 'UNKNOWN') await move(status.state === 'REBOOT' ? 'BOOTING' : 'BUILDING');
      if (Date.now() > deadline()) {
        const reason = `the VM did not boot within ${cfg.vmBootTimeout} s`;
        await step.fail(reason, (client) => failAppServer(client, a, 'ERROR', reason));
        return;
      }
    }
    if (poll > 0) break;
    await new Promise((r) => setTimeout(r, QUICK_POLL_MS));
  }
  await requeue(step, POLL_SECONDS);

  async function requeue(run: StepRun, seconds: number) {
    await run.complete(async (client) => {
      await reopenStep(client, run.row.id, cursor);
      await enqueueStep(client, appServerWaitVm, appServerId, a.attempt, { poll: poll + 1, startAfter: seconds });
    });
  }
});
