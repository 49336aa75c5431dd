import { pool, withTx } from '../db.ts';
import { pruneDeliveries } from '../data/github-deliveries.ts';
import { expiredUnpinnedInstances } from '../data/instances.ts';
import { enabledWatchedForks } from '../data/watched-forks.ts';
import { closedSandboxesToArchive, dueRedeploys, unclosedPullRequests } from '../data/watched-pull-requests.ts';
import { gitHub, gitHubPausedUntil, pauseGitHub } from '../github.ts';
import { GitHubRateLimited } from '../integrations/github/index.ts';
import { logger } from '../logger.ts';
import { cleanup, enqueue, githubDeliveriesPrune, prReconcile, prRedeploy, prReport, prSync, type JobDefinition } from '../queue.ts';
import { archiveBySchedule, redeployIfDue, reportPullRequest, syncPullRequest } from '../services/pr-sandboxes.ts';
import { config } from '../settings.ts';
import { requestDispatch } from './deployment-dispatch.ts';
import { handle } from './handlers.ts';

/**
 * Runs a GitHub job unless GitHub's rate limit is in force: then the job is sent again for the
 * reset time (SPEC §10.6 "pause until the reset"), and nothing is lost.
 */
async function withinRateLimit<P extends Record<string, string | number | undefined>>(
  def: JobDefinition<P>,
  payload: P,
  run: () => Promise<void>,
): Promise<void> {
  const paused = gitHubPausedUntil();
  if (!paused) {
    try {
      await run();
      return;
    } catch (e) {
      if (!(e instanceof GitHubRateLimited)) throw e;
      pauseGitHub(e.resetAt);
      logger.warn('GitHub rate limit: GitHub jobs wait for the reset', { queue: def.name, resetAt: e.resetAt.toISOString() });
    }
  }
  const until = gitHubPausedUntil() ?? new Date(Date.now() + 60_000);
  await withTx((client) => enqueue(client, def, payload, { startAfter: until }));
}

export const prSyncHandler = handle(prSync, async (payload) => {
  const gh = gitHub();
  if (!gh) return;
  await withinRateLimit(prSync, payload, async () => {
    await syncPullRequest(await gh.github.getPullRequest(payload.repo, payload.number));
  });
});

export const prReportHandler = handle(prReport, async (payload) => {
  await withinRateLimit(prReport, payload, () => reportPullRequest(payload.pullRequestId));
});

export const prRedeployHandler = handle(prRedeploy, async ({ pullRequestId }) => {
  await redeployIfDue(pullRequestId);
});

/**
 * SPEC §10.1: every open PR of each enabled fork and every tracked unclosed PR goes through the
 * level-triggered handler, so missed webhooks converge; due redeploys are picked up too.
 */
export async function reconcilePullRequests(): Promise<void> {
  const gh = gitHub();
  if (!config().watchPrs || !gh) return;
  const seen = new Set<string>();
  for (const fork of await enabledWatchedForks(pool)) {
    for (const pr of await gh.github.listOpenPullRequests(fork.fork)) {
      seen.add(`${pr.repo.toLowerCase()}#${pr.number}`);
      await syncPullRequest(pr);
    }
  }
  const due = await dueRedeploys(pool);
  const unseen = (await unclosedPullRequests(pool)).filter((p) => !seen.has(`${p.repo}#${p.number}`));
  await withTx(async (client) => {
    for (const p of unseen) await enqueue(client, prSync, { repo: p.repo, number: p.number });
    for (const id of due) await enqueue(client, prRedeploy, { pullRequestId: id, due: 0 });
  });
}

export const prReconcileHandler = handle(prReconcile, async () => {
  await withinRateLimit(prReconcile, {}, reconcilePullRequests);
});

/** SPEC §13 cleanup: PR sandboxes closed PR_SANDBOX_ARCHIVE_AFTER_DAYS ago, and expired unpinned instances. */
export async function runCleanup(): Promise<number> {
  let archived = 0;
  for (const id of await closedSandboxesToArchive(pool, config().prSandboxArchiveAfterDays)) {
    if (await archiveBySchedule(id, `its pull request closed more than ${config().prSandboxArchiveAfterDays} days ago`)) archived++;
  }
  for (const id of await expiredUnpinnedInstances(pool)) if (await archiveBySchedule(id, 'it expired (SANDBOX_TTL_DAYS)')) archived++;
  // A PR deployment waiting for the sandbox cap may start now.
  if (archived) await withTx((client) => requestDispatch(client));
  return archived;
}

export const cleanupHandler = handle(cleanup, async () => {
  await runCleanup();
});

export const githubDeliveriesPruneHandler = handle(githubDeliveriesPrune, async () => {
  await pruneDeliveries(pool, 7);
});
