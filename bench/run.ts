// npm run bench: the product as a user meets it (HTTP, graphql-ws, the recipe on a local app
// server, Chromium), each figure next to a raw floor measured in the same run, with PASS/MISS
// against the targets of issue 11. Everything runs here: an embedded Postgres (temporary), the
// whole product (web + worker, local compute) in this process, plain HTTP, the SDK, Chromium.
//
//   (a) spawnAppServer request sent -> deployment.start running   floor: BEGIN -> LISTEN claim
//   (b) a line printed by the recipe -> a logLines subscriber        floor: INSERT+NOTIFY -> ws relay
//   (c) instances(first: 50) with app servers, and every instance in pages of 100, at 100 and
//       1,000 instances (5 app servers each)                          floor: { __typename }, raw SQL join
//   (d) concurrent pipelines in one worker: RSS, event-loop lag p99
//   (e) the console in Chromium: first-load JS (gzip), the list of every instance on screen
//   (f) BENCH_LOG_ROWS > 0: the log tail query over that many rows
//
// Sizes: BENCH_SPAWNS (30), BENCH_LOG_RATE (2000 lines/s), BENCH_LOG_SECONDS (3),
// BENCH_LIST_SIZES (100,1000), BENCH_PIPELINES (100), BENCH_LOG_ROWS (0; 10000000 for the
// issue's figure), BENCH_TIME_LIMIT_MS (290000).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPostgres, type BenchPostgres } from './lib/postgres.ts';
import { printTable, summarize, type Row, type Summary } from './lib/stats.ts';
import { rawJobPickup, rawLogRelay } from './raw.ts';
import { sdkClient, spawnToFirstStep } from './server.ts';
import { httpGraphql, measureLists, seedInstances, type ListFigures } from './lists.ts';
import { recipeLineToSubscriber, writeBenchRecipe } from './recipe-lines.ts';
import { concurrentPipelines, type PipelineFigures } from './pipelines.ts';
import { consoleFigures, type ConsoleFigures } from './console.ts';
import { logTail, type LogTailFigures } from './log-tail.ts';

const SPAWNS = Number(process.env.BENCH_SPAWNS ?? 30);
const LOG_RATE = Number(process.env.BENCH_LOG_RATE ?? 2000);
const LOG_SECONDS = Number(process.env.BENCH_LOG_SECONDS ?? 3);
const LIST_SIZES = (process.env.BENCH_LIST_SIZES ?? '100,1000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const PIPELINES = Number(process.env.BENCH_PIPELINES ?? 100);
const LOG_ROWS = Number(process.env.BENCH_LOG_ROWS ?? 0);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MS ?? 290_000);

const limit = setTimeout(() => {
  console.error(`bench: stopped after the ${TIME_LIMIT_MS} ms time limit`);
  process.exit(2);
}, TIME_LIMIT_MS);
limit.unref();

const began = performance.now();
const step = (text: string) => console.error(`bench [${((performance.now() - began) / 1000).toFixed(1)} s]: ${text}`);

interface Other {
  measure: string;
  value: string;
  target: string;
  pass: boolean | null;
}

