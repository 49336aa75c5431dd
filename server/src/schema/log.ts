import { GraphQLError } from 'graphql';
import { builder } from './builder.ts';
import { pool } from '../db.ts';
import { config } from '../settings.ts';
import { LogLevelEnum } from './enums.ts';
import { idOf } from './ids.ts';
import { NotFoundError } from '../errors.ts';
import { onLog } from '../events.ts';
import { abortable } from './abortable.ts';

interface LogRow {
  id: string;
  level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
  text: string;
  createdAt: Date;
}

export const LogEntryType = builder.objectRef<LogRow>('LogEntry').implement({
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Increasing; pass the last one seen as afterId to resume.' }),
    level: t.field({ type: LogLevelEnum, resolve: (r) => r.level }),
    text: t.exposeString('text'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

interface Scope {
  key: string;
  where: string;
  param: string;
}

/** A log target is an instance (its own lines), an app server (with its server's) or a server. */
async function scopeOf(target: string, errorsOnly: boolean): Promise<Scope> {
  const { type, id } = idOf(target, 'Instance', 'AppServer', 'Server');
  const level = errorsOnly ? ` AND level IN ('ERROR', 'CRITICAL')` : '';
  if (type === 'Instance') {
    if ((await pool.query('SELECT 1 FROM instance WHERE id = $1', [id])).rowCount === 0) throw new NotFoundError('No such instance.');
    return { key: `i:${id}`, where: `"instanceId" = $1${level}`, param: id };
  }
  if (type === 'AppServer') {
    if ((await pool.query('SELECT 1 FROM app_server WHERE id = $1', [id])).rowCount === 0) throw new NotFoundError('No such app server.');
    return { key: `a:${id}`, where: `("appServerId" = $1 OR "serverId" = (SELECT "serverId" FROM app_server WHERE id = $1))${level}`, param: id };
  }
  const owner = await pool.query('SELECT id FROM app_server WHERE "serverId" = $1', [id]);
  if (owner.rowCount === 0) throw new NotFoundError('No such server.');
  return { key: `a:${owner.rows[0].id}`, where: `"serverId" = $1${level}`, param: id };
}

const COLUMNS = `id, level, text, "createdAt"`;

async function after(scope: Scope, afterId: string, limit: number): Promise<LogRow[]> {
  const res = await pool.query(`SELECT ${COLUMNS} FROM log_entry WHERE ${scope.where} AND id > $2 ORDER BY id LIMIT $3`, [scope.param, afterId, limit]);
  return res.rows;
}

async function last(scope: Scope, limit: number): Promise<LogRow[]> {
  const res = await pool.query(`SELECT ${COLUMNS} FROM log_entry WHERE ${scope.where} ORDER BY id DESC LIMIT $2`, [scope.param, limit]);
  return res.rows.reverse();
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

const MAX_LOG_ENTRY_ID = 2n ** 63n - 1n;

function checkAfterId(afterId: string | null | undefined): string | null {
  if (afterId === null || afterId === undefined) return null;
  // Ids are Postgres bigints: a larger number would fail in the query instead of here.
  if (!/^\d{1,19}$/.test(afterId) || BigInt(afterId) > MAX_LOG_ENTRY_ID) throw badInput('afterId must be a log entry id (a decimal number).');
  return afterId;
}

function checkLimit(limit: number | null | undefined): number {
  const max = config().logLimit;
  if (limit === null || limit === undefined) return Math.min(500, max);
  if (limit < 1 || limit > max) throw badInput(`limit must be between 1 and ${max} (LOG_LIMIT).`);
  return limit;
}

builder.queryField('logEntries', (t) =>
  t.field({
    type: [LogEntryType],
    description: 'Stored log lines of an instance, app server or server: after `afterId`, or the last 500. `limit`: 1 to LOG_LIMIT (10,000).',
    args: {
      target: t.arg.id({ required: true }),
      afterId: t.arg.string({ required: false }),
      limit: t.arg.int({ required: false }),
      errorsOnly: t.arg.boolean({ required: false }),
    },
    resolve: async (_root, args) => {
      const limit = checkLimit(args.limit);
      const afterId = checkAfterId(args.afterId);
      const scope = await scopeOf(String(args.target), Boolean(args.errorsOnly));
      return afterId ? after(scope, afterId, limit) : last(scope, limit);
    },
  }),
);

/**
 * Stored lines first, then live ones, in id order with no gaps or repeats. Writers of a scope
 * commit in id order (advisory lock), so "everything after the last id sent" is always complete.
 */
async function* follow(scope: Scope, afterId: string | null, signal?: AbortSignal): AsyncGenerator<LogRow> {
  let wake: (() => void) | null = null;
  let pending = true;
  const unsubscribe = onLog((notice) => {
    if (notice && 'scopes' in notice && !notice.scopes.includes(scope.key)) return;
    pending = true;
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
  try {
    let lastId = afterId;
    if (lastId === null) {
      pending = false;
      const backlog = await last(scope, 500);
      for (const row of backlog) yield row;
      lastId = backlog.at(-1)?.id ?? '0';
      pending = true; // lines committed between the backlog read and now
    }
    while (!signal?.aborted) {
      if (!pending) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
        wake = null;
        continue;
      }
      pending = false;
      for (;;) {
        const rows = await after(scope, lastId!, 1000);
        for (const row of rows) yield row;
        if (rows.length > 0) lastId = rows.at(-1)!.id;
        if (rows.length < 1000) break;
      }
    }
  } finally {
    unsubscribe();
  }
}

builder.subscriptionField('logLines', (t) =>
  t.field({
    type: LogEntryType,
    description: 'Stored lines after `afterId` (or the last 500), then live lines as they are written.',
    args: { target: t.arg.id({ required: true }), afterId: t.arg.string({ required: false }), errorsOnly: t.arg.boolean({ required: false }) },
    subscribe: async (_root, args) => {
      const afterId = checkAfterId(args.afterId);
      const scope = await scopeOf(String(args.target), Boolean(args.errorsOnly));
      return abortable((signal) => follow(scope, afterId, signal));
    },
    resolve: (row) => row,
  }),
);
