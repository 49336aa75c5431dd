// Pull-request sandboxes (SPEC.md §10): who qualifies (§10.2), the instance a PR gets (§10.5) and
// what is reported back on the PR (§10.6). Pure: facts in, decisions and text out.
import type { DeploymentState } from './states.ts';
import { isCredentialKey, type Mapping } from './settings.ts';
import type { DatabaseMode, PrFieldOverrides } from './pr-settings.ts';

// ---------------------------------------------------------------------------------------------
// §10.2 Qualification

export interface QualificationFacts {
  /** `owner/repo` the PR targets. */
  baseRepo: string;
  authorLogin: string;
  /** The watched fork whose `fork` is the PR's base, if any. */
  watchedFork: { fork: string; enabled: boolean } | null;
  /** The author is the `githubUsername` of a user of the fork's organization. */
  authorIsOrganizationUser: boolean;
  /** The author is a member of the organization's GitHub `githubHandle`; null when it has none. */
  authorIsGithubOrganizationMember: boolean | null;
}

export type Qualification = { qualifies: true } | { qualifies: false; reason: string };

/** GitHub logins and repository names are case-insensitive. */
export function sameGithubName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether a PR is trusted with an automatic sandbox, the fork's settings and comments. Anyone
 * else's PR, and any PR to a repository no enabled watched fork covers, is only recorded.
 */
export function qualifies(facts: QualificationFacts): Qualification {
  const fork = facts.watchedFork;
  if (!fork || !sameGithubName(fork.fork, facts.baseRepo)) return { qualifies: false, reason: `${facts.baseRepo} is not a watched fork` };
  if (!fork.enabled) return { qualifies: false, reason: `watching ${fork.fork} is disabled` };
  if (facts.authorIsOrganizationUser || facts.authorIsGithubOrganizationMember === true) return { qualifies: true };
  return { qualifies: false, reason: `${facts.authorLogin} is not a member of the fork's organization` };
}

export type PullRequestState = 'OPEN' | 'CLOSED' | 'MERGED';

/**
 * Whether the level-triggered handler may deploy this PR on its own. Drafts wait for
 * `ready_for_review`: that event would otherwise have nothing to do.
 */
export function deploysAutomatically(pr: { state: PullRequestState; draft: boolean }, qualification: Qualification): boolean {
  return qualification.qualifies && pr.state === 'OPEN' && !pr.draft;
}

// ---------------------------------------------------------------------------------------------
// §10.5 Sandbox subdomains

export const DEFAULT_SANDBOX_SUBDOMAIN_TEMPLATE = 'pr{number}.sandbox';
/** External PRs (`setupExternalPrSandbox`) live in their own namespace, never a fork's. */
export const EXTERNAL_SANDBOX_SUBDOMAIN_TEMPLATE = 'extpr{number}.sandbox';

const NUMBER = '{number}';
const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function sandboxSubdomain(template: string, prNumber: number): string {
  if (!Number.isInteger(prNumber) || prNumber < 1) throw new Error(`A pull request number is a positive whole number, not ${prNumber}`);
  return template.replace(NUMBER, String(prNumber));
}

/**
 * Why a fork's subdomain template cannot be used, or null. `others` are the other forks'
 * templates: no PR number of this fork may give a subdomain another template can give, so two
 * forks never share a sandbox domain (the original's `pr<N>` collided across forks).
 */
export function sandboxTemplateProblem(template: string, others: string[], prefixes: string[] = []): string | null {
  if (template.split(NUMBER).length !== 2) return 'The template must contain {number} exactly once.';
  const sample = sandboxSubdomain(template, 1234567890);
  const labels = sample.split('.');
  // One-label subdomains belong to the API and console; two labels keep sandboxes apart from them.
  if (labels.length < 2) return 'The template must have at least two labels, e.g. pr{number}.sandbox.';
  if (labels.some((label) => label.length > 63 || !LABEL.test(label)))
    return 'Each label must use lowercase letters, digits and inner hyphens, at most 63 characters.';
  if (sample.length > 200) return 'The template is too long.';
  const first = labels[0];
  // The preview and Studio domains are these prefixes glued to the LMS domain.
  if (prefixes.some((p) => p && first.startsWith(p))) return 'The first label must not start with a domain prefix such as studio- or preview-.';
  for (const other of [EXTERNAL_SANDBOX_SUBDOMAIN_TEMPLATE, ...others]) {
    if (other === template && other !== EXTERNAL_SANDBOX_SUBDOMAIN_TEMPLATE) return 'Another watched fork uses this template.';
    if (templatesOverlap(template, other)) return `Sandboxes of this template could take the domains of ${other}.`;
  }
  return null;
}

