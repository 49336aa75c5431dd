import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { routingChanged } from './load-balancers.ts';
import { pool, withTx, type Queryable } from '../db.ts';
import { instanceIdOfAppServer } from '../data/app-servers.ts';
import {
  databaseNamesStartingWith,
  domainUsedByAnother,
  insertInstance,
  lmsDomainTaken,
  lockDatabaseNames,
  lockInstance,
  lockInstanceArchiveState,
  markArchiveRequested,
  updateInstanceColumns,
} from '../data/instances.ts';
import {
  checkAppServerCount,
  checkDomain,
  checkEmail,
  checkEmailList,
  checkExtraSettings,
  checkName,
  checkRef,
  checkRepositoryUrl,
  checkSecurityGroups,
  instanceDefaults,
  type InstanceDefaults,
  type Profile,
} from '../domain/instance-fields.ts';
import { parseFlavorSpec, parseImageSpec, VmSpecError } from '../integrations/compute/openstack/resolve.ts';
import { insertLogLines } from '../logs.ts';
import { databaseNameFor, subdomainProblem, SUBDOMAIN_MESSAGES } from '../domain/subdomain.ts';
import { InvalidStateError, NotFoundError, PrManagedFieldError, ValidationError } from '../errors.ts';
import { pullRequestOfInstance } from '../data/watched-pull-requests.ts';
import { encryptSecret, randomLetters, randomPassword } from '../secrets.ts';
import { config } from '../settings.ts';
import { enqueue, instanceArchive } from '../queue.ts';
import { audit, type Actor } from './audit.ts';
import { announce } from './notify.ts';
import { spawnIn, type SpawnOptions } from './appservers.ts';
import { subdomainApplied } from '../data/beta-test-applications.ts';

/** The configurable fields of SPEC §3, as create and update take them; absent = default (create) or unchanged (update). */
export interface InstanceFieldsInput {
  name?: string | null;
  recipe?: 'ansible' | 'tutor' | 'shell' | null;
  email?: string | null;
  openedxRelease?: string | null;
  configurationSourceRepoUrl?: string | null;
  configurationVersion?: string | null;
  edxPlatformRepositoryUrl?: string | null;
  edxPlatformCommit?: string | null;
  configurationExtraSettings?: string | null;
  databaseMode?: 'EPHEMERAL' | 'PERSISTENT' | null;
  flavor?: string | null;
  image?: string | null;
  additionalSecurityGroups?: string[] | null;
  externalLmsDomain?: string | null;
  externalStudioDomain?: string | null;
  externalPreviewDomain?: string | null;
  monitoringEmails?: string[] | null;
  provisioningFailureEmails?: string[] | null;
  appServerCount?: number | null;
}

export interface CreateInstanceInput extends InstanceFieldsInput {
  name: string;
  subDomain: string;
  profile?: Profile | null;
}

export type UpdateInstanceInput = InstanceFieldsInput;

const EXTERNAL_DOMAINS = ['externalLmsDomain', 'externalStudioDomain', 'externalPreviewDomain'] as const;

function vmSpec(field: 'flavor' | 'image', text: string): string {
  try {
    return JSON.stringify(field === 'flavor' ? parseFlavorSpec(text) : parseImageSpec(text));
  } catch (e) {
    if (!(e instanceof VmSpecError)) throw e;
    throw new ValidationError(field, `${e.message.replace(/^the \w+ spec/, `The ${field}`)}.`);
  }
}

