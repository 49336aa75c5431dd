import { pool, withTx, type Queryable } from '../db.ts';
import type { Config } from '../config.ts';
import {
  deleteSharedServerIfUnused,
  insertSharedServer,
  insertSharedServerIfAbsent,
  lockSharedServer,
  sharedServerKeyTaken,
  updateSharedServer,
  type SharedServerKind,
  type SharedServerRow,
} from '../data/shared-servers.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { parseMysqlAdminUrl } from '../integrations/mysql/index.ts';
import { parseMongoUrl } from '../integrations/mongodb/index.ts';
import type { RabbitMqAdminCredentials } from '../integrations/rabbitmq/index.ts';
import { decryptSecret, encryptSecret } from '../secrets.ts';
import { audit, type Actor } from './audit.ts';

// Shared MySQL, MongoDB and RabbitMQ servers (SPEC §3): an operator gives each as one URL with
// its administrator's credentials; the password is stored encrypted and never served back.

const EXAMPLE: Record<SharedServerKind, string> = {
  MYSQL: 'mysql://user:password@host[:3306]',
  MONGODB: 'mongodb://user:password@host[:27017][,host…][/?replicaSet=name]',
  RABBITMQ: 'https://user:password@host[:15671] (the management API)',
};

export interface SharedServerInput {
  name?: string | null;
  description?: string | null;
  url?: string | null;
  acceptsNewClients?: boolean | null;
  instanceHost?: string | null;
  instancePort?: number | null;
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The columns a URL of the kind stands for; errors never repeat the URL (it holds a password). */
export function columnsFromUrl(kind: SharedServerKind, raw: string, field = 'url'): Record<string, unknown> {
  const url = raw.trim();
  const bad = (why: string) => new ValidationError(field, `${why} Expected ${EXAMPLE[kind]}.`);
  if (url.length > 2000) throw bad('The URL is too long.');
  if (kind === 'MYSQL') {
    let target;
    try {
      target = parseMysqlAdminUrl(url);
    } catch {
      throw bad('Not a MySQL URL.');
    }
    if (!target.password) throw bad('The URL has no password.');
    if (!HOST.test(target.host)) throw bad('The host is not a host name or address.');
    if (!(target.port >= 1 && target.port <= 65535)) throw bad('The port is out of range.');
    return { hostname: target.host, port: target.port, username: target.user, passwordEnc: encryptSecret(target.password) };
  }
  if (kind === 'MONGODB') {
    const m = /^mongodb:\/\/([^@/?:]+):([^@/?]+)@([^/?]+)/.exec(url);
    if (!m) throw bad('Not a MongoDB URL with a user and password.');
    let address;
    try {
      address = parseMongoUrl(url);
    } catch {
      throw bad('Not a MongoDB URL.');
    }
    const ports = new Set(address.hosts.map((h) => h.port));
    if (ports.size !== 1) throw bad('All hosts must use the same port.');
    if (address.hosts.some((h) => !HOST.test(h.host))) throw bad('A host is not a host name or address.');
    const [port] = ports;
    if (!(port >= 1 && port <= 65535)) throw bad('The port is out of range.');
    return {
      hostname: address.hosts.map((h) => h.host).join(','),
      port,
      username: decode(m[1]),
      passwordEnc: encryptSecret(decode(m[2])),
      replicaSet: address.options.get('replicaSet') || null,
    };
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('Not a URL.');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw bad('The management API is http or https.');
  if (!u.username || !u.password) throw bad('The URL has no user name and password.');
  const apiUrl = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  return { apiUrl, adminUsername: decode(u.username), adminPasswordEnc: encryptSecret(decode(u.password)), instanceHost: u.hostname };
}

function checkText(field: string, value: string, max: number, required: boolean): string {
  const v = value.trim();
  if (required && !v) throw new ValidationError(field, 'Required.');
  if (v.length > max) throw new ValidationError(field, `At most ${max} characters.`);
  return v;
}

function extraColumns(kind: SharedServerKind, input: SharedServerInput, columns: Record<string, unknown>): void {
  if (input.name != null) columns.name = checkText('name', input.name, 250, true);
  if (input.description != null) columns.description = checkText('description', input.description, 2000, false);
  if (input.acceptsNewClients != null) columns.acceptsNewClients = input.acceptsNewClients;
  if (kind !== 'RABBITMQ') {
    if (input.instanceHost != null) throw new ValidationError('instanceHost', 'Only RabbitMQ servers have an AMQP host for instances.');
    if (input.instancePort != null) throw new ValidationError('instancePort', 'Only RabbitMQ servers have an AMQP port for instances.');
    return;
  }
  if (input.instanceHost != null) {
    const host = input.instanceHost.trim();
    if (!HOST.test(host) || host.length > 253) throw new ValidationError('instanceHost', 'A host name or address.');
    columns.instanceHost = host;
  }
  if (input.instancePort != null) {
    if (!Number.isInteger(input.instancePort) || input.instancePort < 1 || input.instancePort > 65535) {
      throw new ValidationError('instancePort', 'A port from 1 to 65535.');
    }
    columns.instancePort = input.instancePort;
  }
}

function keyOf(kind: SharedServerKind, columns: Record<string, unknown>): string | undefined {
  return (kind === 'RABBITMQ' ? columns.apiUrl : columns.hostname) as string | undefined;
}

const KIND_NAME: Record<SharedServerKind, string> = { MYSQL: 'MySQL', MONGODB: 'MongoDB', RABBITMQ: 'RabbitMQ' };

/** What the audit log keeps of an input: everything but the URL's password. */
function auditInput(kind: SharedServerKind, input: SharedServerInput, columns: Record<string, unknown>) {
  const { passwordEnc: _p, adminPasswordEnc: _a, ...rest } = columns;
  return { kind, ...rest, ...(input.url != null ? { url: 'set' } : {}) };
}

export async function createSharedServer(actor: Actor, kind: SharedServerKind, input: SharedServerInput & { name: string; url: string }): Promise<string> {
  const columns = columnsFromUrl(kind, input.url);
  extraColumns(kind, input, columns);
  if (columns.name === undefined) columns.name = keyOf(kind, columns);
  return withTx(async (client) => {
    const id = await insertSharedServer(client, kind, columns);
    if (!id) throw new ValidationError('url', `A ${KIND_NAME[kind]} server with this ${kind === 'RABBITMQ' ? 'API URL' : 'host'} exists already.`);
    await audit(client, actor, 'createSharedServer', id, auditInput(kind, input, columns));
    return id;
  });
}

export async function updateSharedServerById(actor: Actor, kind: SharedServerKind, id: string, patch: SharedServerInput): Promise<string> {
  const columns = patch.url != null ? columnsFromUrl(kind, patch.url) : {};
  extraColumns(kind, patch, columns);
  return withTx(async (client) => {
    const row = await lockSharedServer(client, kind, id);
    if (!row) throw new NotFoundError('No such shared server.');
    const key = keyOf(kind, columns);
    if (key && (await sharedServerKeyTaken(client, kind, key, id))) {
      throw new ValidationError('url', `Another ${KIND_NAME[kind]} server has this ${kind === 'RABBITMQ' ? 'API URL' : 'host'}.`);
    }
    await updateSharedServer(client, kind, id, columns);
    await audit(client, actor, 'updateSharedServer', id, auditInput(kind, patch, columns));
    return id;
  });
}

export async function deleteSharedServerById(actor: Actor, kind: SharedServerKind, id: string): Promise<void> {
  await withTx(async (client) => {
    const row = await lockSharedServer(client, kind, id);
    if (!row) throw new NotFoundError('No such shared server.');
    if (!(await deleteSharedServerIfUnused(client, kind, id))) {
      throw new InvalidStateError('IN_USE', 'Instances use this server (they keep it for life): stop it accepting new clients instead.');
    }
    await audit(client, actor, 'deleteSharedServer', id, { kind });
  });
}

/**
 * Upserts the servers the settings name (SPEC §3): a row with the same host or API URL is left
 * as it is, so an operator's later changes survive restarts.
 */
export async function seedSharedServers(config: Config, db: Queryable = pool): Promise<void> {
  if (config.defaultInstanceMysqlUrl) {
    const columns = columnsFromUrl('MYSQL', config.defaultInstanceMysqlUrl, 'DEFAULT_INSTANCE_MYSQL_URL');
    await insertSharedServerIfAbsent(db, 'MYSQL', { name: columns.hostname, ...columns });
  }
  if (config.defaultInstanceMongoUrl) {
    const columns = columnsFromUrl('MONGODB', config.defaultInstanceMongoUrl, 'DEFAULT_INSTANCE_MONGO_URL');
    await insertSharedServerIfAbsent(db, 'MONGODB', { name: columns.hostname, ...columns });
  }
  if (config.rabbitmqApiUrl && config.rabbitmqAdminUsername && config.rabbitmqAdminPassword) {
    const u = new URL(config.rabbitmqApiUrl);
    const apiUrl = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
    await insertSharedServerIfAbsent(db, 'RABBITMQ', {
      name: u.hostname,
      apiUrl,
      adminUsername: config.rabbitmqAdminUsername,
      adminPasswordEnc: encryptSecret(config.rabbitmqAdminPassword),
      instanceHost: config.instanceRabbitmqHost ?? u.hostname,
      instancePort: config.instanceRabbitmqPort,
    });
  }
}

// Connections to a server, built from its row when needed; never stored, logged or served.

export function mysqlAdminUrl(row: SharedServerRow): string {
  const host = row.hostname!.includes(':') && !row.hostname!.startsWith('[') ? `[${row.hostname}]` : row.hostname;
  return `mysql://${encodeURIComponent(row.username!)}:${encodeURIComponent(decryptSecret(row.passwordEnc!))}@${host}:${row.port}`;
}

export function mongoAdminUrl(row: SharedServerRow): string {
  const hosts = row.hostname!.split(',').map((h) => `${h}:${row.port}`);
  const options = new URLSearchParams({ authSource: 'admin', ...(row.replicaSet ? { replicaSet: row.replicaSet } : {}) });
  return `mongodb://${encodeURIComponent(row.username!)}:${encodeURIComponent(decryptSecret(row.passwordEnc!))}@${hosts.join(',')}/?${options}`;
}

/** Where app servers connect: the hosts, port and replica set, without credentials. */
export function mongoServerAddress(row: SharedServerRow): string {
  const hosts = row.hostname!.split(',').map((h) => `${h}:${row.port}`);
  return `mongodb://${hosts.join(',')}/${row.replicaSet ? `?replicaSet=${encodeURIComponent(row.replicaSet)}` : ''}`;
}

export function rabbitMqAdmin(row: SharedServerRow): RabbitMqAdminCredentials {
  return { apiUrl: row.apiUrl!, username: row.adminUsername!, password: decryptSecret(row.adminPasswordEnc!) };
}

/** The server as operators see it: its address without the password. */
export function displayUrl(row: SharedServerRow): string {
  if (row.kind === 'RABBITMQ') {
    const u = new URL(row.apiUrl!);
    return `${u.protocol}//${encodeURIComponent(row.adminUsername!)}@${u.host}${u.pathname.replace(/\/+$/, '')}`;
  }
  const scheme = row.kind === 'MYSQL' ? 'mysql' : 'mongodb';
  const hosts = row.hostname!.split(',').map((h) => `${h}:${row.port}`);
  return `${scheme}://${encodeURIComponent(row.username!)}@${hosts.join(',')}${row.replicaSet ? `/?replicaSet=${encodeURIComponent(row.replicaSet)}` : ''}`;
}
