import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/src/embedded-postgres.ts';
import { migrate } from '../../server/src/db.ts';
import pg from 'pg';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/**
 * One embedded Postgres for the whole run, with a migrated template database; each test file
 * clones its own database from the template (fast, and no file sees another's rows).
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'im-test-pg-'));
  // As root, Postgres runs as the `postgres` user, which must be able to enter the directory.
  chmodSync(dir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE im_template');
  await admin.end();
  await migrate(postgres.url('im_template'));
  project.provide('postgresUrl', postgres.url());
  return async () => {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
