import { basicAuthOf, decryptSecret, instanceSecrets } from '../secrets.ts';
import { pool, withTx } from '../db.ts';
import { setCurrentStep } from '../data/app-servers.ts';
import { lastServerLogTexts } from '../data/log-entries.ts';
import { reopenStep } from '../data/provisioning-steps.ts';
import type { RemoteHost } from '../integrations/remote/types.ts';
import { insertLogLines, redactor } from '../logs.ts';
import { config } from '../settings.ts';
import { RUNNER_SCRIPT, levelOfLine, splitLines } from '../integrations/remote/runner.ts';
import { recipeFor } from '../integrations/recipes/index.ts';
import { describeError } from '../errors.ts';
import { failAppServer, loadAppServer, stopRequested, unreachableBackoff, type LoadedAppServer } from './context.ts';
import { computeProvider } from '../compute.ts';
import { HostKeyMismatchError } from '../integrations/ssh/index.ts';
import { appServerRunRecipe } from '../queue.ts';
import { handle } from './handlers.ts';
import { beginStep, enqueueNextStep, enqueueStep } from './pipeline.ts';
import { LeaseLost } from './step.ts';

interface Cursor {
  pgid?: number;
  offset: number;
  lastOutputAt: number;
  /** When the connection to the machine was lost (SPEC §4.1: not re-attached in time → ConfigurationFailed). */
  sshLostAt?: number;
  /** Runs re-enqueued while the connection is lost: names the next one and grows its pause. */
  reattempts?: number;
}

const CHUNK = 64 * 1024;
/** Longest wait for output before the exit code, a stop request and the timeouts are checked again. */
const FOLLOW_TIMEOUT_MS = 250;

/** The runner writes its process group once it holds the working directory's lock. */
async function runnerGroup(host: RemoteHost, timeoutMs = 15_000): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pid = await host.read('runner.pid', 0, 32);
    if (pid && /^\d+\n?$/.test(pid.toString())) return Number(pid.toString().trim());
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

/**
 * Step 7: uploads the recipe's files, starts the detached runner, and follows its output file
 * from the stored offset: lines and the new offset commit together, so a re-attached run neither
 * loses nor repeats a line.
 */
