// npm run bench: the product's latencies next to raw Postgres floors measured in the same run.
//
//   (a) spawnAppServer HTTP response -> first pipeline step (`deployment.start`) started
//       floor: INSERT + NOTIFY in one transaction -> a LISTENing connection claims the row
//   (b) log line written through the LogWriter -> arrival at a graphql-ws `logLines` subscriber
//       floor: INSERT + NOTIFY per tick -> LISTEN -> a plain `ws` WebSocket relay
//
// Everything runs here: an embedded Postgres (temporary), the whole product (web + worker,
// local compute) in this process, the SDK as the client. Bounded counts and a hard time limit.
import { randomBytes } from 'node:crypto';
import { startPostgres, type BenchPostgres } from './lib/postgres.ts';
import { printTable, summarize, type Row } from './lib/stats.ts';
import { rawJobPickup, rawLogRelay } from './raw.ts';
import { logToSubscriber, sdkClient, spawnToFirstStep } from './server.ts';

const SPAWNS = Number(process.env.BENCH_SPAWNS ?? 50);
const LOG_RATE = Number(process.env.BENCH_LOG_RATE ?? 2000);
const LOG_SECONDS = Number(process.env.BENCH_LOG_SECONDS ?? 3);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MS ?? 240_000);

const limit = setTimeout(() => {
  console.error(`bench: stopped after the ${TIME_LIMIT_MS} ms time limit`);
  process.exit(2);
}, TIME_LIMIT_MS);
limit.unref();

const began = performance.now();
const step = (text: string) => console.error(`bench [${((performance.now() - began) / 1000).toFixed(1)} s]: ${text}`);

let postgres: BenchPostgres | undefined;
let app: Awaited<ReturnType<typeof import('../test/helpers/app.ts').startTestApp>> | undefined;
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
  // The test harness's starter: the whole product on a given database, a free port, a temporary data dir.
  const { startTestApp } = await import('../test/helpers/app.ts');
  app = await startTestApp({ env: { DATABASE_URL: postgres.url('product'), LOG_LEVEL: 'error' } });
  const password = `Bench-${randomBytes(12).toString('hex')}`;
  await app.createSuperuser('bench', password);
  const im = sdkClient(app.url, await app.createToken('bench'));

  step(`product (a): ${SPAWNS} spawns (+3 warm-up), each provisioned and terminated before the next`);
  const spawn = await spawnToFirstStep(im, postgres.url('product'), { count: SPAWNS, warmup: 3, gapMs: 50 });
  step(`product (b): ${LOG_RATE} lines/s for ${LOG_SECONDS} s through the LogWriter to a logLines subscriber`);
  const stream = await logToSubscriber(im, { ratePerSec: LOG_RATE, seconds: LOG_SECONDS, tickMs: 10 });
  await im.close();

  const floorCommit = summarize(rawPickup.fromCommit);
  const floorBegin = summarize(rawPickup.fromBegin);
  const floorWrite = summarize(rawStream.fromWrite);
  const floorStreamCommit = summarize(rawStream.fromCommit);
  const rows: Row[] = [
    {
      measure: '(a) spawn response -> deployment.start started',
      stat: summarize(spawn.fromResponse),
      floor: floorCommit,
      targets: { p50: 10, p95: 50 },
      note: `pg-boss pickup of the first job; ${spawn.missing} of ${SPAWNS} not started within 3 s. startedAt is Postgres now() at the claim (ms precision) against this process's wall clock; negative = the step started before the HTTP response reached the client.`,
    },
    {
      measure: '(a) spawn request sent -> deployment.start started',
      stat: summarize(spawn.fromRequest),
      floor: floorBegin,
      note: 'Includes the HTTP round trip and the mutation (auth, transaction, enqueue).',
    },
    { measure: '(a) floor: COMMIT(INSERT+NOTIFY) -> LISTEN claim', stat: floorCommit },
    { measure: '(a) floor: BEGIN -> LISTEN claim', stat: floorBegin },
    {
      measure: '(b) LogWriter.write() -> logLines subscriber',
      stat: summarize(stream.fromWrite),
      floor: floorWrite,
      targets: { p95: 50 },
      note: `${stream.sent} lines, ${stream.lost} lost. Includes the writer's batching wait: a batch closes at 100 lines or after 20 ms, whichever comes first.`,
    },
    {
      measure: '(b) LogWriter batch commit -> logLines subscriber',
      stat: summarize(stream.fromCommit),
      floor: floorStreamCommit,
      note: 'The transport alone: pg_notify -> LISTEN -> read rows -> graphql-ws.',
    },
    { measure: '(b) floor: write -> ws client (INSERT+NOTIFY per 10 ms tick)', stat: floorWrite, note: `${rawStream.sent} lines, ${rawStream.lost} lost.` },
    { measure: '(b) floor: COMMIT -> ws client', stat: floorStreamCommit },
  ];
  console.log('');
  console.log(`Benchmark, ${new Date().toISOString()}, Node ${process.version}, ${SPAWNS} spawns, ${LOG_RATE} lines/s for ${LOG_SECONDS} s`);
  console.log('');
  const { misses } = printTable(rows);
  console.log('');
  console.log(misses ? `${misses} target(s) missed` : 'all targets met');
} catch (error) {
  console.error('bench failed:', error);
  exitCode = 1;
} finally {
  step('stopping');
  await app?.stop().catch((e: unknown) => console.error('stopping the product:', e));
  await postgres?.stop();
  step('stopped');
}
process.exit(exitCode);

async function createDatabase(adminUrl: string, name: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
}
