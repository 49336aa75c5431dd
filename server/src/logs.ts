import { pool, withTx, type Queryable } from './db.ts';
import { appServerExists, appServerOnServer } from './data/app-servers.ts';
import { instanceExists } from './data/instances.ts';
import { insertLogBatch, lastLogEntries as lastEntries, logEntriesAfter as entriesAfter, type LogFilter } from './data/log-entries.ts';
import { LOG_CHANNEL, notifiedStream, onLog } from './events.ts';
import { logger } from './logger.ts';
import { NotFoundError } from './errors.ts';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
const LEVEL_ORDER: Record<LogLevel, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3, CRITICAL: 4 };
const MAX_TEXT = 8192;

/**
 * Where a line belongs. A server's lines share the ordering scope of its app server, so a reader
 * of the app server's log sees both in one increasing id sequence.
 */
export type LogTarget = { instanceId: string } | { appServerId: string } | { serverId: string; appServerId: string };

export interface LogLine {
  target: LogTarget;
  level: LogLevel;
  text: string;
}

export function scopeOf(target: LogTarget): string {
  if ('appServerId' in target) return `a:${target.appServerId}`;
  return `i:${target.instanceId}`;
}

function truncate(text: string): string {
  if (Buffer.byteLength(text) <= MAX_TEXT) return text;
  let cut = text.slice(0, MAX_TEXT - 20);
  while (Buffer.byteLength(cut) > MAX_TEXT - 20) cut = cut.slice(0, -100);
  return cut + '…[truncated]';
}

let minLevel: LogLevel = 'INFO';
export function setMinLogLevel(level: LogLevel): void {
  minLevel = level;
}

/**
 * Inserts lines inside the caller's transaction. Each scope's transaction-level advisory lock is
 * held until commit, so ids of one scope become visible in increasing order (SPEC.md §12); one
 * pg_notify for the whole batch.
 */
export async function insertLogLines(client: Queryable, lines: LogLine[]): Promise<string | null> {
  const kept = lines.filter((l) => LEVEL_ORDER[l.level] >= LEVEL_ORDER[minLevel]);
  if (kept.length === 0) return null;
  const scopes = [...new Set(kept.map((l) => scopeOf(l.target)))].sort();
  return insertLogBatch(
    client,
    scopes,
    kept.map((l) => ({
      level: l.level,
      text: truncate(l.text),
      instanceId: 'instanceId' in l.target ? l.target.instanceId : null,
      appServerId: 'serverId' in l.target ? null : 'appServerId' in l.target ? l.target.appServerId : null,
      serverId: 'serverId' in l.target ? l.target.serverId : null,
    })),
    LOG_CHANNEL,
  );
}

/**
 * Buffers lines and writes them in batches (at most 100 lines or 20 ms), one transaction and
 * one notification per batch. 20 ms keeps a line's way to a subscriber short at 2,000 lines/s
 * while still writing at most 50 batches a second.
 */
export class LogWriter {
  private buffer: LogLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: { maxBatch?: number; maxDelayMs?: number } = {}) {}

  write(target: LogTarget, level: LogLevel, text: string): void {
    this.buffer.push({ target, level, text });
    if (this.buffer.length >= (this.opts.maxBatch ?? 100)) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.opts.maxDelayMs ?? 20);
  }

  /** Resolves once every line written before the call is committed. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      for (let i = 0; i < batch.length; i += 100) await this.commit(batch.slice(i, i + 100));
    });
    return this.flushing;
  }

  private async commit(lines: LogLine[]): Promise<void> {
    if (lines.length === 0) return;
    try {
      // One try: a batch that fails is reported, not retried.
      await withTx((client) => insertLogLines(client, lines), 1);
    } catch (e) {
      logger.error('could not store log lines', { count: lines.length, error: (e as Error).message });
    }
  }
}

/** The process-wide writer used by services and jobs. */
export const log = new LogWriter();

// The redactor lives with the secrets so modules without a database (notifications) can use it.
export { redactor } from './secrets.ts';

export interface LogEntry {
  id: string;
  level: LogLevel;
  text: string;
  createdAt: Date;
}

/** What a reader asked for: one instance's, app server's (with its server's) or server's lines. */
export interface LogSelection {
  /** The ordering scope the lines share, as the writer's notifications name it. */
  scope: string;
  filter: LogFilter;
}

export async function logSelection(type: 'Instance' | 'AppServer' | 'Server', id: string, errorsOnly: boolean): Promise<LogSelection> {
  if (type === 'Instance') {
    if (!(await instanceExists(pool, id))) throw new NotFoundError('No such instance.');
    return { scope: `i:${id}`, filter: { of: 'instance', id, errorsOnly } };
  }
  if (type === 'AppServer') {
    if (!(await appServerExists(pool, id))) throw new NotFoundError('No such app server.');
    return { scope: `a:${id}`, filter: { of: 'appServer', id, errorsOnly } };
  }
  const owner = await appServerOnServer(pool, id);
  if (!owner) throw new NotFoundError('No such server.');
  return { scope: `a:${owner.id}`, filter: { of: 'server', id, errorsOnly } };
}

export function logEntriesAfter(selection: LogSelection, afterId: string, limit: number): Promise<LogEntry[]> {
  return entriesAfter(pool, selection.filter, afterId, limit);
}

export function lastLogEntries(selection: LogSelection, limit: number): Promise<LogEntry[]> {
  return lastEntries(pool, selection.filter, limit);
}

/**
 * Stored lines first (after `afterId`, or the last 500), then live ones, in id order with no gaps
 * or repeats. Writers of a scope commit in id order (advisory lock), so "everything after the
 * last id sent" is always complete.
 */
export function followLogEntries(selection: LogSelection, afterId: string | null) {
  let pending = true;
  return notifiedStream<LogEntry>(
    (notify) =>
      onLog((notice) => {
        if (notice && 'scopes' in notice && !notice.scopes.includes(selection.scope)) return;
        pending = true;
        notify();
      }),
    async (push, wait, stopped) => {
      let lastId = afterId;
      if (lastId === null) {
        pending = false;
        const backlog = await lastLogEntries(selection, 500);
        for (const row of backlog) await push(row);
        lastId = backlog.at(-1)?.id ?? '0';
        pending = true; // lines committed between the backlog read and now
      }
      while (!stopped()) {
        if (!pending) {
          await wait();
          continue;
        }
        pending = false;
        for (;;) {
          const rows = await logEntriesAfter(selection, lastId, 1000);
          for (const row of rows) await push(row);
          if (rows.length > 0) lastId = rows.at(-1)!.id;
          if (rows.length < 1000 || stopped()) break;
        }
      }
    },
  );
}
