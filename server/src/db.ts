import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

// One pg.Pool per process, shared by the table modules under data/ (SQL over pg, so pg-boss jobs
// and NOTIFY commit with the rows) and Prisma (through the adapter), which only the GraphQL reads
// of the Pothos plugin use.
export let pool: pg.Pool;
export let prisma: PrismaClient;

// BIGINT ids come back as strings (LogEntry ids outgrow JS numbers in theory, never in practice here).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export function connectDb(databaseUrl: string, max = 10): void {
  pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {
    // Idle clients that lose their connection are dropped by the pool; queries report their own errors.
  });
  // A checked-out client has no listener of the pool's: when its connection drops between two
  // queries (a step holding a lock while it calls a cloud), the 'error' event would be unhandled
  // and end the process. Its next query fails instead, and release() then discards it.
  pool.on('connect', (client) => client.on('error', () => {}));
  prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
}

export async function disconnectDb(): Promise<void> {
  await prisma?.$disconnect().catch(() => {});
  await pool?.end().catch(() => {});
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const MIGRATIONS_DIR = path.resolve(here, '../../prisma/migrations');

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

// Same columns as Prisma's own table, so `prisma migrate status` agrees where the engine exists.
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

const MIGRATION_LOCK = 72707369; // arbitrary, fixed: one migrator at a time per database

export async function pendingMigrations(client: pg.Pool | pg.Client): Promise<string[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
  const applied = new Map<string, string>();
  if (exists.rows[0].t) {
    const res = await client.query(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    for (const row of res.rows) applied.set(row.migration_name, row.checksum);
  }
  const pending: string[] = [];
  for (const m of readMigrations()) {
    const checksum = applied.get(m.name);
    if (checksum === undefined) pending.push(m.name);
    else if (checksum !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied (checksum differs)`);
  }
  return pending;
}

/** Applies pending migrations, each in its own transaction, under an advisory lock. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {}); // a dropped connection fails the running query instead
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(MIGRATIONS_TABLE);
    const pending = new Set(await pendingMigrations(client));
    const applied: string[] = [];
    for (const m of readMigrations()) {
      if (!pending.has(m.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES (gen_random_uuid(), $1, now(), $2, 1)`,
          [m.checksum, m.name],
        );
        await client.query('COMMIT');
        applied.push(m.name);
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
      }
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

/**
 * Where a statement runs: the pool (its own implicit transaction) or a client the caller holds,
 * so the caller decides which transaction the statement joins. The modules under data/ take one
 * as their first argument.
 */
export type Queryable = pg.Pool | pg.PoolClient | pg.Client;

/** A transaction-level advisory lock on `key`, held until the caller's transaction ends. */
export async function advisoryXactLock(db: Queryable, key: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}

/** NOTIFY on `channel`, delivered when the caller's transaction commits. */
export async function notify(db: Queryable, channel: string, payload: string): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [channel, payload]);
}

/** Starts listening on `channel` (a fixed identifier of ours, never user input). */
export async function listen(db: pg.Client, channel: string): Promise<void> {
  await db.query(`LISTEN ${channel}`);
}

/** The `db` option of pg-boss calls (and its adapter shape): its statements run on `db`, in its transaction. */
export function sqlExecutor(db: Queryable) {
  return { executeSql: (text: string, values?: unknown[]) => db.query(text, values as any[]) };
}

/** Whether the database answers at all (the health probe). */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}

// Postgres picks a victim when two transactions wait on each other; the victim is rolled back
// whole, so running it again is safe.
const RETRYABLE = new Set(['40P01', '40001']);

/** Runs `fn` in one transaction on one pooled connection; a deadlock victim is retried. */
export async function withTx<T>(fn: (client: pg.PoolClient) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      if (attempt >= attempts || !RETRYABLE.has((e as { code?: string }).code ?? '')) throw e;
    } finally {
      client.release();
    }
    await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
  }
}

/**
 * Holds a session-level advisory lock while `fn` talks to an outside system, so two runs of one
 * step never make the same outside call at once. A worker that dies drops its connection, and
 * with it the lock.
 */
export async function withAdvisoryLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
