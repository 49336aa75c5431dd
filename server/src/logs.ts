import type pg from 'pg';
import { pool } from './db.ts';
import { LOG_CHANNEL } from './events.ts';
import { logger } from './logger.ts';

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
export async function insertLogLines(client: pg.PoolClient | pg.Client, lines: LogLine[]): Promise<string | null> {
  const kept = lines.filter((l) => LEVEL_ORDER[l.level] >= LEVEL_ORDER[minLevel]);
  if (kept.length === 0) return null;
  const scopes = [...new Set(kept.map((l) => scopeOf(l.target)))].sort();
  for (const scope of scopes) await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [scope]);
  const res = await client.query(
    `INSERT INTO log_entry (level, text, "instanceId", "appServerId", "serverId")
     SELECT * FROM unnest($1::"LogLevel"[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[])
     RETURNING id`,
    [
      kept.map((l) => l.level),
      kept.map((l) => truncate(l.text)),
      kept.map((l) => ('instanceId' in l.target ? l.target.instanceId : null)),
      kept.map((l) => ('serverId' in l.target ? null : 'appServerId' in l.target ? l.target.appServerId : null)),
      kept.map((l) => ('serverId' in l.target ? l.target.serverId : null)),
    ],
  );
  await client.query('SELECT pg_notify($1, $2)', [LOG_CHANNEL, JSON.stringify({ scopes })]);
  return res.rows.at(-1)?.id ?? null;
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
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await insertLogLines(client, lines);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      logger.error('could not store log lines', { count: lines.length, error: (e as Error).message });
    } finally {
      client.release();
    }
  }
}

/** The process-wide writer used by services and jobs. */
export const log = new LogWriter();

/** Replaces every secret with *** before a line is stored. */
export function redactor(secrets: string[]): (text: string) => string {
  const words = secrets.filter((s) => s && s.length >= 4).sort((a, b) => b.length - a.length);
  if (words.length === 0) return (t) => t;
  return (text) => words.reduce((t, w) => t.split(w).join('***'), text);
}
