import { pool } from '../db.ts';
import type { Instance } from '../generated/prisma/client.ts';
import { deploymentNeedsPersistentData } from '../data/app-servers.ts';
import { loadInstance, setInstanceStorage } from '../data/instances.ts';
import {
  liveResourcesOfInstance,
  markInstanceResourcesDeleted,
  markInstanceResourcesDeleting,
  markInstanceResourcesFailed,
} from '../data/provisioned-resources.ts';
import { assignSharedServer, loadSharedServer, sharedServerCounts, type SharedServerKind } from '../data/shared-servers.ts';
import type { Mapping } from '../domain/settings.ts';
import { describeError } from '../errors.ts';
import { deprovisionMongo, MONGO_LEDGER_KINDS, mongoSettings, provisionMongo } from '../integrations/mongodb/index.ts';
import { deprovisionMysql, LEDGER_KIND_MYSQL_DATABASE, LEDGER_KIND_MYSQL_USER, mysqlSettings, provisionMysql } from '../integrations/mysql/index.ts';
import {
  brokerSettings,
  deprovisionRabbitMq,
  LEDGER_KIND_RABBITMQ_USER,
  LEDGER_KIND_RABBITMQ_VHOST,
  provisionRabbitMq,
  type RabbitMqInstanceBroker,
} from '../integrations/rabbitmq/index.ts';
import { bucketName, STORAGE_LEDGER_KINDS, storageSettings } from '../integrations/storage/index.ts';
import { objectStorage } from '../object-storage.ts';
import { decryptSecret, encryptSecret } from '../secrets.ts';
import { config } from '../settings.ts';
import { mongoAdminUrl, mongoServerAddress, mysqlAdminUrl, rabbitMqAdmin } from '../services/shared-servers.ts';
import { ledgerFor } from './ledger.ts';

// PERSISTENT instances' data on shared servers (SPEC §6 step 2, §7.2, §8, §9.6): allocation,
// the app servers' connection settings, archive's broker cleanup and delete's full cleanup.

/** Allocation cannot succeed by retrying: a kind PERSISTENT needs has no server to give. */
export class PersistentAllocationRefused extends Error {}

const KIND_NAME: Record<SharedServerKind, string> = { MYSQL: 'MySQL', MONGODB: 'MongoDB', RABBITMQ: 'RabbitMQ' };
const MYSQL_KINDS = [LEDGER_KIND_MYSQL_DATABASE, LEDGER_KIND_MYSQL_USER];
const MONGO_KINDS = [MONGO_LEDGER_KINDS.user, MONGO_LEDGER_KINDS.database];
const RABBITMQ_KINDS = [LEDGER_KIND_RABBITMQ_VHOST, LEDGER_KIND_RABBITMQ_USER];
const STORAGE_KINDS = [STORAGE_LEDGER_KINDS.bucket, STORAGE_LEDGER_KINDS.iamUser, STORAGE_LEDGER_KINDS.accessKey];

/** The server of the kind the instance keeps, assigned now if it has none; null when none is configured at all. */
async function serverFor(instanceId: string, kind: SharedServerKind, required: boolean) {
  const id = await assignSharedServer(pool, kind, instanceId);
  if (id) return loadSharedServer(pool, kind, id);
  const { total } = await sharedServerCounts(pool, kind);
  if (total > 0) throw new PersistentAllocationRefused(`No ${KIND_NAME[kind]} server accepts new clients: allocation needs one for this instance.`);
  if (required) {
    throw new PersistentAllocationRefused(`No ${KIND_NAME[kind]} server is configured: PERSISTENT instances need one (add one on the shared servers page).`);
  }
  return null;
}

function mysqlIdentity(inst: Instance) {
  return { databaseName: inst.databaseName, mysqlUser: inst.mysqlUser, mysqlPassword: decryptSecret(inst.mysqlPasswordEnc) };
}

function mongoAccount(inst: Instance) {
  return { databaseName: inst.databaseName, mongoUser: inst.mongoUser, mongoPassword: decryptSecret(inst.mongoPasswordEnc) };
}

function broker(inst: Instance): RabbitMqInstanceBroker {
  return {
    vhost: inst.rabbitmqVhost,
    providerUser: inst.rabbitmqProviderUser,
    providerPassword: decryptSecret(inst.rabbitmqProviderPasswordEnc),
    consumerUser: inst.rabbitmqConsumerUser,
    consumerPassword: decryptSecret(inst.rabbitmqConsumerPasswordEnc),
  };
}

/**
 * Step 2 for a deployment with a PERSISTENT app server: MySQL databases and users, the MongoDB
 * user, the RabbitMQ vhost and users, the bucket; each through the ledger before the call, and
 * each converging, so a rerun changes nothing. Returns the kinds skipped for want of a provider.
 */