type Token = { digit: 'first' | 'more' } | { char: string };

function tokens(template: string): Token[] {
  const [prefix, suffix] = template.split(NUMBER);
  return [...[...prefix].map((char) => ({ char })), { digit: 'first' }, { digit: 'more' }, ...[...(suffix ?? '')].map((char) => ({ char }))];
}

/**
 * Whether two templates can produce the same subdomain for some PR numbers (no leading zeros):
 * a walk over both patterns at once, each position a literal or the number's digits.
 */
export function templatesOverlap(a: string, b: string): boolean {
  if (a.split(NUMBER).length !== 2 || b.split(NUMBER).length !== 2) return false;
  const ta = tokens(a);
  const tb = tokens(b);
  // A state is a pair of positions; `more` is the loop of further digits, which may be skipped.
  const closure = (t: Token[], i: number): number[] => {
    const out = [i];
    if (t[i] && 'digit' in t[i] && (t[i] as { digit: string }).digit === 'more') out.push(i + 1);
    return out;
  };
  const step = (t: Token[], i: number, c: string): number[] => {
    const token = t[i];
    if (!token) return [];
    if ('char' in token) return token.char === c ? [i + 1] : [];
    if (token.digit === 'first') return /[1-9]/.test(c) ? [i + 1] : [];
    return /[0-9]/.test(c) ? [i] : [];
  };
  const alphabet = new Set<string>([...a.replace(NUMBER, ''), ...b.replace(NUMBER, ''), ...'0123456789']);
  const seen = new Set<string>();
  const queue: [number, number][] = [];
  const push = (i: number, j: number) => {
    for (const x of closure(ta, i))
      for (const y of closure(tb, j)) {
        const key = `${x},${y}`;
        if (!seen.has(key)) {
          seen.add(key);
          queue.push([x, y]);
        }
      }
  };
  push(0, 0);
  while (queue.length) {
    const [i, j] = queue.shift()!;
    if (i === ta.length && j === tb.length) return true;
    for (const c of alphabet) for (const x of step(ta, i, c)) for (const y of step(tb, j, c)) push(x, y);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// §10.5 PR → instance

export interface PullRequestFacts {
  number: number;
  title: string;
  authorLogin: string;
  /** `owner/repo` of the head branch (the author's fork or the base itself). */
  headRepo: string;
  headRef: string;
  headSha: string;
}

export interface WatchedForkDefaults {
  organizationId: string;
  sandboxSubdomainTemplate: string;
  openedxRelease?: string | null;
  configurationSourceRepoUrl?: string | null;
  configurationVersion?: string | null;
  image?: string | null;
}

export interface SandboxSettings {
  baseDomain: string;
  lmsPreviewDomainPrefix: string;
  studioDomainPrefix: string;
  defaultOpenedxRelease: string;
  defaultConfigurationRepoUrl: string;
  /** DEFAULT_CONFIGURATION_VERSION when set; unset follows the chosen release. */
  defaultConfigurationVersion?: string | null;
  sandboxBaseImage: string;
  instanceEphemeralDatabases: boolean;
  sandboxTtlDays: number;
}

export interface PrInstanceFields {
  subDomain: string;
  internalLmsDomain: string;
  internalPreviewDomain: string;
  internalStudioDomain: string;
  name: string;
  edxPlatformRepositoryUrl: string;
  edxPlatformCommit: string;
  openedxRelease: string;
  configurationSourceRepoUrl: string;
  configurationVersion: string;
  image: string;
  databaseMode: DatabaseMode;
  profile: 'SANDBOX';
  ownerOrganizationId: string | null;
  creatorId: string | null;
}

/** `PR#<N>: <first 4 title words> (<author>) - <head owner>/<head ref> (<sha7>)`, at most 250 characters. */
export function prInstanceName(pr: PullRequestFacts): string {
  const words = pr.title.trim().split(/\s+/).filter(Boolean);
  const title = words.slice(0, 4).join(' ') + (words.length > 4 ? ' …' : '');
  const headOwner = pr.headRepo.split('/')[0];
  const name = `PR#${pr.number}: ${title} (${pr.authorLogin}) - ${headOwner}/${pr.headRef} (${pr.headSha.slice(0, 7)})`;
  return name.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 250);
}

/** The sandbox's LMS domain for a PR (`fork` null = external). */
export function prLmsDomain(prNumber: number, fork: Pick<WatchedForkDefaults, 'sandboxSubdomainTemplate'> | null, baseDomain: string): string {
  return `${sandboxSubdomain(fork ? fork.sandboxSubdomainTemplate : EXTERNAL_SANDBOX_SUBDOMAIN_TEMPLATE, prNumber)}.${baseDomain}`;
}

/**
 * The PR-managed fields of §10.5. Release, configuration and image: the block's special key,
 * else the fork's default, else the setting; an external PR (`fork` null) skips the fork.
 */
export function prInstanceFields(input: {
  pr: PullRequestFacts;
  fork: WatchedForkDefaults | null;
  settings: SandboxSettings;
  overrides: PrFieldOverrides;
  databaseModeTag: DatabaseMode | null;
  /** The author's user and organization when the author is a known user. */
  author: { userId: string; organizationId: string | null } | null;
}): PrInstanceFields {
  const { pr, fork, settings, overrides } = input;
  const template = fork ? fork.sandboxSubdomainTemplate : EXTERNAL_SANDBOX_SUBDOMAIN_TEMPLATE;
  const subDomain = sandboxSubdomain(template, pr.number);
  const lms = `${subDomain}.${settings.baseDomain}`;
  const openedxRelease = overrides.openedxRelease ?? fork?.openedxRelease ?? settings.defaultOpenedxRelease;
  return {
    subDomain,
    internalLmsDomain: lms,
    internalPreviewDomain: settings.lmsPreviewDomainPrefix + lms,
    internalStudioDomain: settings.studioDomainPrefix + lms,
    name: prInstanceName(pr),
    edxPlatformRepositoryUrl: `https://github.com/${pr.headRepo}.git`,
    edxPlatformCommit: pr.headSha,
    openedxRelease,
    configurationSourceRepoUrl: overrides.configurationSourceRepoUrl ?? fork?.configurationSourceRepoUrl ?? settings.defaultConfigurationRepoUrl,
    configurationVersion: overrides.configurationVersion ?? fork?.configurationVersion ?? settings.defaultConfigurationVersion ?? openedxRelease,
    image: overrides.image ?? fork?.image ?? settings.sandboxBaseImage,
    databaseMode: input.databaseModeTag ?? (settings.instanceEphemeralDatabases ? 'EPHEMERAL' : 'PERSISTENT'),
    profile: 'SANDBOX',
    ownerOrganizationId: input.author?.organizationId ?? fork?.organizationId ?? null,
    creatorId: input.author?.userId ?? null,
  };
}

/** A PR sandbox expires `SANDBOX_TTL_DAYS` after each deployment. */
export function sandboxExpiry(deployedAt: Date, ttlDays: number): Date {
  return new Date(deployedAt.getTime() + ttlDays * 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// §10.6 Status reported on the PR

/** The pipeline's nine steps (SPEC §6), in order, as "step k of 9" counts them. */
export const DEPLOYMENT_STEPS = [
  'deployment.start',
  'instance.allocate',
  'appserver.prepare',
  'appserver.securityGroups',
  'appserver.createVm',
  'appserver.waitVm',
  'appserver.runRecipe',
  'appserver.healthCheck',
  'deployment.evaluate',
] as const;

export type SandboxPhase = 'queued' | 'in-progress' | 'success' | 'failure' | 'cancelled' | 'error';

export interface SandboxReport {
  phase: SandboxPhase;
  /** One line, at most 140 characters (GitHub's limit for a commit status). */
  description: string;
}

export type SandboxStatusFacts =
  | { kind: 'settings-error'; settingsError: string }
  | { kind: 'internal-error'; message?: string }
  | {
      kind: 'deployment';
      status: DeploymentState;
      queuePosition?: number | null;
      /** Queued because `MAX_PR_SANDBOXES` live sandboxes exist. */
      capReached?: boolean;
      /** The pipeline step in flight (a DEPLOYMENT_STEPS name). */
      currentStep?: string | null;
      failureReason?: string | null;
    };

const MAX_DESCRIPTION = 140;

function oneLine(text: string, max = MAX_DESCRIPTION): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** What the commit status or check run says for the facts (§10.6). */
export function sandboxReport(facts: SandboxStatusFacts): SandboxReport {
  if (facts.kind === 'settings-error') return { phase: 'failure', description: oneLine(`Settings block: ${facts.settingsError}`) };
  if (facts.kind === 'internal-error') return { phase: 'error', description: oneLine(facts.message ? `internal error: ${facts.message}` : 'internal error') };
  switch (facts.status) {
    case 'QUEUED':
      if (facts.capReached) return { phase: 'queued', description: 'queued, sandbox cap reached' };
      return { phase: 'queued', description: facts.queuePosition ? `queued, position ${facts.queuePosition}` : 'queued' };
    case 'PROVISIONING': {
      const k = DEPLOYMENT_STEPS.indexOf((facts.currentStep ?? '') as (typeof DEPLOYMENT_STEPS)[number]);
      return { phase: 'in-progress', description: k >= 0 ? `step ${k + 1} of ${DEPLOYMENT_STEPS.length}` : 'provisioning' };
    }
    case 'HEALTHY':
      return { phase: 'success', description: 'sandbox is up' };
    case 'UNHEALTHY':
      return { phase: 'failure', description: oneLine(`some app servers failed${facts.failureReason ? `: ${facts.failureReason}` : ''}`) };
    case 'FAILED':
      return { phase: 'failure', description: oneLine(`deployment failed${facts.failureReason ? `: ${facts.failureReason}` : ''}`) };
    case 'CANCELLED':
      return { phase: 'cancelled', description: 'deployment cancelled' };
    case 'OFFLINE':
      return { phase: 'cancelled', description: 'sandbox is offline' };
  }
}

/** A commit status's state for a phase (`pending | success | failure | error`). */
export function commitStatusState(phase: SandboxPhase): 'pending' | 'success' | 'failure' | 'error' {
  if (phase === 'queued' || phase === 'in-progress') return 'pending';
  if (phase === 'success' || phase === 'failure' || phase === 'error') return phase;
  return 'error';
}

/** A check run's status and conclusion for a phase. */
export function checkRunState(phase: SandboxPhase): { status: 'queued' | 'in_progress' | 'completed'; conclusion?: 'success' | 'failure' | 'cancelled' } {
  if (phase === 'queued') return { status: 'queued' };
  if (phase === 'in-progress') return { status: 'in_progress' };
  if (phase === 'success') return { status: 'completed', conclusion: 'success' };
  if (phase === 'cancelled') return { status: 'completed', conclusion: 'cancelled' };
  return { status: 'completed', conclusion: 'failure' };
}

// ---------------------------------------------------------------------------------------------
// §10.6 The PR comment

export const SANDBOX_COMMENT_MARKER = '<!-- instance-manager:sandbox -->';
// GitHub refuses comments over 65,536 characters; the diff gives way first.
const MAX_COMMENT_CHARS = 65_000;

/** Keys whose values are credentials whatever the generated defaults say. */
export function isSecretLookingKey(key: string): boolean {
  return isCredentialKey(key) || /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|_KEY_|LICENSE_KEY)/i.test(key);
}

/** A value with its secrets hidden: whole values under secret-looking keys, passwords inside URLs. */
function shown(key: string, value: unknown): string {
  if (isSecretLookingKey(key)) return '***';
  if (value !== null && typeof value === 'object') return JSON.stringify(hideNested(value));
  return JSON.stringify(typeof value === 'string' ? hideUrlPassword(value) : value) ?? String(value);
}

function hideNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideNested);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Mapping).map(([k, v]) => [k, isSecretLookingKey(k) ? '***' : hideNested(v)]));
  }
  return typeof value === 'string' ? hideUrlPassword(value) : value;
}

