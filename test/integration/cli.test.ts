import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadConfig } from '../../server/src/config.ts';
import { startProduct } from '../../server/src/product.ts';
import { createEmptyDatabase } from '../helpers/db.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'im-cli-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function im(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['server/src/cli/im.ts', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the im command on an external database', () => {
  it('reports pending migrations, applies them, creates a superuser and a token stored hashed', async () => {
    const env = { DATABASE_URL: await createEmptyDatabase(), DATA_DIR: tempDir() };
    const check = await im(['migrate', '--check'], env);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/pending: 20261126000000_init, 20261126010000_login_failures/);

    const refused = await im(['create-superuser', 'ops', '--password-stdin'], env, 'Secret-pass1\n');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/npm run db:migrate/);

    expect((await im(['migrate'], env)).stdout).toMatch(/applied: 20261126000000_init, 20261126010000_login_failures/);
    expect((await im(['migrate', '--check'], env)).code).toBe(0);

    const weak = await im(['create-superuser', 'ops', '--password-stdin'], env, 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 9 characters/);

    const created = await im(['create-superuser', 'ops', '--password-stdin'], env, 'Secret-pass1\n');
    expect(created.stdout).toContain('Superuser ops created.');
    const token = await im(['create-token', 'ops', '--name', 'laptop'], env);
    expect(token.code).toBe(0);
    const printed = token.stdout.trim();
    expect(printed).toMatch(/^im_[A-Za-z0-9_-]{40,}$/);

    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    const rows = await db.query(`SELECT t."tokenHash", t.name, u."isSuperuser", u."passwordHash" FROM api_token t JOIN "user" u ON u.id = t."userId"`);
    await db.end();
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ name: 'laptop', isSuperuser: true });
    expect(rows.rows[0].tokenHash).not.toContain(printed);
    expect(rows.rows[0].passwordHash).toMatch(/^scrypt\$/);

    const unknown = await im(['create-token', 'nobody'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No user named nobody/);
  });

  it('refuses to start the server while migrations are pending, naming npm run db:migrate', async () => {
    const config = loadConfig({ DATABASE_URL: await createEmptyDatabase(), DATA_DIR: tempDir(), PORT: '0', LOG_LEVEL: 'error' });
    await expect(startProduct(config)).rejects.toThrow(/npm run db:migrate/);
  });
});

describe('the embedded database', () => {
  it('keeps its data in DATA_DIR across restarts', async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    const created = await im(['create-superuser', 'keeper', '--password-stdin'], env, 'Secret-pass1\n');
    expect(created.stdout, created.stderr).toContain('Superuser keeper created.');
    const again = await im(['create-superuser', 'keeper', '--password-stdin'], env, 'Secret-pass1\n');
    expect(again.stderr).toMatch(/already exists/);
  });
});
