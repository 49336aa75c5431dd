// Pull-request sandboxes (SPEC.md §10): one level-triggered handler for webhooks and the
// reconcile, the PR deployment, the manual paths, and what is reported back on the PR.
import type pg from 'pg';
import { parse } from 'yaml';
import { pool, withTx } from '../db.ts';
import { insertAppServer, cancelDeploymentIn } from './appservers.ts';
import { audit, GITHUB_ACTOR, type Actor } from './audit.ts';
import { announce } from './notify.ts';
import { createInstanceInternally } from './instances.ts';
import { beyondPrSandboxCap, currentStepOfDeployment, insertDeployment, newestDeploymentOf, pendingDeploymentIds, queuePosition } from '../data/deployments.ts';
import { clearArchived, lockInstanceArchiveState, lockInstanceForSpawn, loadInstance, markArchiveRequested, updateInstanceColumns } from '../data/instances.ts';
import { githubLoginsToGrant, userByGithubUsername } from '../data/users.ts';
import { watchedForkByRepo, loadWatchedFork, type WatchedForkRow } from '../data/watched-forks.ts';
import {
  lockPullRequestKey,
  loadPullRequest,
  pullRequestByNumber,
  pullRequestIdOfPrAppServer,
  pullRequestOfInstance,
  takeDueRedeploy,
  updatePullRequestColumns,
  upsertPullRequest,
  type WatchedPullRequestRow,
} from '../data/watched-pull-requests.ts';
import { databaseModeTag, parsePrSettings } from '../domain/pr-settings.ts';
import {
  commitStatusState,
  checkRunState,
  deploysAutomatically,
  prInstanceFields,
  prLmsDomain,
  qualifies as qualification,
  sandboxComment,
  sandboxExpiry,
  sandboxReport,
  SANDBOX_COMMENT_MARKER,
  type SandboxStatusFacts,
} from '../domain/pr-sandbox.ts';
import { parseSettingsLayer, type Mapping } from '../domain/settings.ts';
import type { DeploymentState } from '../domain/states.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { gitHub } from '../github.ts';
import { GitHubError, type PullRequestSnapshot } from '../integrations/github/index.ts';
import { insertLogLines } from '../logs.ts';
import { deploymentStart, enqueue, instanceArchive, prRedeploy, prReport } from '../queue.ts';
import { config } from '../settings.ts';

/** Sandbox fields a sync rewrites while the PR is open; domains, owner and creator stay. */
const SYNCED_FIELDS = [
  'name',
  'edxPlatformRepositoryUrl',
  'edxPlatformCommit',
  'openedxRelease',
  'configurationSourceRepoUrl',
  'configurationVersion',
  'image',
  'databaseMode',
] as const;

function sandboxSettings() {
  const cfg = config();
  return {
    baseDomain: cfg.defaultInstanceBaseDomain,
    lmsPreviewDomainPrefix: cfg.lmsPreviewDomainPrefix,
    studioDomainPrefix: cfg.studioDomainPrefix,
    defaultOpenedxRelease: cfg.defaultOpenedxRelease,
    defaultConfigurationRepoUrl: cfg.defaultConfigurationRepoUrl,
    defaultConfigurationVersion: cfg.defaultConfigurationVersion === cfg.defaultOpenedxRelease ? null : cfg.defaultConfigurationVersion,
    sandboxBaseImage: cfg.sandboxBaseImage,
    instanceEphemeralDatabases: cfg.instanceEphemeralDatabases,
    sandboxTtlDays: cfg.sandboxTtlDays,
  };
}

function requireGitHub() {
  const gh = gitHub();
  if (!gh) throw new InvalidStateError('NOT_CONFIGURED', 'GitHub is not configured: set GITHUB_ACCESS_TOKEN or the GitHub App settings.');
  return gh;
}

