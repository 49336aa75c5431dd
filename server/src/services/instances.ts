import { randomBytes } from 'node:crypto';
import { pool, prisma, withTx } from '../db.ts';
import { databaseNameFor, subdomainProblem, SUBDOMAIN_MESSAGES } from '../domain/subdomain.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { encryptSecret, randomLetters, randomPassword } from '../secrets.ts';
import { config } from '../settings.ts';
import { enqueue } from '../jobs/queue.ts';
import { audit, type Actor } from './audit.ts';
import { announce } from './notify.ts';
import type { Instance } from '../generated/prisma/client.ts';

export interface CreateInstanceInput {
  name: string;
  subDomain: string;
  email?: string | null;
  openedxRelease?: string | null;
  appServerCount?: number | null;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new ValidationError('name', 'Give the instance a name.');
  if (trimmed.length > 250) throw new ValidationError('name', 'The name must be at most 250 characters.');
  return trimmed;
}

function checkAppServerCount(n: number | null | undefined): number | undefined {
  if (n === null || n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new ValidationError('appServerCount', 'Use 1 to 5 app servers per deployment.');
  return n;
}

function checkEmail(email: string | null | undefined): string | undefined {
  if (email === null || email === undefined || email === '') return undefined;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) && !/^[^@\s]+@localhost$/.test(email)) {
    throw new ValidationError('email', 'Enter a valid email address.');
  }
  return email;
}

/** Validates a subdomain against every rule, the database included; throws ValidationError. */
export async function validateSubdomain(subDomain: string): Promise<void> {
  const cfg = config();
  const problem = subdomainProblem(subDomain, {
    blacklist: cfg.subdomainBlacklist,
    prefixes: [cfg.lmsPreviewDomainPrefix, cfg.studioDomainPrefix],
  });
  if (problem) throw new ValidationError('subDomain', problem);
  const taken = await prisma.instance.findFirst({
    where: { internalLmsDomain: `${subDomain}.${cfg.defaultInstanceBaseDomain}` },
    select: { id: true },
  });
  if (taken) throw new ValidationError('subDomain', SUBDOMAIN_MESSAGES.taken);
}

export async function createInstance(actor: Actor, input: CreateInstanceInput): Promise<Instance> {
  const cfg = config();
  const name = checkName(input.name);
  const subDomain = input.subDomain ?? '';
  await validateSubdomain(subDomain);
  const email = checkEmail(input.email) ?? `contact@${cfg.defaultInstanceBaseDomain}`;
  const appServerCount = checkAppServerCount(input.appServerCount) ?? 1;
  const release = input.openedxRelease?.trim() || cfg.defaultOpenedxRelease;
  const base = cfg.defaultInstanceBaseDomain;
  const lms = `${subDomain}.${base}`;
  const taken = new Set((await prisma.instance.findMany({ select: { databaseName: true }, where: { databaseName: { startsWith: lms.replace(/\./g, '_').slice(0, 30) } } })).map((i) => i.databaseName));
  const databaseName = databaseNameFor(lms, (n) => taken.has(n));
  const created = await withTx(async (client) => {
    const res = await client.query(
      `INSERT INTO instance (name, "subDomain", "baseDomain", "internalLmsDomain", "internalPreviewDomain", "internalStudioDomain",
         profile, recipe, email, "openedxRelease", "configurationSourceRepoUrl", "configurationVersion",
         "edxPlatformRepositoryUrl", "edxPlatformCommit", "databaseMode", "appServerCount", flavor, image, "sshKeyName",
         "databaseName", "mysqlUser", "mysqlPasswordEnc", "mongoUser", "mongoPasswordEnc", "rabbitmqVhost",
         "rabbitmqProviderUser", "rabbitmqProviderPasswordEnc", "rabbitmqConsumerUser", "rabbitmqConsumerPasswordEnc",
         "secretMasterEnc", "creatorId")
       VALUES ($1,$2,$3,$4,$5,$6,'SANDBOX',$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$19,$24,$25,$26,$27,$28,$29)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        name, subDomain, base, lms, `${cfg.lmsPreviewDomainPrefix}${lms}`, `${cfg.studioDomainPrefix}${lms}`,
        cfg.defaultRecipe, email, release, cfg.defaultConfigurationRepoUrl,
        cfg.defaultConfigurationVersion === cfg.defaultOpenedxRelease ? release : cfg.defaultConfigurationVersion,
        `https://github.com/${cfg.defaultFork}.git`, release,
        cfg.instanceEphemeralDatabases ? 'EPHEMERAL' : 'PERSISTENT', appServerCount,
        cfg.sandboxFlavor, cfg.sandboxBaseImage, cfg.sandboxSshKeyName,
        databaseName, randomLetters(16), encryptSecret(randomPassword()), randomLetters(16), encryptSecret(randomPassword()),
        randomLetters(16), encryptSecret(randomPassword()), randomLetters(16), encryptSecret(randomPassword()),
        encryptSecret(randomBytes(48).toString('base64')), actor.id,
      ],
    );
    // A concurrent creation of the same domain lost the race on the unique index.
    if (res.rowCount !== 1) throw new ValidationError('subDomain', SUBDOMAIN_MESSAGES.taken);
    const id = res.rows[0].id as string;
    await audit(client, actor, 'createInstance', id, { name, subDomain, email, openedxRelease: release, appServerCount });
    await announce(client, 'INSTANCE', id, id);
    return id;
  });
  return prisma.instance.findUniqueOrThrow({ where: { id: created } });
}

