import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { EmbeddedPostgresError, ensureDatabase, startEmbeddedPostgres } from '../embedded-postgres.ts';
import { UserInputError } from '../auth/users.ts';

export interface CliDatabase {
  url: string;
  /** Which database this is, for the operator: printed before the command runs. */
  description: string;
  close: () => Promise<void>;
}

function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/**
 * The database the CLI works on, chosen as the server chooses it: DATABASE_URL, else the
 * embedded one in DATA_DIR, borrowing the running server's Postgres when it is up.
 */
export async function cliDatabase(config: Config): Promise<CliDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, description: `DATABASE_URL ${redacted(config.databaseUrl)}`, close: async () => {} };
  const dataDir = path.join(config.dataDir, 'postgres');
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  try {
    const embedded = await startEmbeddedPostgres({ dataDir, persistent: true, role: 'cli' });
    await ensureDatabase(embedded.url(), 'instance_manager');
    const how = fresh
      ? 'a new, empty one created now: if the server uses another DATA_DIR, set DATA_DIR in .env'
      : embedded.origin === 'started'
        ? 'the server is not running: started for this command'
        : embedded.origin;
    return { url: embedded.url('instance_manager'), description: `the embedded database in ${dataDir} (${how})`, close: () => embedded.stop() };
  } catch (e) {
    if (e instanceof EmbeddedPostgresError) throw new UserInputError(e.message);
    throw e;
  }
}