/** The §10.5 fields for a PR; `fork` null = external (no fork defaults). */
function fieldsFor(pr: PullRequestSnapshot, fork: WatchedForkRow | null, external: boolean, author: { id: string; organizationId: string | null } | null) {
  const parsed = parsePrSettings(pr.body);
  const forkDefaults = fork && !external ? fork : null;
  const lms = prLmsDomain(pr.number, forkDefaults, config().defaultInstanceBaseDomain);
  const tag = databaseModeTag(pr.body, lms);
  const fields = prInstanceFields({
    pr: { number: pr.number, title: pr.title, authorLogin: pr.authorLogin, headRepo: pr.headRepo ?? pr.repo, headRef: pr.headRef, headSha: pr.headSha },
    fork: forkDefaults,
    settings: sandboxSettings(),
    overrides: parsed.fields,
    databaseModeTag: tag,
    author: author ? { userId: author.id, organizationId: author.organizationId } : null,
  });
  if (external && fork) fields.ownerOrganizationId = author?.organizationId ?? fork.organizationId;
  return { parsed, tag, fields };
}

/**
 * The level-triggered handler (SPEC §10.1, §10.3): GitHub's view of the PR against ours. Webhooks
 * and the reconcile both end here; repeated or missed events only change when it runs. Runs
 * under a per-PR lock, so the same PR handled twice at once creates one sandbox.
 */
export async function syncPullRequest(pr: PullRequestSnapshot): Promise<{ pullRequestId: string; deployed: boolean }> {
  const gh = gitHub();
  const fork = await watchedForkByRepo(pool, pr.repo);
  const author = await userByGithubUsername(pool, pr.authorLogin);
  let githubMember: boolean | null = null;
  if (fork?.organizationGithubHandle && gh && !(author && author.organizationId === fork.organizationId)) {
    githubMember = await gh.membership.isMember(fork.organizationGithubHandle, pr.authorLogin);
  }
  const q = qualification({
    baseRepo: pr.repo,
    authorLogin: pr.authorLogin,
    watchedFork: fork ? { fork: fork.fork, enabled: fork.enabled } : null,
    authorIsOrganizationUser: Boolean(author && fork && author.organizationId === fork.organizationId),
    authorIsGithubOrganizationMember: githubMember,
  });
  const cfg = config();

  return withTx(async (client) => {
    await lockPullRequestKey(client, pr.repo, pr.number);
    const before = await pullRequestByNumber(client, pr.repo, pr.number);
    // An external sandbox (set up by hand) keeps its own namespace and never takes fork settings.
    const external = Boolean(before?.instanceId && !before.qualifies && before.watchedForkId === null);
    const { parsed, tag, fields } = fieldsFor(pr, fork, external || !q.qualifies, q.qualifies ? author : null);
    const settingsChanged = before !== null && (before.settingsYaml !== parsed.settingsYaml || before.settingsError !== parsed.settingsError);
    const headMoved = before !== null && before.headSha !== pr.headSha;
    const id = await upsertPullRequest(client, {
      repo: pr.repo.toLowerCase(),
      number: pr.number,
      watchedForkId: external ? null : (fork?.id ?? null),
      url: pr.url,
      title: pr.title,
      authorLogin: pr.authorLogin,
      headRepo: pr.headRepo,
      headRef: pr.headRef,
      headSha: pr.headSha,
      baseRef: pr.baseRef,
      state: pr.state,
      draft: pr.draft,
      closedAt: pr.closedAt ? new Date(pr.closedAt) : null,
      settingsYaml: parsed.settingsYaml,
      settingsError: parsed.settingsError,
      databaseModeTag: tag,
      qualifies: q.qualifies,
      lastSyncedAt: new Date(),
    });
    const row = (await loadPullRequest(client, id))!;
    if (settingsChanged && row.instanceId) await updatePullRequestColumns(client, id, { settingsChangedAt: new Date() });

    let deployed = false;
    const automatic = deploysAutomatically(pr, q) && !parsed.settingsError;
    if (!row.instanceId) {
      if (automatic) {
        await createSandboxIn(client, row, fields, GITHUB_ACTOR);
        deployed = true;
      }
    } else if (pr.state === 'OPEN') {
      const inst = await lockInstanceArchiveState(client, row.instanceId);
      if (inst?.archivedAt && automatic) {
        // Reopened after the archive: back to life with a fresh deployment.
        await clearArchived(client, row.instanceId);
        await insertLogLines(client, [{ target: { instanceId: row.instanceId }, level: 'INFO', text: `Pull request reopened: unarchived.` }]);
        await audit(client, GITHUB_ACTOR, 'unarchivePrSandbox', row.instanceId, { pullRequest: row.url });
      }
      if (!inst?.archivedAt || automatic) {
        if (!inst?.archiveRequestedAt || inst.archivedAt) await syncInstanceFields(client, row.instanceId, fields);
        if (inst?.archivedAt && automatic) {
          await deployIn(client, (await loadPullRequest(client, id))!);
          deployed = true;
        } else if (headMoved && automatic && fork?.redeployOnPush && cfg.githubRedeployOnPush) {
          // Each push of a burst moves the due time; one deployment follows the last push.
          const due = new Date(Date.now() + cfg.prRedeployDebounceSeconds * 1000);
          await updatePullRequestColumns(client, id, { redeployDueAt: due });
          await enqueue(client, prRedeploy, { pullRequestId: id, due: due.getTime() }, { startAfter: due });
        }
      }
    }
    if (!deployed && (row.instanceId || (q.qualifies && parsed.settingsError && pr.state === 'OPEN'))) await enqueue(client, prReport, { pullRequestId: id });
    return { pullRequestId: id, deployed };
  });
}

