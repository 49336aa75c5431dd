// The product's own paths, measured through its public API (the SDK) against the whole product
// (web + worker, local compute) running in this process on the bench's Postgres.
import pg from 'pg';
import { LogWriter } from '../server/src/logs.ts';
import { CreateInstance, SpawnAppServer, TerminateAppServer, createClient, ok, type Client } from '../client/sdk/index.ts';
import { collect, type StreamResult } from './raw.ts';
import { now, sleep, waitFor } from './lib/stats.ts';

/** Wall-clock milliseconds with sub-millisecond resolution (comparable with Postgres `now()`). */
const wallClock = () => performance.timeOrigin + performance.now();

/** The uuid inside a Relay global ID (base64 of `Type:uuid`). */
export function rawId(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new Error(`not a global ID: ${globalId}`);
  return decoded.slice(colon + 1);
}

export async function createBenchInstance(im: Client, subDomain: string) {
  return ok((await im.request(CreateInstance, { input: { name: `Bench ${subDomain}`, subDomain } })).createInstance);
}

/**
 * (a) From the spawnAppServer HTTP response (and from the request) to the `deployment.start`
 * step starting: the step row's `startedAt` (Postgres `now()` when the worker claimed it) minus
 * the wall-clock time the response arrived here (the request was sent). Each app server is provisioned to the end (local compute, about
 * 1.5 s) and terminated before the next spawn, so every pickup is measured on an idle worker and
 * app server processes do not pile up.
 */
export async function spawnToFirstStep(
  im: Client,
  databaseUrl: string,
  opts: { count: number; warmup: number; gapMs: number },
): Promise<{ fromResponse: number[]; fromRequest: number[]; missing: number }> {
  const instance = await createBenchInstance(im, `bench-spawn-${process.pid}`);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const fromResponse: number[] = [];
  const fromRequest: number[] = [];
  let missing = 0;
  try {
    for (let i = 0; i < opts.warmup + opts.count; i++) {
      const requestedAt = wallClock();
      const result = await im.request(SpawnAppServer, { instanceId: instance.id });
      const respondedAt = wallClock();
      const deployment = ok(result.spawnAppServer);
      const deploymentId = rawId(deployment.id);
      let startedAt: number | undefined;
      // How fast we learn the value does not change it: poll gently.
      for (const deadline = now() + 3_000; startedAt === undefined && now() < deadline; await sleep(5)) {
        const { rows } = await db.query(
          `SELECT extract(epoch FROM "startedAt") * 1000 AS ms FROM provisioning_step WHERE "deploymentId" = $1 AND name = 'deployment.start'`,
          [deploymentId],
        );
        if (rows[0]?.ms != null) startedAt = Number(rows[0].ms);
      }
      if (i >= opts.warmup) {
        if (startedAt === undefined) missing++;
        else {
          fromResponse.push(startedAt - respondedAt);
          fromRequest.push(startedAt - requestedAt);
        }
      }
      for (const appServer of deployment.appServers) {
        ok((await im.request(TerminateAppServer, { id: appServer.id })).terminateAppServer);
        await im.waitForAppServer(appServer.id, (a) => a.status === 'TERMINATED', { timeoutMs: 60_000 });
      }
      await sleep(opts.gapMs);
    }
    return { fromResponse, fromRequest, missing };
  } finally {
    await db.end().catch(() => {});
  }
}

/**
 * (b) Log lines written through the product's LogWriter (its batching: at most 100 lines or
 * 20 ms, one transaction and one pg_notify per batch) to their arrival at a graphql-ws
 * `logLines` subscriber (the SDK's tailLogs). The writer's commit is wrapped to also record when
 * each batch became visible.
 */
export async function logToSubscriber(
  im: Client,
  opts: { ratePerSec: number; seconds: number; tickMs: number; writer?: { maxBatch?: number; maxDelayMs?: number } },
): Promise<StreamResult> {
  const instance = await createBenchInstance(im, `bench-logs-${process.pid}-${opts.writer?.maxDelayMs ?? 'default'}`);
  const target = { instanceId: rawId(instance.id) };
  const writer = new LogWriter(opts.writer);
  const written: number[] = [];
  const committed: number[] = [];
  const arrived: number[] = [];
  const seqOf = (text: string) => (text.startsWith('bench ') ? Number(text.slice(6)) : -1);

  const commit = (writer as unknown as { commit(lines: { text: string }[]): Promise<void> }).commit.bind(writer);
  (writer as unknown as { commit: typeof commit }).commit = async (lines) => {
    await commit(lines);
    const at = now();
    for (const line of lines) {
      const seq = seqOf(line.text);
      if (seq >= 0) committed[seq] = at;
    }
  };

  let warm = false;
  const stop = im.tailLogs(instance.id, (line) => {
    const at = now();
    if (line.text === 'bench warm-up') warm = true;
    const seq = seqOf(line.text);
    if (seq >= 0) arrived[seq] = at;
  });
  try {
    // The subscription is live once a line written after it arrives.
    for (let attempt = 0; !warm && attempt < 50; attempt++) {
      writer.write(target, 'INFO', 'bench warm-up');
      await writer.flush();
      await waitFor(() => warm, 200, 2);
    }
    if (!warm) throw new Error('the logLines subscription delivered nothing');

    const perTick = Math.round((opts.ratePerSec * opts.tickMs) / 1000);
    const ticks = Math.round((opts.seconds * 1000) / opts.tickMs);
    const start = now();
    let seq = 0;
    for (let tick = 0; tick < ticks; tick++) {
      const due = start + tick * opts.tickMs;
      if (due > now()) await sleep(due - now());
      for (let i = 0; i < perTick; i++, seq++) {
        written[seq] = now();
        writer.write(target, 'INFO', `bench ${seq}`);
      }
    }
    await writer.flush();
    await waitFor(() => arrived.filter((a) => a !== undefined).length >= seq, 10_000, 5);
    return collect(seq, written, committed, arrived);
  } finally {
    stop();
  }
}

export function sdkClient(url: string, token: string): Client {
  return createClient({ url, token });
}