function hideUrlPassword(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, '$1***@');
}

function isPlainMapping(v: unknown): v is Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function flatten(mapping: Mapping, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(mapping)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainMapping(value) && Object.keys(value).length > 0) flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

export interface SettingsDiffLine {
  path: string;
  change: 'added' | 'changed' | 'removed';
  before?: string;
  after?: string;
}

/**
 * The effective settings against the fork's defaults, leaf by leaf (nested mappings as dotted
 * paths), sorted by path, values shown with secrets hidden.
 */
export function settingsDiff(forkDefaults: Mapping, effective: Mapping): SettingsDiffLine[] {
  const before = flatten(forkDefaults);
  const after = flatten(effective);
  const lines: SettingsDiffLine[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const key = path.split('.').pop()!;
    // Any secret-looking segment hides the value: `DATABASES.default.PASSWORD`, `AWS_SECRET.x`.
    const hiddenKey = path.split('.').some(isSecretLookingKey) ? 'SECRET' : key;
    const had = before.has(path);
    const has = after.has(path);
    if (had && !has) lines.push({ path, change: 'removed', before: shown(hiddenKey, before.get(path)) });
    else if (!had && has) lines.push({ path, change: 'added', after: shown(hiddenKey, after.get(path)) });
    else if (JSON.stringify(before.get(path)) !== JSON.stringify(after.get(path)))
      lines.push({ path, change: 'changed', before: shown(hiddenKey, before.get(path)), after: shown(hiddenKey, after.get(path)) });
  }
  return lines;
}