/** Validates the given fields; returns the columns to write. A failure names its field, and nothing is written. */
function cleanFields(input: InstanceFieldsInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const has = (k: keyof InstanceFieldsInput) => input[k] !== undefined && input[k] !== null;
  if (has('name')) out.name = checkName(input.name!);
  if (has('recipe')) out.recipe = input.recipe;
  if (has('email')) out.email = checkEmail(input.email!);
  if (has('openedxRelease')) out.openedxRelease = checkRef(input.openedxRelease!, 'openedxRelease');
  if (has('configurationSourceRepoUrl')) out.configurationSourceRepoUrl = checkRepositoryUrl(input.configurationSourceRepoUrl!, 'configurationSourceRepoUrl');
  if (has('configurationVersion')) out.configurationVersion = checkRef(input.configurationVersion!, 'configurationVersion');
  if (has('edxPlatformRepositoryUrl')) out.edxPlatformRepositoryUrl = checkRepositoryUrl(input.edxPlatformRepositoryUrl!, 'edxPlatformRepositoryUrl');
  if (has('edxPlatformCommit')) out.edxPlatformCommit = checkRef(input.edxPlatformCommit!, 'edxPlatformCommit');
  if (has('configurationExtraSettings')) out.configurationExtraSettings = checkExtraSettings(input.configurationExtraSettings!);
  if (has('databaseMode')) out.databaseMode = input.databaseMode;
  if (has('flavor')) out.flavor = vmSpec('flavor', input.flavor!);
  if (has('image')) out.image = vmSpec('image', input.image!);
  if (has('additionalSecurityGroups')) out.additionalSecurityGroups = checkSecurityGroups(input.additionalSecurityGroups!);
  for (const f of EXTERNAL_DOMAINS) if (has(f)) out[f] = checkDomain(input[f]!, f);
  if (has('monitoringEmails')) out.monitoringEmails = checkEmailList(input.monitoringEmails!, 'monitoringEmails');
  if (has('provisioningFailureEmails')) out.provisioningFailureEmails = checkEmailList(input.provisioningFailureEmails!, 'provisioningFailureEmails');
  if (has('appServerCount')) out.appServerCount = checkAppServerCount(input.appServerCount!);
  return out;
}

/** An external domain must not already name another instance: the load balancer routes by it. */
async function checkDomainsFree(client: Queryable, fields: Record<string, unknown>, instanceId: string | null): Promise<void> {
  const cfg = config();
  for (const f of EXTERNAL_DOMAINS) {
    const domain = fields[f] as string | null | undefined;
    if (!domain) continue;
    if (await domainUsedByAnother(client, domain, instanceId, { studio: cfg.studioDomainPrefix, preview: cfg.lmsPreviewDomainPrefix }))
      throw new ValidationError(f, 'Another instance already uses this domain.');
  }
}

/** Audit input without secrets: the extra settings may hold some, so only their size is recorded. */
function auditable(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  if (typeof out.configurationExtraSettings === 'string') out.configurationExtraSettings = `(${out.configurationExtraSettings.length} characters)`;
  return out;
}

/** The form defaults for a profile (SPEC §3), from the settings. */
export function defaultsFor(profile: Profile, release?: string): InstanceDefaults {
  return instanceDefaults(config(), profile, release);
}

/** Validates a subdomain against every rule, the database included; throws ValidationError. */
export async function validateSubdomain(subDomain: string, opts: { forApplication?: boolean } = {}): Promise<void> {
  const cfg = config();
  const problem = subdomainProblem(subDomain, {
    blacklist: cfg.subdomainBlacklist,
    prefixes: [cfg.lmsPreviewDomainPrefix, cfg.studioDomainPrefix],
  });
  if (problem) throw new ValidationError('subDomain', problem);
  if (await lmsDomainTaken(pool, `${subDomain}.${cfg.defaultInstanceBaseDomain}`)) throw new ValidationError('subDomain', SUBDOMAIN_MESSAGES.taken);
  // SPEC §11: a subdomain a registration applied for is taken, except for that application's own instance.
  if (!opts.forApplication && (await subdomainApplied(pool, subDomain))) throw new ValidationError('subDomain', SUBDOMAIN_MESSAGES.taken);
}

/**
 * Creates the instance; with `deploy`, its first deployment (activating on success), the app
 * servers and the deployment's first job commit in the same transaction, or nothing does.
 */
