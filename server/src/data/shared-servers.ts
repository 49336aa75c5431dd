import type { Queryable } from '../db.ts';

// The three shared-server tables (mysql_server, mongodb_server, rabbitmq_server, SPEC §3): they
// share their columns but the address, so one module holds the statements of all three, each
// statement naming its table from this fixed map (never from input).

export type SharedServerKind = 'MYSQL' | 'MONGODB' | 'RABBITMQ';
export const SHARED_SERVER_KINDS: readonly SharedServerKind[] = ['MYSQL', 'MONGODB', 'RABBITMQ'];

const TABLE: Record<SharedServerKind, string> = { MYSQL: 'mysql_server', MONGODB: 'mongodb_server', RABBITMQ: 'rabbitmq_server' };
/** The unique key settings seed by: a second start with the same setting changes nothing. */
const KEY: Record<SharedServerKind, string> = { MYSQL: 'hostname', MONGODB: 'hostname', RABBITMQ: 'apiUrl' };
/** The instance column that references a server of the kind. */
export const INSTANCE_COLUMN: Record<SharedServerKind, 'mysqlServerId' | 'mongodbServerId' | 'rabbitmqServerId'> = {
  MYSQL: 'mysqlServerId',
  MONGODB: 'mongodbServerId',
  RABBITMQ: 'rabbitmqServerId',
};
/** Columns a caller may write, per kind; anything else in a patch is a bug and refused. */
const WRITABLE: Record<SharedServerKind, readonly string[]> = {
  MYSQL: ['name', 'description', 'hostname', 'port', 'username', 'passwordEnc', 'acceptsNewClients'],
  MONGODB: ['name', 'description', 'hostname', 'port', 'username', 'passwordEnc', 'replicaSet', 'acceptsNewClients'],
  RABBITMQ: ['name', 'description', 'apiUrl', 'adminUsername', 'adminPasswordEnc', 'instanceHost', 'instancePort', 'acceptsNewClients'],
};

export interface SharedServerRow {
  id: string;
  kind: SharedServerKind;
  name: string;
  description: string;
  acceptsNewClients: boolean;
  hostname?: string;
  port?: number;
  username?: string;
  passwordEnc?: string;
  replicaSet?: string | null;
  apiUrl?: string;
  adminUsername?: string;
  adminPasswordEnc?: string;
  instanceHost?: string;
  instancePort?: number;
  createdAt: Date;
  updatedAt: Date;
}

function columnsOf(kind: SharedServerKind, values: Record<string, unknown>): string[] {
  const columns = Object.keys(values);
  const unknown = columns.filter((c) => !WRITABLE[kind].includes(c));
  if (unknown.length) throw new Error(`not a ${TABLE[kind]} column: ${unknown.join(', ')}`);
  return columns;
}

/** Inserts a server unless one with the same unique key exists (settings seeding: existing rows untouched). */
export async function insertSharedServerIfAbsent(db: Queryable, kind: SharedServerKind, values: Record<string, unknown>): Promise<boolean> {
  const columns = columnsOf(kind, values);
  const res = await db.query(
    `INSERT INTO ${TABLE[kind]} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT ("${KEY[kind]}") DO NOTHING`,
    columns.map((c) => values[c]),
  );
  return res.rowCount === 1;
}

/** Inserts a server; null when its unique key (host or API URL) is taken. */
export async function insertSharedServer(db: Queryable, kind: SharedServerKind, values: Record<string, unknown>): Promise<string | null> {
  const columns = columnsOf(kind, values);
  const res = await db.query(
    `INSERT INTO ${TABLE[kind]} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT ("${KEY[kind]}") DO NOTHING RETURNING id`,
    columns.map((c) => values[c]),
  );
  return (res.rows[0]?.id as string | undefined) ?? null;
}

