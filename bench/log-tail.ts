// The log tail query (the last 100 lines of one app server) over many stored rows, spread over
// many targets, through HTTP next to the same SELECT in raw SQL.
import pg from 'pg';
import { now, summarize, type Summary } from './lib/stats.ts';
import type { httpGraphql } from './lists.ts';

export interface LogTailFigures {
  api: Summary;
  raw: Summary;
}

export async function logTail(gql: ReturnType<typeof httpGraphql>, databaseUrl: string, rows: number): Promise<LogTailFigures> {
  const page = (await gql(`{ instances(first: 100) { edges { node { appServers(first: 5) { edges { node { id } } } } } } }`)).instances.edges;
  const appServerIds: string[] = page.flatMap((e: any) => e.node.appServers.edges.map((a: any) => a.node.id));
  if (appServerIds.length === 0) throw new Error('no app servers to attach log lines to (BENCH_LIST_SIZES must be > 0)');
  const rawIds = appServerIds.map((id) => Buffer.from(id, 'base64').toString('utf8').split(':')[1]!);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // In batches of a million, spread round-robin over the app servers.
    for (let done = 0; done < rows; done += 1_000_000) {
      await db.query(
        `INSERT INTO log_entry (level, text, "appServerId")
         SELECT 'INFO', 'bench log line ' || g, ($1::uuid[])[1 + g % array_length($1::uuid[], 1)]
         FROM generate_series($2::bigint, $3::bigint) g`,
        [rawIds, done, Math.min(rows, done + 1_000_000) - 1],
      );
    }
    await db.query('ANALYZE log_entry');
    const target = appServerIds[0]!;
    const api: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 60; i++) {
      let start = now();
      await gql(`query($t: ID!) { logEntries(target: $t, limit: 100) { id text } }`, { t: target });
      if (i >= 10) api.push(now() - start);
      start = now();
      await db.query(
        `SELECT id, level, text, "createdAt" FROM log_entry WHERE ("appServerId" = $1 OR "serverId" = (SELECT "serverId" FROM app_server WHERE id = $1)) ORDER BY id DESC LIMIT 100`,
        [rawIds[0]],
      );
      if (i >= 10) raw.push(now() - start);
    }
    return { api: summarize(api), raw: summarize(raw) };
  } finally {
    await db.end();
  }
}
