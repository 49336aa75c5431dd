import { advisoryXactLock, notify, type Queryable } from '../db.ts';

export type LogLevelName = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface LogRow {
  level: LogLevelName;
  text: string;
  instanceId: string | null;
  appServerId: string | null;
  serverId: string | null;
}

/**
 * Inserts one batch inside the caller's transaction. Each scope's transaction-level advisory lock
 * is held until commit, so ids of one scope become visible in increasing order (SPEC.md §12);
 * one notification on `channel` for the whole batch. Returns the last id.
 */
export async function insertLogBatch(db: Queryable, scopes: string[], rows: LogRow[], channel: string): Promise<string | null> {
  for (const scope of scopes) await advisoryXactLock(db, scope);
  const res = await db.query(
    `INSERT INTO log_entry (level, text, "instanceId", "appServerId", "serverId")
     SELECT * FROM unnest($1::"LogLevel"[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[])
     RETURNING id`,
    [rows.map((r) => r.level), rows.map((r) => r.text), rows.map((r) => r.instanceId), rows.map((r) => r.appServerId), rows.map((r) => r.serverId)],
  );
  await notify(db, channel, JSON.stringify({ scopes }));
  return res.rows.at(-1)?.id ?? null;
}

export interface LogEntryRow {
  id: string;
  level: LogLevelName;
  text: string;
  createdAt: Date;
}

/** Which lines a reader follows: an instance's, an app server's (with its server's), or a server's. */
export interface LogFilter {
  of: 'instance' | 'appServer' | 'server';
  id: string;
  errorsOnly: boolean;
}

function whereOf(filter: LogFilter): string {
  const level = filter.errorsOnly ? ` AND level IN ('ERROR', 'CRITICAL')` : '';
  if (filter.of === 'instance') return `"instanceId" = $1${level}`;
  if (filter.of === 'appServer') return `("appServerId" = $1 OR "serverId" = (SELECT "serverId" FROM app_server WHERE id = $1))${level}`;
  return `"serverId" = $1${level}`;
}

const COLUMNS = `id, level, text, "createdAt"`;

export async function logEntriesAfter(db: Queryable, filter: LogFilter, afterId: string, limit: number): Promise<LogEntryRow[]> {
  const res = await db.query(`SELECT ${COLUMNS} FROM log_entry WHERE ${whereOf(filter)} AND id > $2 ORDER BY id LIMIT $3`, [filter.id, afterId, limit]);
  return res.rows;
}

/** The last `limit` lines, oldest first. */
export async function lastLogEntries(db: Queryable, filter: LogFilter, limit: number): Promise<LogEntryRow[]> {
  const res = await db.query(`SELECT ${COLUMNS} FROM log_entry WHERE ${whereOf(filter)} ORDER BY id DESC LIMIT $2`, [filter.id, limit]);
  return res.rows.reverse();
}

/** Whether the instance already carries the "no provider configured" warning. */
export async function hasProviderSkipWarning(db: Queryable, instanceId: string): Promise<boolean> {
  const res = await db.query(`SELECT 1 FROM log_entry WHERE "instanceId" = $1 AND text LIKE 'No provider configured for%' LIMIT 1`, [instanceId]);
  return (res.rowCount ?? 0) > 0;
}

/** The texts of a server's last `limit` lines, newest first. */
export async function lastServerLogTexts(db: Queryable, serverId: string, limit: number): Promise<string[]> {
  const res = await db.query(`SELECT text FROM log_entry WHERE "serverId" = $1 ORDER BY id DESC LIMIT $2`, [serverId, limit]);
  return res.rows.map((r) => r.text as string);
}
