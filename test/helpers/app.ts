import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/src/config.ts';
import { freePort } from '../../server/src/embedded-postgres.ts';
import { startProduct } from '../../server/src/product.ts';
import { createApiToken, createSuperuser } from '../../server/src/auth/users.ts';
import pg from 'pg';
import { createTestDatabase } from './db.ts';
import { gqlClient, type GqlClient } from './graphql.ts';
import { killProcessesIn } from './processes.ts';

export interface TestApp {
  url: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  createSuperuser(username: string, password: string): Promise<void>;
  createToken(username: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The whole product (web + worker, local compute, local load balancer) in this process, on its
 * own database and data directory, listening on a free port of localhost.
 */
export async function startTestApp(opts: { env?: Record<string, string> } = {}): Promise<TestApp> {
  const databaseUrl = opts.env?.DATABASE_URL ?? (await createTestDatabase());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'im-test-data-'));
  const port = await freePort();
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn',
    MIGRATE_ON_START: 'true',
    ...opts.env,
  });
  const product = await startProduct(config);
  return {
    url: `http://localhost:${port}`,
    port,
    databaseUrl,
    dataDir,
    async createSuperuser(username, password) {
      await createSuperuser(username, `${username}@example.com`, password);
    },
    createToken: (username) => createApiToken(username, 'test'),
    async stop() {
      await product.stop();
      // Whatever the product did not stop (a web-only process stops no app servers) goes here,
      // named so that a stop() which should have stopped it stays visible.
      const left = [...(await killProcessesIn(config.dataDir)), ...(await killProcessesIn(dataDir))];
      if (left.length && config.processRoles.includes('worker'))
        console.warn(`product.stop() left ${left.length} process(es) in ${config.dataDir}: killed ${left.join(', ')}`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SignedInApp {
  app: TestApp;
  /** GraphQL as the superuser `admin`, by API token. */
  api: GqlClient;
  /** A direct connection to the app's database, for assertions on rows. */
  db: pg.Client;
  close(): Promise<void>;
}

/** The product with a superuser signed in through an API token, and a database connection. */
export async function startSignedInApp(opts: { env?: Record<string, string> } = {}): Promise<SignedInApp> {
  const app = await startTestApp(opts);
  await app.createSuperuser('admin', 'Correct-horse1');
  const api = gqlClient(app.url, await app.createToken('admin'));
  const db = new pg.Client({ connectionString: app.databaseUrl });
  await db.connect();
  return {
    app,
    api,
    db,
    async close() {
      await api.close();
      await db.end();
      await app.stop();
    },
  };
}