export interface SandboxCommentFacts {
  lmsUrl: string;
  studioUrl: string;
  previewUrl: string;
  /** The instance's page in the console. */
  consoleUrl: string;
  report: SandboxReport;
  /** The head SHA the deployment runs. */
  commit: string;
  headRepo: string;
  databaseMode: DatabaseMode;
  expiresAt: Date | null;
  settingsError?: string | null;
  /** The body was edited since the last deployment: its settings apply from the next one. */
  settingsChangedSinceDeployment?: boolean;
  forkDefaults: Mapping;
  effectiveSettings: Mapping;
}

/** A code fence longer than any run of backticks in `text`, so the text cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

const PHASE_LABELS: Record<SandboxPhase, string> = {
  queued: '⏳ Queued',
  'in-progress': '🔧 Deploying',
  success: '✅ Ready',
  failure: '❌ Failed',
  cancelled: '⏹️ Cancelled',
  error: '⚠️ Error',
};

/** The one comment kept on a PR (§10.6), found again by its first line. */
export function sandboxComment(facts: SandboxCommentFacts): string {
  const head = [
    SANDBOX_COMMENT_MARKER,
    '### Sandbox',
    '',
    `| | |`,
    `|---|---|`,
    `| LMS | ${facts.lmsUrl} |`,
    `| Studio | ${facts.studioUrl} |`,
    `| Preview | ${facts.previewUrl} |`,
    `| Status | ${PHASE_LABELS[facts.report.phase]}: ${escapeMarkdown(facts.report.description)} |`,
    `| Commit | https://github.com/${facts.headRepo}/commit/${facts.commit} (\`${facts.commit.slice(0, 7)}\`) |`,
    `| Databases | ${facts.databaseMode === 'EPHEMERAL' ? 'ephemeral' : 'persistent'} |`,
    `| Expires | ${facts.expiresAt ? facts.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z') : 'never'} |`,
    `| Console | ${facts.consoleUrl} |`,
    '',
  ];
  if (facts.settingsError) {
    const fence = fenceFor(facts.settingsError);
    head.push('**The Settings block cannot be used**, nothing is deployed until it is fixed:', '', fence, facts.settingsError, fence, '');
  } else if (facts.settingsChangedSinceDeployment) {
    head.push('Settings changed: redeploy to apply.', '');
  }

  const diff = settingsDiff(facts.forkDefaults, facts.effectiveSettings);
  const rendered = diff.flatMap((line) => {
    if (line.change === 'added') return [`+ ${line.path}: ${line.after}`];
    if (line.change === 'removed') return [`- ${line.path}: ${line.before}`];
    return [`- ${line.path}: ${line.before}`, `+ ${line.path}: ${line.after}`];
  });
  const summary = `<details><summary>Settings that differ from the fork's defaults (${diff.length})</summary>`;
  const fixed = head.join('\n').length + summary.length + 200;
  const kept: string[] = [];
  let size = 0;
  for (const line of rendered) {
    if (fixed + size + line.length + 1 > MAX_COMMENT_CHARS) break;
    kept.push(line);
    size += line.length + 1;
  }
  if (kept.length < rendered.length) kept.push(`… ${rendered.length - kept.length} more lines not shown`);
  const body = kept.length ? kept.join('\n') : '(none)';
  const fence = fenceFor(body);
  return [...head, summary, '', `${fence}diff`, body, fence, '', '</details>', ''].join('\n');
}
