import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { ensureDatabase, startEmbeddedPostgres } from '../embedded-postgres.ts';

/**
 * The database the CLI works on: DATABASE_URL, else the embedded one in DATA_DIR, reusing the
 * running server's Postgres when it is up (its port is in postmaster.pid).
 */
export async function cliDatabase(config: Config): Promise<{ url: string; close: () => Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, close: async () => {} };
  const dataDir = path.join(config.dataDir, 'postgres');
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
    const url = `postgresql://postgres:postgres@127.0.0.1:${port}/instance_manager`;
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return { url, close: async () => {} };
    } catch {
      /* stale pid file: start it ourselves */
    }
  }
  const embedded = await startEmbeddedPostgres({ dataDir, persistent: true });
  await ensureDatabase(embedded.url(), 'instance_manager');
  return { url: embedded.url('instance_manager'), close: () => embedded.stop() };
}