let postgres: BenchPostgres | undefined;
let app: Awaited<ReturnType<typeof import('../test/helpers/app.ts').startTestApp>> | undefined;
const scratch = mkdtempSync(path.join(tmpdir(), 'im-bench-recipe-'));
let exitCode = 0;
try {
  step('starting Postgres');
  postgres = await startPostgres();
  await createDatabase(postgres.url(), 'raw');
  await createDatabase(postgres.url(), 'product');

  step(`raw floor (a): ${SPAWNS} INSERT+NOTIFY -> LISTEN + UPDATE ... RETURNING`);
  const rawPickup = await rawJobPickup(postgres.url('raw'), { count: SPAWNS, gapMs: 20 });
  step(`raw floor (b): ${LOG_RATE} lines/s for ${LOG_SECONDS} s, NOTIFY -> ws relay`);
  const rawStream = await rawLogRelay(postgres.url('raw'), { ratePerSec: LOG_RATE, seconds: LOG_SECONDS, tickMs: 10 });

  step('starting the product (web + worker, local compute) in this process');
  const { startTestApp } = await import('../test/helpers/app.ts');
  app = await startTestApp({
    env: {
      DATABASE_URL: postgres.url('product'),
      LOG_LEVEL: 'error',
      SHELL_RECIPE_SCRIPT: writeBenchRecipe(scratch, LOG_RATE, LOG_SECONDS),
      MAX_CONCURRENT_PROVISIONING: String(Math.max(10, PIPELINES)),
    },
  });
  const password = `Bench-${randomBytes(12).toString('hex')}`;
  await app.createSuperuser('bench', password);
  const token = await app.createToken('bench');
  const im = sdkClient(app.url, token);
  const gql = httpGraphql(app.url, token);

  step(`product (a): ${SPAWNS} spawns (+3 warm-up), each provisioned and terminated before the next`);
  const spawn = await spawnToFirstStep(im, postgres.url('product'), { count: SPAWNS, warmup: 3, gapMs: 50 });
  step(`product (b): the recipe prints ${LOG_RATE} lines/s for ${LOG_SECONDS} s on a local app server; a logLines subscriber`);
  const lines = await recipeLineToSubscriber(im, { ratePerSec: LOG_RATE, seconds: LOG_SECONDS });

  const lists: ListFigures[] = [];
  let seeded = 0;
  for (const size of LIST_SIZES) {
    step(`product (c): seeding ${size - seeded} more instances (5 app servers each), then list reads at ${size}`);
    await seedInstances(gql, postgres.url('product'), seeded, size, 5);
    seeded = size;
    lists.push(await measureLists(gql, postgres.url('product'), size, { n: 60, allN: size >= 1000 ? 5 : 10 }));
  }

  let pipelines: PipelineFigures | null = null;
  if (PIPELINES > 0) {
    step(`product (d): ${PIPELINES} pipelines at once on the local provider`);
    pipelines = await concurrentPipelines(im, PIPELINES, 150_000);
  }

  step(`product (e): the console in Chromium with ${seeded} listed instances`);
  const listed = seeded + (await countOthers(gql));
  const consoleResult: ConsoleFigures | Error = await consoleFigures(app.url, 'bench', password, listed).catch((e: Error) => e);

  let tail: LogTailFigures | null = null;
  if (LOG_ROWS > 0) {
    step(`product (f): ${LOG_ROWS} log rows, then the tail query`);
    tail = await logTail(gql, postgres.url('product'), LOG_ROWS);
  }
  await im.close();

  const floorBegin = summarize(rawPickup.fromBegin);
  const floorWrite = summarize(rawStream.fromWrite);
  const rows: Row[] = [
    {
      measure: '(a) spawn request sent -> deployment.start running',
      stat: summarize(spawn.fromRequest),
      floor: floorBegin,
      targets: { p50: 10, p95: 25 },
      note: `HTTP round trip, auth, the mutation's transaction and enqueue, the worker's pickup. ${spawn.missing} of ${SPAWNS} not started within 3 s.`,
    },
    { measure: '(a) floor: BEGIN -> LISTEN claim', stat: floorBegin },
    {
      measure: `(b) recipe line -> logLines subscriber (${LOG_RATE}/s)`,
      stat: summarize(lines.latencies),
      floor: floorWrite,
      targets: { p95: 50 },
      note: `${lines.received} of ${lines.expected} lines arrived. Stamped by the recipe's process when printed, read on arrival (same machine clock).`,
    },
    { measure: '(b) floor: INSERT+NOTIFY -> ws client', stat: floorWrite, note: `${rawStream.sent} lines, ${rawStream.lost} lost.` },
  ];
  for (const l of lists) {
    const t50 = (s: 'p50' | 'p95') => l.floor[s] + 2 * l.raw50[s];
    const tAll = (s: 'p50' | 'p95') => 10 * l.floor[s] + 3 * l.rawAll[s];
    rows.push(
      { measure: `(c) { __typename } (floor), ${l.size} instances`, stat: l.floor },
      {
        measure: `(c) instances(first: 50) + app servers, ${l.size} instances`,
        stat: l.first50,
        floor: l.raw50,
        targets: { p50: round(t50('p50')), p95: round(t50('p95')) },
        note: `${l.statements50} SQL statements per request; target = floor + 2x raw join.`,
      },
      { measure: `(c) raw SQL join, 50 instances of ${l.size}`, stat: l.raw50 },
      {
        measure: `(c) all ${l.size} instances, pages of 100`,
        stat: l.all,
        floor: l.rawAll,
        targets: { p50: round(tAll('p50')), p95: round(tAll('p95')) },
        note: `${l.rows} instances, ${l.statementsAll} SQL statements for all pages; target = 10x floor + 3x raw join.`,
      },
      { measure: `(c) raw SQL join, all ${l.size} instances`, stat: l.rawAll },
    );
  }
  if (tail) {
    rows.push(
      { measure: `(f) logEntries tail (100 lines), ${LOG_ROWS} rows`, stat: tail.api, floor: tail.raw, targets: { p50: 10 } },
      { measure: `(f) raw SQL tail, ${LOG_ROWS} rows`, stat: tail.raw },
    );
  }

  const others: Other[] = [];
  if (lists.length > 1) {
    const counts = lists.map((l) => l.statements50);
    others.push({
      measure: `(c) statements per instances(first: 50) at ${lists.map((l) => l.size).join(' / ')} instances`,
      value: counts.join(' / '),
      target: 'constant',
      pass: counts.every((c) => c === counts[0]),
    });
  }
  if (pipelines) {
    others.push(
      {
        measure: `(d) ${pipelines.count} pipelines: Running`,
        value: `${pipelines.running} in ${pipelines.seconds.toFixed(1)} s`,
        target: `${pipelines.count}`,
        pass: pipelines.running === pipelines.count,
      },
      { measure: '(d) process RSS, max', value: `${pipelines.rssMaxMb.toFixed(0)} MB`, target: '<= 300 MB', pass: pipelines.rssMaxMb <= 300 },
      {
        measure: '(d) event-loop lag p99 (max)',
        value: `${pipelines.lagP99Ms.toFixed(1)} ms (${pipelines.lagMaxMs.toFixed(0)} ms)`,
        target: '<= 100 ms',
        pass: pipelines.lagP99Ms <= 100,
      },
    );
  }
  if (consoleResult instanceof Error) {
    others.push({ measure: '(e) console in Chromium', value: `not measured: ${consoleResult.message.split('\n')[0]}`, target: '', pass: false });
  } else {
    const c = consoleResult;
    others.push(
      {
        measure: `(e) first-load JS, ${c.jsFiles} files (raw ${kb(c.jsRawBytes)})`,
        value: `${kb(c.jsGzipBytes)} gzip`,
        target: '<= 200 KB',
        pass: c.jsGzipBytes <= 200 * 1024,
      },
      { measure: '(e) console list: first 100 rows on screen', value: `${c.firstPageMs.toFixed(0)} ms`, target: '', pass: null },
      {
        measure: `(e) console list: all ${c.rows} instances on screen ("Load more")`,
        value: `${c.allRowsMs.toFixed(0)} ms`,
        target: '<= 1000 ms',
        pass: c.allRowsMs <= 1000,
      },
    );
  }

  console.log('');
  console.log(
    `Benchmark, ${new Date().toISOString()}, Node ${process.version}, load average ${(await import('node:os'))
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  console.log('');
  const { misses } = printTable(rows);
  console.log('');
  const widths = [
    Math.max(...others.map((o) => o.measure.length)),
    Math.max(...others.map((o) => o.value.length)),
    Math.max(...others.map((o) => o.target.length)),
  ];
  for (const o of others) {
    console.log(
      `${o.measure.padEnd(widths[0])}  ${o.value.padStart(widths[1])}  ${o.target.padStart(widths[2])}  ${o.pass === null ? '' : o.pass ? 'PASS' : 'MISS'}`,
    );
  }
  const otherMisses = others.filter((o) => o.pass === false).length;
  console.log('');
  console.log(misses + otherMisses ? `${misses + otherMisses} target(s) missed` : 'all targets met');
} catch (error) {
  console.error('bench failed:', error);
  exitCode = 1;
} finally {
  step('stopping');
  await app?.stop().catch((e: unknown) => console.error('stopping the product:', e));
  await postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
  step('stopped');
}
process.exit(exitCode);

function round(v: number) {
  return Math.round(v * 100) / 100;
}

function kb(bytes: number) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Instances the earlier figures created (the bench's own), listed too. */
async function countOthers(gql: ReturnType<typeof httpGraphql>): Promise<number> {
  let after: string | null = null;
  let n = 0;
  do {
    const page: any = (
      await gql(`query($after: String) { instances(first: 100, after: $after) { edges { node { subDomain } } pageInfo { hasNextPage endCursor } } }`, { after })
    ).instances;
    n += page.edges.filter((e: any) => !e.node.subDomain.startsWith('list-')).length;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return n;
}

async function createDatabase(adminUrl: string, name: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
}

export type { Summary };