/** Whether another server of the kind has this unique key. */
export async function sharedServerKeyTaken(db: Queryable, kind: SharedServerKind, key: string, exceptId: string): Promise<boolean> {
  const res = await db.query(`SELECT 1 FROM ${TABLE[kind]} WHERE "${KEY[kind]}" = $1 AND id <> $2`, [key, exceptId]);
  return Boolean(res.rowCount);
}

export async function updateSharedServer(db: Queryable, kind: SharedServerKind, id: string, values: Record<string, unknown>): Promise<void> {
  const columns = columnsOf(kind, values);
  if (!columns.length) return;
  await db.query(`UPDATE ${TABLE[kind]} SET ${columns.map((c, i) => `"${c}" = $${i + 2}`).join(', ')}, "updatedAt" = now() WHERE id = $1`, [
    id,
    ...columns.map((c) => values[c]),
  ]);
}

/** The server with this id, whichever table it is in (ids are UUIDs: at most one matches). */
export async function findSharedServer(db: Queryable, id: string): Promise<SharedServerRow | null> {
  for (const kind of SHARED_SERVER_KINDS) {
    const row = await loadSharedServer(db, kind, id);
    if (row) return row;
  }
  return null;
}

export async function loadSharedServer(db: Queryable, kind: SharedServerKind, id: string | null): Promise<SharedServerRow | null> {
  if (!id) return null;
  const res = await db.query(`SELECT * FROM ${TABLE[kind]} WHERE id = $1`, [id]);
  return res.rows[0] ? { ...res.rows[0], kind } : null;
}

export async function lockSharedServer(db: Queryable, kind: SharedServerKind, id: string): Promise<SharedServerRow | null> {
  const res = await db.query(`SELECT * FROM ${TABLE[kind]} WHERE id = $1 FOR UPDATE`, [id]);
  return res.rows[0] ? { ...res.rows[0], kind } : null;
}

export async function listSharedServers(db: Queryable, kind: SharedServerKind): Promise<SharedServerRow[]> {
  const res = await db.query(`SELECT * FROM ${TABLE[kind]} ORDER BY name, id`);
  return res.rows.map((r) => ({ ...r, kind }));
}

/** How many instances (archived ones too) are assigned the server: those keep it, so it cannot go. */
export async function sharedServerClientCount(db: Queryable, kind: SharedServerKind, id: string): Promise<number> {
  const res = await db.query(`SELECT count(*)::int AS n FROM instance WHERE "${INSTANCE_COLUMN[kind]}" = $1`, [id]);
  return res.rows[0].n as number;
}

/** Deletes an unreferenced server; false when an instance references it (the foreign key refuses). */
export async function deleteSharedServerIfUnused(db: Queryable, kind: SharedServerKind, id: string): Promise<boolean> {
  const res = await db.query(`DELETE FROM ${TABLE[kind]} t WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM instance WHERE "${INSTANCE_COLUMN[kind]}" = t.id)`, [
    id,
  ]);
  return res.rowCount === 1;
}

/** Servers of the kind: how many exist, and how many accept new clients. */
export async function sharedServerCounts(db: Queryable, kind: SharedServerKind): Promise<{ total: number; accepting: number }> {
  const res = await db.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE "acceptsNewClients")::int AS accepting FROM ${TABLE[kind]}`);
  return res.rows[0];
}

/**
 * Assigns the instance a server of the kind at random among those accepting new clients, unless
 * it has one already (it keeps it for life, SPEC §3); the assigned id, or null when none accepts.
 */
export async function assignSharedServer(db: Queryable, kind: SharedServerKind, instanceId: string): Promise<string | null> {
  const column = INSTANCE_COLUMN[kind];
  const res = await db.query(
    `UPDATE instance SET "${column}" = COALESCE("${column}", (SELECT id FROM ${TABLE[kind]} WHERE "acceptsNewClients" ORDER BY random() LIMIT 1))
     WHERE id = $1 RETURNING "${column}" AS id`,
    [instanceId],
  );
  return (res.rows[0]?.id as string | null | undefined) ?? null;
}