async function syncInstanceFields(client: pg.PoolClient, instanceId: string, fields: ReturnType<typeof prInstanceFields>): Promise<void> {
  const current = await loadInstance(client, instanceId);
  if (!current) return;
  const changed = Object.fromEntries(SYNCED_FIELDS.filter((f) => (current as any)[f] !== fields[f]).map((f) => [f, fields[f]]));
  if (Object.keys(changed).length === 0) return;
  await updateInstanceColumns(client, instanceId, changed);
  await insertLogLines(client, [{ target: { instanceId }, level: 'INFO', text: `Updated from its pull request: ${Object.keys(changed).join(', ')}.` }]);
  await announce(client, 'INSTANCE', instanceId, instanceId);
}

async function createSandboxIn(
  client: pg.PoolClient,
  row: WatchedPullRequestRow,
  fields: ReturnType<typeof prInstanceFields>,
  by: Actor | typeof GITHUB_ACTOR | null,
): Promise<string> {
  const { subDomain, internalLmsDomain: _l, internalPreviewDomain: _p, internalStudioDomain: _s, ...rest } = fields;
  const instanceId = await createInstanceInternally(client, { subDomain, ...rest });
  if (!instanceId) throw new ValidationError('subDomain', `${fields.internalLmsDomain} is already used by another instance.`);
  await updatePullRequestColumns(client, row.id, { instanceId });
  await insertLogLines(client, [{ target: { instanceId }, level: 'INFO', text: `Created for pull request ${row.url}.` }]);
  await audit(client, by, 'createPrSandbox', instanceId, { pullRequest: row.url });
  await deployIn(client, { ...row, instanceId });
  return instanceId;
}

/**
 * A PR deployment (SPEC §10.3): activation on success, PR_SPAWN_ATTEMPTS, cancelling the older
 * pending ones; the sandbox's expiry moves to SANDBOX_TTL_DAYS from now.
 */
async function deployIn(client: pg.PoolClient, row: WatchedPullRequestRow): Promise<string> {
  const cfg = config();
  const instanceId = row.instanceId!;
  const inst = await lockInstanceForSpawn(client, instanceId);
  if (!inst) throw new NotFoundError('No such instance.');
  if (inst.archivedAt || inst.archiveRequestedAt) throw new InvalidStateError('ARCHIVED', 'The instance is archived.');
  for (const pending of await pendingDeploymentIds(client, instanceId)) await cancelDeploymentIn(client, pending, instanceId);
  const deploymentId = await insertDeployment(client, {
    instanceId,
    type: 'PR',
    creatorId: null,
    targetCount: inst.appServerCount,
    numAttempts: cfg.prSpawnAttempts,
    activateOnSuccess: true,
    headSha: row.headSha,
  });
  for (let slot = 0; slot < inst.appServerCount; slot++) await insertAppServer(client, instanceId, deploymentId, slot, 1);
  await enqueue(client, deploymentStart, { deploymentId });
  await updateInstanceColumns(client, instanceId, { expiresAt: sandboxExpiry(new Date(), cfg.sandboxTtlDays) });
  await updatePullRequestColumns(client, row.id, { deployedHeadSha: row.headSha, settingsChangedAt: null, redeployDueAt: null });
  if (await beyondPrSandboxCap(client, instanceId, cfg.maxPrSandboxes)) {
    await insertLogLines(client, [
      { target: { instanceId }, level: 'INFO', text: `Deployment queued: sandbox cap reached (MAX_PR_SANDBOXES = ${cfg.maxPrSandboxes}).` },
    ]);
  }
  await announce(client, 'DEPLOYMENT', deploymentId, instanceId);
  await enqueue(client, prReport, { pullRequestId: row.id });
  return deploymentId;
}