export const appServerRunRecipeHandler = handle(appServerRunRecipe, async ({ appServerId }) => {
  const begun = await beginStep(appServerRunRecipe, appServerId, 'server');
  if (!begun) return;
  const { server } = begun.a;
  // Read again while the recipe runs, to see a terminate or cancel.
  let a: LoadedAppServer | null = begun.a;
  const step = begun.step;
  const cfg = config();
  const recipe = recipeFor(a.recipe);
  const host = computeProvider().host(server);
  const redact = redactor(instanceSecrets(a.instance));
  const serverTarget = { appServerId, serverId: server.id };
  let cursor: Cursor = step.row.cursor ?? { offset: 0, lastOutputAt: Date.now() };
  // A read that came back after a lost connection: re-attached, the silence was not the recipe's.
  const reattached = async () => {
    if (!cursor.sshLostAt) return;
    cursor = { ...cursor, sshLostAt: undefined, lastOutputAt: Date.now() };
    await withTx(async (client) => {
      await step.save(client, { cursor });
      await insertLogLines(client, [{ target: serverTarget, level: 'INFO', text: 'Re-attached to the recipe runner.' }]);
    });
  };
  try {
    // A runner may already be there: started by a run that crashed before recording it, or by a
    // duplicate of this job. Adopt it instead of starting another.
    let runnerPid: Buffer | null = null;
    if (!cursor.pgid) {
      runnerPid = await host.read('runner.pid', 0, 32);
      await reattached();
    }
    if (!cursor.pgid && !runnerPid) {
      await host.upload([
        { path: 'runner.sh', content: RUNNER_SCRIPT, mode: 0o755 },
        ...recipe.files({
          appServer: a,
          server,
          settingsYaml: decryptSecret(a.renderedSettingsEnc!),
          basicAuth: basicAuthOf(a.instance),
        }),
      ]);
      await host.startDetached(recipe.command);
    }
    if (!cursor.pgid) {
      const pgid = await runnerGroup(host);
      if (!pgid) {
        const reason = 'the recipe runner did not start';
        await step.fail(reason, (client) => failAppServer(client, a!, 'CONFIGURATION_FAILED', reason));
        return;
      }
      cursor = { ...cursor, pgid, offset: 0, lastOutputAt: Date.now() };
      // A duplicate run that lost the lease leaves the runner alone: the lease holder follows it.
      await withTx(async (client) => {
        await step.save(client, { cursor });
        await insertLogLines(client, [{ target: serverTarget, level: 'INFO', text: `Running the ${recipe.name} recipe (process group ${pgid}).` }]);
      });
    }
    const started = step.row.startedAt.getTime();
    let readEnd = cursor.offset;
    for (;;) {
      const chunk = await host.read('output.log', cursor.offset, CHUNK);
      // A partial last line is not consumed: the follower waits for bytes past it.
      readEnd = cursor.offset + (chunk?.length ?? 0);
      await reattached();
      const { lines, consumed } = chunk ? splitLines(chunk) : { lines: [], consumed: 0 };
      if (lines.length > 0) {
        const next = { ...cursor, offset: cursor.offset + consumed, lastOutputAt: Date.now() };
        await withTx(async (client) => {
          await insertLogLines(
            client,
            lines.map((l) => {
              const { level, text } = levelOfLine(l);
              return { target: serverTarget, level, text: redact(text) };
            }),
          );
          await step.save(client, { cursor: next });
        });
        cursor = next;
        if (consumed === CHUNK || lines.length > 0) continue;
      }
      const exit = await host.read('exit_code', 0, 32);
      if (exit && exit.length > 0) {
        // Output written just before exit is read before the exit code is acted on.
        const tail = await host.read('output.log', cursor.offset, CHUNK);
        if (tail && splitLines(tail).lines.length > 0) continue;
        const code = Number(exit.toString().trim());
        if (code === 0) {
          await step.complete(async (client) => {
            await insertLogLines(client, [{ target: serverTarget, level: 'INFO', text: 'The recipe finished successfully.' }]);
            const next = await enqueueNextStep(client, appServerRunRecipe, a!);
            await setCurrentStep(client, appServerId, next.name);
          });
        } else {
          // The end of the output usually says why; it goes with the reason (already redacted).
          const tail = await lastServerLogTexts(pool, a.server!.id, 20);
          const last = tail
            .reverse()
            .map((text) => text.replace(/\x1b\[[0-9;]*m/g, ''))
            .join('\n');
          const reason = `the recipe exited with code ${code}; its last lines:\n${last}`;
          await step.fail(reason, (client) => failAppServer(client, a!, 'CONFIGURATION_FAILED', reason));
        }
        return;
      }
      a = await loadAppServer(appServerId);
      if (!a || stopRequested(a)) {
        await host.kill(cursor.pgid!);
        return;
      }
      const now = Date.now();
      const timeout =
        now - cursor.lastOutputAt > cfg.recipeLineTimeout * 1000
          ? `no output for ${cfg.recipeLineTimeout} s`
          : now - started > cfg.recipeTotalTimeout * 1000
            ? `still running after ${cfg.recipeTotalTimeout} s`
            : null;
      if (timeout) {
        await host.kill(cursor.pgid!);
        await step.fail(timeout, (client) => failAppServer(client, a!, 'CONFIGURATION_FAILED', `the recipe timed out: ${timeout}`));
        return;
      }
      if (!(await host.isAlive(cursor.pgid!)) && !(await host.read('exit_code', 0, 32))?.length) {
        // The runner died without an exit code (the machine rebooted, or someone killed it).
        const reason = 'the recipe runner stopped without an exit code';
        await step.fail(reason, (client) => failAppServer(client, a!, 'CONFIGURATION_FAILED', reason));
        return;
      }
      // Woken by the follower as soon as the runner writes; the timeout paces the checks above.
      await host.waitForOutput('output.log', readEnd, FOLLOW_TIMEOUT_MS, cursor.pgid);
    }
  } catch (e) {
    if (e instanceof LeaseLost) return;
    if (e instanceof HostKeyMismatchError) {
      const reason = `the VM presented another host key during the recipe: ${describeError(e)}`;
      await step.fail(reason, (client) => failAppServer(client, a!, 'ERROR', reason)).catch(ignoreLeaseLost);
      return;
    }
    await connectionLost(e).catch(ignoreLeaseLost);
  } finally {
    await host.close();
  }

  /**
   * The machine did not answer (SSH refused, reset, timed out): the runner goes on without us.
   * Runs are re-enqueued with a growing pause to re-attach, until SSH_REATTACH_TIMEOUT passes.
   */
  async function connectionLost(e: unknown) {
    const run = step!;
    const lostAt = cursor.sshLostAt ?? Date.now();
    if (Date.now() - lostAt > cfg.sshReattachTimeout * 1000) {
      const reason = `the SSH connection was lost and not re-attached within ${cfg.sshReattachTimeout} s (${describeError(e)})`;
      if (cursor.pgid) await host.kill(cursor.pgid).catch(() => {});
      await run.fail(reason, (client) => failAppServer(client, a!, 'CONFIGURATION_FAILED', reason));
      return;
    }
    const reattempts = (cursor.reattempts ?? 0) + 1;
    const first = !cursor.sshLostAt;
    cursor = { ...cursor, sshLostAt: lostAt, reattempts };
    await run.complete(async (client) => {
      await reopenStep(client, run.row.id, cursor);
      if (first)
        await insertLogLines(client, [
          { target: serverTarget, level: 'WARNING', text: `Lost the connection to the recipe runner (${describeError(e)}); re-attaching.` },
        ]);
      await enqueueStep(client, appServerRunRecipe, appServerId, a!.attempt, { poll: reattempts, startAfter: unreachableBackoff(reattempts) });
    });
  }
});

function ignoreLeaseLost(e: unknown) {
  if (!(e instanceof LeaseLost)) throw e;
}
