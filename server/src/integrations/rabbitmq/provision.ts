import type { ResourceLedgerCallbacks } from '../compute/types.ts';
import {
  checkRabbitMqName,
  rabbitMqPasswordMatches,
  rabbitMqTags,
  RabbitMqManagementClient,
  type RabbitMqAdminCredentials,
  type RabbitMqClientOptions,
  type RabbitMqPermissions,
} from './client.ts';

export const LEDGER_KIND_RABBITMQ_VHOST = 'rabbitmq-vhost';
export const LEDGER_KIND_RABBITMQ_USER = 'rabbitmq-user';

/** An instance's broker identity: its vhost (= databaseName) and two users. */
export interface RabbitMqInstanceBroker {
  vhost: string;
  providerUser: string;
  providerPassword: string;
  consumerUser: string;
  consumerPassword: string;
}

export interface RabbitMqCallOptions extends RabbitMqClientOptions {
  /** Intent before the vhost and each user is created, its reference after; deletions reported. */
  ledger?: Partial<ResourceLedgerCallbacks>;
}

export interface RabbitMqProvisionResult {
  vhostCreated: boolean;
  usersCreated: string[];
  /** Users that existed with another password or tags, and were set again. */
  usersUpdated: string[];
  /** Users whose permissions on the vhost were missing or different, and were set. */
  permissionsSet: string[];
}

export interface RabbitMqDeprovisionResult {
  /** What existed and was deleted; absent ones count as done and are not listed. */
  vhostDeleted: boolean;
  usersDeleted: string[];
}

const FULL: RabbitMqPermissions = { configure: '.*', write: '.*', read: '.*' };

function checkBroker(broker: RabbitMqInstanceBroker): void {
  checkRabbitMqName('vhost', broker.vhost);
  checkRabbitMqName('user', broker.providerUser);
  checkRabbitMqName('user', broker.consumerUser);
}

function usersOf(broker: RabbitMqInstanceBroker): Array<{ name: string; password: string }> {
  return [
    { name: broker.providerUser, password: broker.providerPassword },
    { name: broker.consumerUser, password: broker.consumerPassword },
  ];
}

/**
 * Creates the instance's vhost, its provider and consumer users (no tags: they cannot use the
 * management API) and `.*` permissions on the vhost for both and for the admin (SPEC §9.6).
 * Everything is read first and written only when missing or different, so a rerun changes nothing.
 */
export async function provisionRabbitMq(
  admin: RabbitMqAdminCredentials,
  broker: RabbitMqInstanceBroker,
  options: RabbitMqCallOptions = {},
): Promise<RabbitMqProvisionResult> {
  checkBroker(broker);
  const client = new RabbitMqManagementClient(admin, options);
  const ledger = options.ledger ?? {};
  const host = new URL(client.origin).host;
  const result: RabbitMqProvisionResult = { vhostCreated: false, usersCreated: [], usersUpdated: [], permissionsSet: [] };

  await ledger.onIntent?.(LEDGER_KIND_RABBITMQ_VHOST, broker.vhost);
  if (!(await client.getVhost(broker.vhost))) {
    await client.putVhost(broker.vhost);
    result.vhostCreated = true;
  }
  await ledger.onCreated?.(LEDGER_KIND_RABBITMQ_VHOST, broker.vhost, `${broker.vhost}@${host}`);

  for (const user of usersOf(broker)) {
    await ledger.onIntent?.(LEDGER_KIND_RABBITMQ_USER, user.name);
    const existing = await client.getUser(user.name);
    if (!existing) {
      await client.putUser(user.name, user.password);
      result.usersCreated.push(user.name);
    } else if (rabbitMqTags(existing).length > 0 || !rabbitMqPasswordMatches(existing, user.password)) {
      await client.putUser(user.name, user.password);
      result.usersUpdated.push(user.name);
    }
    await ledger.onCreated?.(LEDGER_KIND_RABBITMQ_USER, user.name, `${user.name}@${host}`);
  }

  for (const name of [broker.providerUser, broker.consumerUser, client.adminUsername]) {
    const current = await client.getPermissions(broker.vhost, name);
    if (current?.configure === FULL.configure && current.write === FULL.write && current.read === FULL.read) continue;
    await client.putPermissions(broker.vhost, name, FULL);
    result.permissionsSet.push(name);
  }
  return result;
}

/**
 * Deletes the vhost (its queues and permissions go with it) and both users. A 404 counts as
 * done, so archive and delete can call this again after a crash.
 */
export async function deprovisionRabbitMq(
  admin: RabbitMqAdminCredentials,
  broker: RabbitMqInstanceBroker,
  options: RabbitMqCallOptions = {},
): Promise<RabbitMqDeprovisionResult> {
  checkBroker(broker);
  const client = new RabbitMqManagementClient(admin, options);
  const ledger = options.ledger ?? {};
  const host = new URL(client.origin).host;
  const vhostDeleted = await client.deleteVhost(broker.vhost);
  await ledger.onDeleted?.(LEDGER_KIND_RABBITMQ_VHOST, broker.vhost, `${broker.vhost}@${host}`);
  const usersDeleted: string[] = [];
  for (const user of usersOf(broker)) {
    if (await client.deleteUser(user.name)) usersDeleted.push(user.name);
    await ledger.onDeleted?.(LEDGER_KIND_RABBITMQ_USER, user.name, `${user.name}@${host}`);
  }
  return { vhostDeleted, usersDeleted };
}

export interface RabbitMqBrokerAddress {
  /** Where app servers reach AMQP (`INSTANCE_RABBITMQ_HOST`), not the management API. */
  host: string;
  /** 5671 (AMQPS) by default. */
  port: number;
  /** Whether app servers connect with TLS; true for the default port, as in the original. */
  useTls?: boolean;
}

/**
 * The broker settings an app server needs (SPEC §7.2), under the Ansible variable names the
 * original generated: Celery and XQueue both connect as the provider user.
 */
export function brokerSettings(server: RabbitMqBrokerAddress, broker: RabbitMqInstanceBroker): Record<string, unknown> {
  checkBroker(broker);
  const hostPort = `${server.host}:${server.port}`;
  const useTls = server.useTls ?? true;
  return {
    EDXAPP_RABBIT_HOSTNAME: hostPort,
    EDXAPP_CELERY_USER: broker.providerUser,
    EDXAPP_CELERY_PASSWORD: broker.providerPassword,
    EDXAPP_CELERY_BROKER_TRANSPORT: 'amqp',
    EDXAPP_CELERY_BROKER_HOSTNAME: hostPort,
    EDXAPP_CELERY_BROKER_VHOST: broker.vhost,
    EDXAPP_CELERY_BROKER_USE_SSL: useTls,
    XQUEUE_RABBITMQ_USER: broker.providerUser,
    XQUEUE_RABBITMQ_PASS: broker.providerPassword,
    XQUEUE_RABBITMQ_VHOST: broker.vhost,
    XQUEUE_RABBITMQ_HOSTNAME: server.host,
    XQUEUE_RABBITMQ_PORT: server.port,
    XQUEUE_RABBITMQ_TLS: useTls,
  };
}