/** Runs a debounced redeploy once it is due; true when a deployment was created. */
export async function redeployIfDue(pullRequestId: string): Promise<boolean> {
  return withTx(async (client) => {
    const row = await loadPullRequest(client, pullRequestId);
    if (!row) return false;
    await lockPullRequestKey(client, row.repo, row.number);
    if (!(await takeDueRedeploy(client, pullRequestId))) return false;
    const current = (await loadPullRequest(client, pullRequestId))!;
    if (!current.instanceId || current.state !== 'OPEN' || !current.qualifies || current.settingsError) return false;
    const inst = await lockInstanceArchiveState(client, current.instanceId);
    if (!inst || inst.archivedAt || inst.archiveRequestedAt) return false;
    const deploymentId = await deployIn(client, current);
    // The push that moved the head asked for it, through the webhook or the reconcile.
    await audit(client, GITHUB_ACTOR, 'redeployPrSandbox', current.instanceId, { pullRequest: current.url, headSha: current.headSha, deploymentId });
    return true;
  });
}

/** GitHub's refusals as the API's typed errors: the caller can act on them, and they are no bug. */
function asApiError(e: unknown): never {
  if (e instanceof GitHubError) {
    if (e.kind === 'not-found') throw new NotFoundError('GitHub has no such pull request.');
    throw new InvalidStateError('GITHUB_UNAVAILABLE', `GitHub refused or did not answer: ${e.message}`);
  }
  throw e;
}

function parseGitHubPrUrl(prUrl: string): { repo: string; number: number } {
  const m = /^https:\/\/github\.com\/([A-Za-z0-9_.-]{1,100})\/([A-Za-z0-9_.-]{1,100})\/pull\/(\d{1,9})\/?$/.exec(prUrl.trim());
  if (!m) throw new ValidationError('prUrl', 'Give a pull request URL: https://github.com/<owner>/<repo>/pull/<number>.');
  return { repo: `${m[1]}/${m[2]}`, number: Number(m[3]) };
}

/**
 * A sandbox for any PR, set up by a superuser (SPEC §10.2): `extpr{N}.sandbox`, without the
 * watched fork's settings. A PR that already has a sandbox gets a new deployment of it.
 */
export async function setupExternalPrSandbox(actor: Actor | null, prUrl: string): Promise<string> {
  const { repo, number } = parseGitHubPrUrl(prUrl);
  const gh = requireGitHub();
  const pr = await gh.github.getPullRequest(repo, number).catch(asApiError);
  if (pr.state !== 'OPEN') throw new InvalidStateError(pr.state, 'The pull request is not open.');
  return withTx(async (client) => {
    await lockPullRequestKey(client, pr.repo, pr.number);
    const { parsed, tag, fields } = fieldsFor(pr, null, true, null);
    if (parsed.settingsError) throw new ValidationError('prUrl', parsed.settingsError);
    const id = await upsertPullRequest(client, {
      repo: pr.repo.toLowerCase(),
      number: pr.number,
      watchedForkId: null,
      url: pr.url,
      title: pr.title,
      authorLogin: pr.authorLogin,
      headRepo: pr.headRepo,
      headRef: pr.headRef,
      headSha: pr.headSha,
      baseRef: pr.baseRef,
      state: pr.state,
      draft: pr.draft,
      closedAt: null,
      settingsYaml: parsed.settingsYaml,
      settingsError: null,
      databaseModeTag: tag,
      qualifies: false,
      lastSyncedAt: new Date(),
    });
    const row = (await loadPullRequest(client, id))!;
    let instanceId = row.instanceId;
    if (instanceId) {
      await syncInstanceFields(client, instanceId, fields);
      await deployIn(client, row);
    } else {
      instanceId = await createSandboxIn(client, row, fields, actor);
    }
    await audit(client, actor, 'setupExternalPrSandbox', instanceId, { prUrl: pr.url });
    return instanceId;
  });
}

