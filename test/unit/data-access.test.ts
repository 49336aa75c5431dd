import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// One home for each table's statements (server/src/data/): a statement written anywhere else,
// as SQL over pg or through Prisma, fails this test with its file and line.

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/src');

/** Where statements may be written: the table modules, and the few that are not about product tables. */
const HOMES = [
  'generated/', // Prisma's own client
  'data/', // one module per table
  'db.ts', // pool, transactions, generic locks, NOTIFY/LISTEN, the migration runner
  'embedded-postgres.ts', // administration of the embedded server (roles, databases)
  'integrations/', // outside systems' own databases (an instance's MySQL); they never reach ours (tested below)
];

const STATEMENT = [
  { name: '.query(', pattern: /\.query\s*(<[^>]*>)?\s*\(/ },
  { name: '$queryRaw', pattern: /\$queryRaw/ },
  { name: '$executeRaw', pattern: /\$executeRaw/ },
  { name: '$transaction', pattern: /\$transaction/ },
  { name: 'prisma.<model>', pattern: /\bprisma\s*\.\s*[a-z]\w*\s*\./ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

/** `file:line (kind)` for each statement written outside its home. */
export function statementsOutsideHomes(root = SRC): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (HOMES.some((h) => (h.endsWith('/') ? rel.startsWith(h) : rel === h))) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const s of STATEMENT) if (s.pattern.test(line)) found.push(`${rel}:${i + 1} (${s.name})`);
      });
  }
  return found;
}

describe('data access', () => {
  it('writes every statement in a table module under server/src/data (or db.ts)', () => {
    expect(statementsOutsideHomes()).toEqual([]);
  });

  it('notices a statement written elsewhere', () => {
    // The scan itself must be able to fail: these lines would each be reported.
    const samples = ['await client.query(`SELECT 1`)', 'pool.query<{ n: number }>(sql)', 'prisma.appServer.findMany({})', 'tx.$executeRaw`SELECT 1`'];
    for (const line of samples)
      expect(
        STATEMENT.some((s) => s.pattern.test(line)),
        line,
      ).toBe(true);
    expect(STATEMENT.some((s) => s.pattern.test('resolve: (query, _root, { id }) => findAppServerForGraphQL(selecting(query), id)'))).toBe(false);
  });

  it('keeps integrations away from our database: none imports db.ts or a table module', () => {
    const reaching = sourceFiles(path.join(SRC, 'integrations')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '((?:\.\.\/)+(?:db\.ts|data\/[^']*|generated\/[^']*))'/g)].map((m) => `${relative(file)} imports ${m[1]}`),
    );
    expect(reaching).toEqual([]);
  });

  it('keeps the table modules at the bottom: they import no service, job or schema module', () => {
    const upward = sourceFiles(path.join(SRC, 'data')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '(\.\.\/(?:services|jobs|schema|http|auth|integrations)\/[^']*)'/g)].map(
        (m) => `${relative(file)} imports ${m[1]}`,
      ),
    );
    expect(upward).toEqual([]);
  });
});