export async function createInstance(
  actor: Actor,
  input: CreateInstanceInput,
  opts: {
    deploy?: boolean | null;
    ownerOrganizationId?: string | null;
    /** With `deploy`: options of that first deployment (registration's: REGISTRATION, 2 attempts). */
    spawn?: SpawnOptions;
    /** Registration creating its application's instance: the applied-for subdomain is its own. */
    forApplication?: boolean;
    /** Runs in the creating transaction once the row exists (registration links its application). */
    inTransaction?: (client: pg.PoolClient, instanceId: string) => Promise<void>;
  } = {},
): Promise<string> {
  const cfg = config();
  const subDomain = input.subDomain ?? '';
  // On update a blank clears a field; a new instance has nothing to clear, so a blank is a mistake.
  for (const f of ['configurationExtraSettings', ...EXTERNAL_DOMAINS] as const) {
    if (input[f] !== undefined && input[f] !== null && !input[f]!.trim()) throw new ValidationError(f, 'Leave this field out, or give a value.');
  }
  const fields = cleanFields({ ...input, name: input.name ?? '' });
  await validateSubdomain(subDomain, { forApplication: opts.forApplication });
  const profile: Profile = input.profile ?? 'SANDBOX';
  const defaults = defaultsFor(profile, fields.openedxRelease as string | undefined);
  const base = cfg.defaultInstanceBaseDomain;
  const lms = `${subDomain}.${base}`;
  const columns: Record<string, unknown> = {
    recipe: defaults.recipe,
    email: defaults.email,
    openedxRelease: defaults.openedxRelease,
    configurationSourceRepoUrl: defaults.configurationSourceRepoUrl,
    configurationVersion: defaults.configurationVersion,
    edxPlatformRepositoryUrl: defaults.edxPlatformRepositoryUrl,
    edxPlatformCommit: defaults.edxPlatformCommit,
    databaseMode: defaults.databaseMode,
    appServerCount: defaults.appServerCount,
    flavor: defaults.flavor,
    image: defaults.image,
    sshKeyName: cfg.sandboxSshKeyName,
    ...fields,
    subDomain,
    baseDomain: base,
    internalLmsDomain: lms,
    internalPreviewDomain: `${cfg.lmsPreviewDomainPrefix}${lms}`,
    internalStudioDomain: `${cfg.studioDomainPrefix}${lms}`,
    profile,
    ...credentialColumns(),
    creatorId: actor.id,
    ownerOrganizationId: opts.ownerOrganizationId ?? null,
  };
  const created = await withTx(async (client) => {
    await checkDomainsFree(client, columns, null);
    const id = await insertWithDatabaseName(client, columns);
    // A concurrent creation of the same domain lost the race on the unique index.
    if (id === null) throw new ValidationError('subDomain', SUBDOMAIN_MESSAGES.taken);
    await audit(client, actor, 'createInstance', id, auditable({ subDomain, profile, ...fields, deploy: Boolean(opts.deploy) }));
    await announce(client, 'INSTANCE', id, id);
    if (opts.deploy) await spawnIn(client, actor, id, { activateOnSuccess: true, ...opts.spawn });
    await opts.inTransaction?.(client, id);
    return id;
  });
  return created;
}

/** The generated users and secrets of a new instance (SPEC §3). */
function credentialColumns(): Record<string, unknown> {
  return {
    mysqlUser: randomLetters(16),
    mysqlPasswordEnc: encryptSecret(randomPassword()),
    mongoUser: randomLetters(16),
    mongoPasswordEnc: encryptSecret(randomPassword()),
    rabbitmqProviderUser: randomLetters(16),
    rabbitmqProviderPasswordEnc: encryptSecret(randomPassword()),
    rabbitmqConsumerUser: randomLetters(16),
    rabbitmqConsumerPasswordEnc: encryptSecret(randomPassword()),
    secretMasterEnc: encryptSecret(randomBytes(48).toString('base64')),
  };
}

/** Inserts with a free database name; null when the LMS domain is taken. */
async function insertWithDatabaseName(client: pg.PoolClient, columns: Record<string, unknown>): Promise<string | null> {
  const lms = columns.internalLmsDomain as string;
  // Creations pick database names one at a time, so two subdomains that normalise alike get _2, _3…
  await lockDatabaseNames(client);
  const wanted = databaseNameFor(lms, () => false);
  // Suffixed candidates keep at least the first 30 characters of the wanted name.
  const taken = new Set(await databaseNamesStartingWith(client, wanted.slice(0, 30)));
  columns.databaseName = databaseNameFor(lms, (n) => taken.has(n));
  columns.rabbitmqVhost = columns.databaseName;
  return insertInstance(client, columns);
}

/**
 * The product's own creation path (PR sandboxes, SPEC §10.5): the caller computed the fields,
 * including a two-label subdomain the public rules refuse. Inside the caller's transaction;
 * null when the LMS domain is taken.
 */