/**
 * By hand (SPEC §10.3): fetches the instance's PR, stores what changed and, with `deploy`,
 * deploys it. Returns the instance id.
 */
export async function updateInstanceFromPullRequest(actor: Actor, instanceId: string, opts: { deploy?: boolean | null } = {}): Promise<string> {
  const row = await pullRequestOfInstance(pool, instanceId);
  if (!row) throw new InvalidStateError('NOT_A_PR_SANDBOX', 'This instance is not the sandbox of a pull request.');
  const pullRequestId = row.id;
  const gh = requireGitHub();
  const pr = await gh.github.getPullRequest(row.repo, row.number).catch(asApiError);
  await syncPullRequest(pr).catch(asApiError);
  return withTx(async (client) => {
    const current = (await loadPullRequest(client, pullRequestId))!;
    const instanceId = current.instanceId!;
    if (opts.deploy) {
      if (current.settingsError) throw new InvalidStateError('SETTINGS_ERROR', current.settingsError);
      const { fields } = fieldsFor(pr, current.watchedForkId ? await loadWatchedFork(client, current.watchedForkId) : null, !current.watchedForkId, null);
      await syncInstanceFields(client, instanceId, fields);
      await deployIn(client, current);
    }
    await audit(client, actor, 'updateInstanceFromPullRequest', instanceId, { deploy: Boolean(opts.deploy) });
    return instanceId;
  });
}