export async function allocatePersistentData(deploymentId: string, instanceId: string): Promise<string[]> {
  if (!(await deploymentNeedsPersistentData(pool, deploymentId))) return [];
  const mysql = await serverFor(instanceId, 'MYSQL', true);
  const mongo = await serverFor(instanceId, 'MONGODB', true);
  const rabbit = await serverFor(instanceId, 'RABBITMQ', false);
  const inst = (await loadInstance(pool, instanceId))!;
  const ledger = ledgerFor({ instanceId });
  const skipped: string[] = [];
  await provisionMysql(mysqlAdminUrl(mysql!), mysqlIdentity(inst), { ledger });
  await provisionMongo(mongoAdminUrl(mongo!), mongoAccount(inst), { ledger });
  if (rabbit) await provisionRabbitMq(rabbitMqAdmin(rabbit), broker(inst), { ledger });
  else skipped.push('RabbitMQ');
  const storage = objectStorage();
  if (storage) {
    const bucket = inst.storageBucket ?? bucketName(config().s3BucketPrefix, inst.databaseName);
    const storedAccessKeyId = inst.storageAccessKeyIdEnc ? decryptSecret(inst.storageAccessKeyIdEnc) : null;
    const result = await storage.provisionBucket({ bucket, storedAccessKeyId, ledger });
    // Per-instance IAM: the key's secret is shown once, so it is stored before anything else can fail.
    const own = result.iamUser !== null;
    const secretKeyEnc = own ? (result.newSecretAccessKey ? encryptSecret(result.newSecretAccessKey) : inst.storageSecretKeyEnc) : null;
    await setInstanceStorage(pool, instanceId, {
      bucket: result.bucket,
      region: result.region,
      accessKeyIdEnc: own ? encryptSecret(result.accessKeyId) : null,
      secretKeyEnc,
    });
  } else {
    skipped.push('object storage');
  }
  return skipped;
}

/**
 * The generated settings (§7.2 layer 1) this part adds: the SMTP relay on every app server, and
 * for a PERSISTENT snapshot the connections to the instance's databases, broker and bucket.
 */
export async function persistentDataSettings(snapshot: { databaseMode: string }, inst: Instance): Promise<Mapping> {
  const cfg = config();
  const settings: Mapping = {};
  if (cfg.instanceSmtpRelayHost) {
    const domain = inst.internalLmsDomain;
    Object.assign(settings, {
      POSTFIX_QUEUE_EXTERNAL_SMTP_HOST: cfg.instanceSmtpRelayHost,
      POSTFIX_QUEUE_EXTERNAL_SMTP_PORT: String(cfg.instanceSmtpRelayPort),
      POSTFIX_QUEUE_EXTERNAL_SMTP_USER: cfg.instanceSmtpRelayUsername ?? '',
      POSTFIX_QUEUE_EXTERNAL_SMTP_PASSWORD: cfg.instanceSmtpRelayPassword ?? '',
      // The original From moves to Reply-To; every address of the instance's mail domain is
      // rewritten to one of the relay's (edx-platform prefixes course slugs, hence the wildcard).
      POSTFIX_QUEUE_HEADER_CHECKS: '/^From:(.*)$/   PREPEND Reply-To:$1',
      POSTFIX_QUEUE_SENDER_CANONICAL_MAPS: `@${inst.email.split('@').pop()}  ${domain}@${cfg.instanceSmtpRelaySenderDomain}`,
    });
  }
  if (snapshot.databaseMode !== 'PERSISTENT') return settings;
  const mysql = await loadSharedServer(pool, 'MYSQL', inst.mysqlServerId);
  const mongo = await loadSharedServer(pool, 'MONGODB', inst.mongodbServerId);
  if (!mysql) throw new Error('This PERSISTENT app server has no MySQL server allocated: spawn again to allocate one.');
  if (!mongo) throw new Error('This PERSISTENT app server has no MongoDB server allocated: spawn again to allocate one.');
  Object.assign(settings, mysqlSettings({ host: mysql.hostname!, port: mysql.port! }, mysqlIdentity(inst)));
  Object.assign(settings, mongoSettings(mongoServerAddress(mongo), mongoAccount(inst)));
  const rabbit = await loadSharedServer(pool, 'RABBITMQ', inst.rabbitmqServerId);
  if (rabbit)
    Object.assign(settings, brokerSettings({ host: rabbit.instanceHost!, port: rabbit.instancePort!, useTls: rabbit.instancePort === 5671 }, broker(inst)));
  if (inst.storageBucket) {
    const own = inst.storageAccessKeyIdEnc && inst.storageSecretKeyEnc;
    Object.assign(
      settings,
      storageSettings({
        bucket: inst.storageBucket,
        region: inst.storageRegion ?? cfg.s3Region,
        accessKeyId: own ? decryptSecret(inst.storageAccessKeyIdEnc!) : (cfg.s3AccessKeyId ?? ''),
        secretAccessKey: own ? decryptSecret(inst.storageSecretKeyEnc!) : (cfg.s3SecretAccessKey ?? ''),
        endpoint: cfg.s3EndpointUrl,
        forcePathStyle: cfg.s3ForcePathStyle,
      }),
    );
  }
  return settings;
}

