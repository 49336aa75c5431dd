// A throw-away embedded Postgres for one bench run: free port, temporary data directory, the
// product's own launcher (generated password, no exit hook of the npm package).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../server/src/embedded-postgres.ts';

export interface BenchPostgres {
  url(database?: string): string;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<BenchPostgres> {
  const parent = mkdtempSync(path.join(tmpdir(), 'im-bench-'));
  chmodSync(parent, 0o755); // the `postgres` OS user (when run as root) must reach the data directory
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(parent, 'data'), persistent: false });
  return {
    url: postgres.url,
    async stop() {
      await postgres.stop().catch(() => {});
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