/** Archives a sandbox for the cleanup (closed PR past its grace, or expired); false if already going. */
export async function archiveBySchedule(instanceId: string, reason: string): Promise<boolean> {
  return withTx(async (client) => {
    const state = await lockInstanceArchiveState(client, instanceId);
    if (!state || state.archivedAt || state.archiveRequestedAt) return false;
    await markArchiveRequested(client, instanceId);
    await enqueue(client, instanceArchive, { instanceId });
    await insertLogLines(client, [{ target: { instanceId }, level: 'INFO', text: `Archived by the cleanup: ${reason}.` }]);
    await audit(client, null, 'archiveInstance', instanceId, { reason });
    await announce(client, 'INSTANCE', instanceId, instanceId);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// §10.6 Reporting

/** A console page by the node's Relay global id: `/deployments/<id>` or `/instances/<id>`. */
function consoleUrl(path: 'deployments' | 'instances', typename: 'Deployment' | 'Instance', id: string): string {
  return `${config().publicUrl}/${path}/${Buffer.from(`${typename}:${id}`).toString('base64')}`;
}

function urlOf(domain: string): string {
  const cfg = config();
  if (cfg.loadBalancerProvider === 'local') {
    const pub = new URL(cfg.publicUrl);
    return `${pub.protocol}//${domain}${pub.port ? `:${pub.port}` : ''}/`;
  }
  return `https://${domain}/`;
}

function layerOf(text: string | null | undefined): Mapping {
  try {
    return parseSettingsLayer(text ?? '', parse, 'settings');
  } catch {
    return {};
  }
}

/**
 * Sets the commit status (or check run) and the one comment for the PR's current state. A
 * GitHub failure propagates to the job (retried, then a WARNING); deployments never wait on it.
 */
export async function reportPullRequest(pullRequestId: string): Promise<void> {
  const gh = gitHub();
  if (!gh) return;
  const cfg = config();
  const row = await loadPullRequest(pool, pullRequestId);
  if (!row) return;
  // Outsiders' PRs get nothing unless a superuser built their sandbox.
  if (!row.qualifies && !row.instanceId) return;
  const instance = row.instanceId ? await loadInstance(pool, row.instanceId) : null;
  const deployment = instance ? await newestDeploymentOf(pool, instance.id) : null;
  let facts: SandboxStatusFacts;
  if (row.settingsError) facts = { kind: 'settings-error', settingsError: row.settingsError };
  else if (!deployment) return;
  else {
    const queued = deployment.status === 'QUEUED';
    const position = queued ? await queuePosition(pool, deployment.id) : null;
    const capReached = queued && (await beyondPrSandboxCap(pool, instance!.id, cfg.maxPrSandboxes));
    // Started but still QUEUED (SPEC §4.3): out of the queue, allocating; no position to give.
    const allocating = queued && position === null && !capReached;
    facts = {
      kind: 'deployment',
      status: allocating ? 'PROVISIONING' : (deployment.status as DeploymentState),
      queuePosition: position,
      capReached,
      currentStep:
        deployment.status === 'PROVISIONING' || allocating
          ? ((await currentStepOfDeployment(pool, deployment.id)) ?? (allocating ? 'instance.allocate' : null))
          : null,
      failureReason: deployment.failureReason,
    };
  }
  const report = sandboxReport(facts);
  const sha = deployment?.headSha ?? row.headSha;
  // The deployment's page shows what the status is about; a Settings error has no deployment yet.
  const target = deployment ? consoleUrl('deployments', 'Deployment', deployment.id) : instance ? consoleUrl('instances', 'Instance', instance.id) : null;
  if (cfg.githubStatusMode === 'status') {
    await gh.github.setCommitStatus(row.repo, sha, {
      state: commitStatusState(report.phase),
      description: report.description,
      context: cfg.githubStatusContext,
      targetUrl: target,
    });
  } else if (cfg.githubStatusMode === 'check') {
    const run = { name: cfg.githubStatusContext, ...checkRunState(report.phase), title: report.description, summary: report.description, detailsUrl: target };
    // A new head gets a new check run: GitHub shows runs per commit.
    if (row.checkRunId && row.checkRunSha === sha) await gh.github.updateCheckRun(row.repo, Number(row.checkRunId), run);
    else {
      const checkRunId = await gh.github.createCheckRun(row.repo, { ...run, headSha: sha, externalId: row.id });
      await updatePullRequestColumns(pool, row.id, { checkRunId, checkRunSha: sha });
    }
  }
  if (!instance) return;
  const fork = row.watchedForkId ? await loadWatchedFork(pool, row.watchedForkId) : null;
  const forkDefaults = layerOf(fork?.configurationExtraSettings);
  const body = sandboxComment({
    lmsUrl: urlOf(instance.internalLmsDomain),
    studioUrl: urlOf(instance.internalStudioDomain),
    previewUrl: urlOf(instance.internalPreviewDomain),
    consoleUrl: consoleUrl('instances', 'Instance', instance.id),
    report,
    commit: sha,
    headRepo: row.headRepo ?? row.repo,
    databaseMode: instance.databaseMode,
    expiresAt: instance.expiresAt,
    settingsError: row.settingsError,
    settingsChangedSinceDeployment: Boolean(row.settingsChangedAt),
    forkDefaults,
    effectiveSettings: { ...forkDefaults, ...layerOf(instance.configurationExtraSettings), ...(row.settingsError ? {} : layerOf(row.settingsYaml)) },
  });
  const { comment } = await gh.github.upsertMarkedComment(
    row.repo,
    row.number,
    SANDBOX_COMMENT_MARKER,
    body,
    row.statusCommentId ? Number(row.statusCommentId) : null,
  );
  if (String(comment.id) !== String(row.statusCommentId)) await updatePullRequestColumns(pool, row.id, { statusCommentId: comment.id });
}

/** Asks for a report when a PR deployment changes state; inside the caller's transaction. */
export async function reportDeploymentIn(client: pg.PoolClient, deployment: { type: string; instanceId: string }): Promise<void> {
  if (deployment.type !== 'PR' || !gitHub()) return;
  const res = await pullRequestOfInstance(client, deployment.instanceId);
  if (res) await enqueue(client, prReport, { pullRequestId: res.id });
}

/**
 * Asks for a report when a PR deployment's app server moves to its next step ("step k of 9").
 * pr.report is stately with one key per PR, so a burst of steps queues one report, which reads
 * the step current when it runs: a fast pipeline costs GitHub a few calls, not one per step.
 */
export async function reportStepIn(client: pg.PoolClient, appServerId: string): Promise<void> {
  if (!gitHub()) return;
  const pullRequestId = await pullRequestIdOfPrAppServer(client, appServerId);
  if (pullRequestId) await enqueue(client, prReport, { pullRequestId });
}

/** The PR layers (SPEC §7.2 layers 3 and 5) of an instance's sandbox, for appserver.prepare. */
export async function prSettingsLayers(
  db: pg.PoolClient | typeof pool,
  instanceId: string,
): Promise<{ fork?: Mapping; pullRequest?: Mapping; forkText?: string; pullRequestText?: string }> {
  const row = await pullRequestOfInstance(db, instanceId);
  if (!row) return {};
  const out: { fork?: Mapping; pullRequest?: Mapping; forkText?: string; pullRequestText?: string } = {};
  // Only qualifying PRs get the fork's settings: an outsider's could otherwise read its secrets.
  if (row.qualifies && row.watchedForkId) {
    const fork = await loadWatchedFork(db, row.watchedForkId);
    if (fork?.configurationExtraSettings.trim()) {
      out.fork = parseSettingsLayer(fork.configurationExtraSettings, parse, 'watched fork settings');
      out.forkText = fork.configurationExtraSettings;
    }
  }
  if (row.settingsYaml && !row.settingsError) {
    out.pullRequest = parseSettingsLayer(row.settingsYaml, parse, 'pull request settings');
    out.pullRequestText = row.settingsYaml;
  }
  return out;
}

/** `owner/repo` of a github.com repository URL, or null for any other host. */
export function githubRepositoryOf(url: string): string | null {
  const m = /^(?:https:\/\/github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? m[1] : null;
}

export interface CodeAndAccess {
  /** The commit the app server builds: the ref resolved to a SHA when GitHub can tell. */
  sha: string;
  /** GitHub logins granted SSH, and their public keys (COMMON_USER_INFO). */
  users: { name: string; keys: string[] }[];
  /** Said on the app server's log (a login without keys, an unresolved ref). */
  warnings: string[];
}

/**
 * Step 3's GitHub part (SPEC §6, §7.2): the edx-platform ref as a SHA and the granted users'
 * keys. Without GitHub configured, the ref stays as given and nobody is granted. A ref GitHub
 * does not know is a NotFoundError (the app server fails); outages propagate (the step retries).
 */
export async function codeAndAccess(a: {
  edxPlatformRepositoryUrl: string;
  edxPlatformCommit: string;
  ownerOrganizationId: string | null;
}): Promise<CodeAndAccess> {
  const gh = gitHub();
  const out: CodeAndAccess = { sha: a.edxPlatformCommit, users: [], warnings: [] };
  if (!gh) return out;
  const repo = githubRepositoryOf(a.edxPlatformRepositoryUrl);
  if (repo && !/^[0-9a-f]{40}$/.test(a.edxPlatformCommit)) {
    try {
      out.sha = await gh.github.resolveRef(repo, a.edxPlatformCommit);
    } catch (e) {
      if (e instanceof GitHubError && (e.kind === 'not-found' || e.kind === 'invalid'))
        throw new NotFoundError(`${repo} has no branch, tag or commit ${a.edxPlatformCommit}.`);
      throw e;
    }
  }
  for (const login of await githubLoginsToGrant(pool, a.ownerOrganizationId)) {
    try {
      const keys = await gh.github.userPublicKeys(login);
      if (!keys.length) out.warnings.push(`GitHub user ${login} has no public SSH keys: no SSH access for them.`);
      out.users.push({ name: login, keys });
    } catch (e) {
      if (!(e instanceof GitHubError) || e.kind !== 'not-found') throw e;
      out.warnings.push(`GitHub has no user ${login}: no SSH access for them.`);
    }
  }
  return out;
}