/** Runs one deprovisioning call between the ledger's `deleting` and `deleted` marks of its kinds. */
async function deprovision(instanceId: string, kinds: readonly string[], call: () => Promise<unknown>): Promise<void> {
  await markInstanceResourcesDeleting(pool, instanceId, kinds);
  try {
    await call();
  } catch (e) {
    await markInstanceResourcesFailed(pool, instanceId, kinds, describeError(e));
    throw e;
  }
  await markInstanceResourcesDeleted(pool, instanceId, kinds);
}

async function hasLive(instanceId: string, kinds: readonly string[]): Promise<boolean> {
  return (await liveResourcesOfInstance(pool, instanceId)).some((r) => kinds.includes(r.kind));
}

/** Archive (SPEC §5): the vhost and broker users go; databases, users and the bucket stay. */
export async function deprovisionBrokerOnArchive(instanceId: string): Promise<void> {
  const inst = await loadInstance(pool, instanceId);
  if (!inst?.rabbitmqServerId || !(await hasLive(instanceId, RABBITMQ_KINDS))) return;
  const rabbit = (await loadSharedServer(pool, 'RABBITMQ', inst.rabbitmqServerId))!;
  const ledger = ledgerFor({ instanceId });
  await deprovision(instanceId, RABBITMQ_KINDS, () => deprovisionRabbitMq(rabbitMqAdmin(rabbit), broker(inst), { ledger }));
}

/**
 * Deletes what an archived instance still owns outside (SPEC §5 delete): its MySQL and MongoDB
 * databases and users, every object version and the bucket with its IAM user, the broker's
 * leftovers. Each call treats what is gone as done, so a rerun after a crash resumes. Throws
 * when a ledger row of a kind nobody here can delete remains: the rows must not go before it.
 */
export async function deleteInstanceData(instanceId: string): Promise<void> {
  const inst = await loadInstance(pool, instanceId);
  if (!inst) return;
  const ledger = ledgerFor({ instanceId });
  if (inst.rabbitmqServerId && (await hasLive(instanceId, RABBITMQ_KINDS))) {
    const rabbit = (await loadSharedServer(pool, 'RABBITMQ', inst.rabbitmqServerId))!;
    await deprovision(instanceId, RABBITMQ_KINDS, () => deprovisionRabbitMq(rabbitMqAdmin(rabbit), broker(inst), { ledger }));
  }
  if (inst.mysqlServerId && (await hasLive(instanceId, MYSQL_KINDS))) {
    const mysql = (await loadSharedServer(pool, 'MYSQL', inst.mysqlServerId))!;
    await deprovision(instanceId, MYSQL_KINDS, () => deprovisionMysql(mysqlAdminUrl(mysql), mysqlIdentity(inst), { ledger }));
  }
  if (inst.mongodbServerId && (await hasLive(instanceId, MONGO_KINDS))) {
    const mongo = (await loadSharedServer(pool, 'MONGODB', inst.mongodbServerId))!;
    await deprovision(instanceId, MONGO_KINDS, () => deprovisionMongo(mongoAdminUrl(mongo), mongoAccount(inst), { ledger }));
  }
  if (await hasLive(instanceId, STORAGE_KINDS)) {
    const storage = objectStorage();
    if (!storage) throw new Error('The instance has a bucket but no object storage is configured (STORAGE_PROVIDER): it cannot be deleted.');
    const bucket = inst.storageBucket ?? bucketName(config().s3BucketPrefix, inst.databaseName);
    const iamUser = (await liveResourcesOfInstance(pool, instanceId)).some(
      (r) => r.kind !== STORAGE_LEDGER_KINDS.bucket && STORAGE_KINDS.includes(r.kind as never),
    );
    await deprovision(instanceId, STORAGE_KINDS, () => storage.deprovisionBucket({ bucket, iamUser, ledger }));
  }
  const left = await liveResourcesOfInstance(pool, instanceId);
  if (left.length) {
    throw new Error(
      `Resources of kinds ${[...new Set(left.map((r) => r.kind))].join(', ')} remain in the ledger: delete them first, then delete the instance again.`,
    );
  }
}
