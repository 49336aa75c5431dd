import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate, MIGRATIONS_DIR, pendingMigrations } from '../../server/src/db.ts';
import { createEmptyDatabase } from '../helpers/db.ts';

interface ExpectedColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

const SCALARS: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp with time zone',
  Json: 'jsonb',
};

/** Reads models, columns and unique keys out of prisma/schema.prisma. */
function expectedSchema() {
  const source = readFileSync('prisma/schema.prisma', 'utf8');
  const enums = new Set([...source.matchAll(/^enum (\w+) \{/gm)].map((m) => m[1]));
  const models = [...source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]));
  const columns: ExpectedColumn[] = [];
  const uniques: string[] = [];
  for (const [, , body] of models) {
    const table = body.match(/@@map\("(\w+)"\)/)![1];
    for (const line of body.split('\n')) {
      const m = line.trim().match(/^(\w+)\s+(\w+)(\[\]|\?)?(.*)$/);
      if (!m || m[1].startsWith('@@') || modelNames.has(m[2])) continue;
      const [, name, base, modifier, attrs] = m;
      const list = modifier === '[]';
      let type = enums.has(base) ? base : attrs.includes('@db.Uuid') ? 'uuid' : SCALARS[base];
      if (list) type = `${type}[]`;
      columns.push({ table, column: name, type, nullable: modifier === '?' || list });
      if (/@unique|@id/.test(attrs)) uniques.push(`${table}(${name})`);
    }
    for (const u of body.matchAll(/@@unique\(\[([^\]]+)\]\)/g))
      uniques.push(
        `${table}(${u[1]
          .split(',')
          .map((s) => s.trim())
          .join(',')})`,
      );
  }
  return { columns, uniques: uniques.sort() };
}

let url: string;
let db: pg.Client;

beforeAll(async () => {
  url = await createEmptyDatabase();
  db = new pg.Client({ connectionString: url });
  await db.connect();
});
afterAll(async () => db?.end());

describe('migrations', () => {
  it('apply to an empty database once, then report nothing pending', async () => {
    const all = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(all.slice(0, 2)).toEqual(['20261126000000_init', '20261126010000_login_failures']);
    expect(await pendingMigrations(db)).toEqual(all);
    expect(await migrate(url)).toEqual(all);
    expect(await migrate(url)).toEqual([]);
    expect(await pendingMigrations(db)).toEqual([]);
    const recorded = await db.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`);
    expect(recorded.rows).toHaveLength(all.length);
    expect(recorded.rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leave a database whose tables, columns, types, nullability and unique keys match schema.prisma', async () => {
    const expected = expectedSchema();
    const actual = await db.query(`
      SELECT table_name AS table, column_name AS column, is_nullable = 'YES' AS nullable,
        CASE WHEN data_type = 'USER-DEFINED' THEN udt_name
             WHEN data_type = 'ARRAY' THEN (CASE udt_name WHEN '_text' THEN 'text' WHEN '_uuid' THEN 'uuid' ELSE udt_name END) || '[]'
             ELSE data_type END AS type
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    const key = (c: { table: string; column: string }) => `${c.table}.${c.column}`;
    const byKey = new Map(actual.rows.map((r) => [key(r), r]));
    expect(new Set(actual.rows.map(key))).toEqual(new Set(expected.columns.map(key)));
    for (const c of expected.columns) {
      expect({ column: key(c), type: byKey.get(key(c))!.type, nullable: byKey.get(key(c))!.nullable }).toEqual({
        column: key(c),
        type: c.type,
        nullable: c.nullable,
      });
    }
    const indexes = await db.query(`
      SELECT t.relname AS table, array_agg(a.attname::text ORDER BY k.ord) AS cols
      FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE i.indisunique AND n.nspname = 'public' AND t.relname <> '_prisma_migrations'
      GROUP BY i.indexrelid, t.relname`);
    expect(indexes.rows.map((r) => `${r.table}(${r.cols.join(',')})`).sort()).toEqual(expected.uniques);
  });

  it('refuse to run when an applied migration was edited afterwards', async () => {
    await db.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64)`);
    await expect(pendingMigrations(db)).rejects.toThrow(/changed after it was applied/);
  });
});