export async function createInstanceInternally(
  client: pg.PoolClient,
  fields: Record<string, unknown> & { subDomain: string; name: string },
): Promise<string | null> {
  const cfg = config();
  const defaults = defaultsFor('SANDBOX', fields.openedxRelease as string | undefined);
  const lms = `${fields.subDomain}.${cfg.defaultInstanceBaseDomain}`;
  const columns: Record<string, unknown> = {
    recipe: defaults.recipe,
    email: defaults.email,
    openedxRelease: defaults.openedxRelease,
    configurationSourceRepoUrl: defaults.configurationSourceRepoUrl,
    configurationVersion: defaults.configurationVersion,
    edxPlatformRepositoryUrl: defaults.edxPlatformRepositoryUrl,
    edxPlatformCommit: defaults.edxPlatformCommit,
    databaseMode: defaults.databaseMode,
    appServerCount: defaults.appServerCount,
    flavor: defaults.flavor,
    image: defaults.image,
    sshKeyName: cfg.sandboxSshKeyName,
    baseDomain: cfg.defaultInstanceBaseDomain,
    internalLmsDomain: lms,
    internalPreviewDomain: `${cfg.lmsPreviewDomainPrefix}${lms}`,
    internalStudioDomain: `${cfg.studioDomainPrefix}${lms}`,
    profile: 'SANDBOX',
    ...fields,
    ...credentialColumns(),
  };
  const id = await insertWithDatabaseName(client, columns);
  if (id) await announce(client, 'INSTANCE', id, id);
  return id;
}

/** Fields a PR sets (SPEC §10.5): read-only in updateInstance while the PR is open. */
export const PR_MANAGED_FIELDS = [
  'name',
  'edxPlatformRepositoryUrl',
  'edxPlatformCommit',
  'openedxRelease',
  'configurationSourceRepoUrl',
  'configurationVersion',
  'image',
  'databaseMode',
] as const;

/** Stores the patch; nothing is redeployed (the next spawn uses it). External domains are routed as soon as it commits. */
export async function updateInstance(actor: Actor, id: string, patch: UpdateInstanceInput): Promise<string> {
  const fields = cleanFields(patch);
  await withTx(async (client) => {
    const current = await lockInstance(client, id);
    if (!current) throw new NotFoundError('No such instance.');
    if (current.archivedAt) throw new InvalidStateError('ARCHIVED', 'The instance is archived.');
    // Only real changes are written and audited: a patch that changes nothing writes nothing.
    const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(current[k])));
    const names = Object.keys(changed);
    if (names.length === 0) return;
    const managed = names.find((n) => (PR_MANAGED_FIELDS as readonly string[]).includes(n));
    if (managed && (await pullRequestOfInstance(client, id))?.state === 'OPEN') throw new PrManagedFieldError(managed);
    await checkDomainsFree(client, changed, id);
    await updateInstanceColumns(client, id, changed);
    const moved = EXTERNAL_DOMAINS.filter((f) => f in changed);
    if (moved.length) {
      const text = moved.map((f) => `${f} ${current[f] ?? '(none)'} → ${changed[f] ?? '(none)'}`).join(', ');
      await insertLogLines(client, [
        { target: { instanceId: id }, level: 'INFO', text: `External domains changed (${text}); the load balancer routes them now.` },
      ]);
      await routingChanged(client, id);
    }
    await audit(client, actor, 'updateInstance', id, auditable(changed));
    await announce(client, 'INSTANCE', id, id);
  });
  return id;
}

export async function archiveInstance(actor: Actor, id: string): Promise<string> {
  await withTx(async (client) => {
    const state = await lockInstanceArchiveState(client, id);
    if (!state) throw new NotFoundError('No such instance.');
    if (state.archivedAt) throw new InvalidStateError('ARCHIVED', 'The instance is already archived.');
    await markArchiveRequested(client, id);
    // An instance being archived is served no more (SPEC §5: drop from the load balancer).
    await routingChanged(client, id);
    await enqueue(client, instanceArchive, { instanceId: id });
    await audit(client, actor, 'archiveInstance', id, null);
    await announce(client, 'INSTANCE', id, id);
  });
  return id;
}

export async function instanceIdOf(appServerId: string): Promise<string | null> {
  return instanceIdOfAppServer(pool, appServerId);
}