export interface UpdateInstanceInput {
  name?: string | null;
  email?: string | null;
  openedxRelease?: string | null;
  appServerCount?: number | null;
}

export async function updateInstance(actor: Actor, id: string, patch: UpdateInstanceInput): Promise<Instance> {
  const instance = await prisma.instance.findUnique({ where: { id } });
  if (!instance) throw new NotFoundError('No such instance.');
  if (instance.archivedAt) throw new InvalidStateError('ARCHIVED', 'The instance is archived.');
  const data: Record<string, unknown> = {};
  if (patch.name !== undefined && patch.name !== null) data.name = checkName(patch.name);
  if (patch.email !== undefined && patch.email !== null) data.email = checkEmail(patch.email) ?? instance.email;
  if (patch.openedxRelease) data.openedxRelease = patch.openedxRelease.trim();
  const count = checkAppServerCount(patch.appServerCount);
  if (count !== undefined) data.appServerCount = count;
  await withTx(async (client) => {
    const sets = Object.keys(data).map((k, i) => `"${k}" = $${i + 2}`);
    if (sets.length) await client.query(`UPDATE instance SET ${sets.join(', ')}, "updatedAt" = now() WHERE id = $1`, [id, ...Object.values(data)]);
    await audit(client, actor, 'updateInstance', id, data);
    await announce(client, 'INSTANCE', id, id);
  });
  return prisma.instance.findUniqueOrThrow({ where: { id } });
}

export async function archiveInstance(actor: Actor, id: string): Promise<Instance> {
  await withTx(async (client) => {
    const res = await client.query(`SELECT "archivedAt", "archiveRequestedAt" FROM instance WHERE id = $1 FOR UPDATE`, [id]);
    if (res.rowCount === 0) throw new NotFoundError('No such instance.');
    if (res.rows[0].archivedAt) throw new InvalidStateError('ARCHIVED', 'The instance is already archived.');
    await client.query(`UPDATE instance SET "archiveRequestedAt" = COALESCE("archiveRequestedAt", now()), "updatedAt" = now() WHERE id = $1`, [id]);
    await enqueue(client, 'instance.archive', { instanceId: id }, { singletonKey: `instance.archive:${id}` });
    await audit(client, actor, 'archiveInstance', id, null);
    await announce(client, 'INSTANCE', id, id);
  });
  return prisma.instance.findUniqueOrThrow({ where: { id } });
}

export async function instanceIdOf(appServerId: string): Promise<string | null> {
  const res = await pool.query(`SELECT "instanceId" FROM app_server WHERE id = $1`, [appServerId]);
  return res.rows[0]?.instanceId ?? null;
}
