// Raw floors: the least a Postgres-backed design can do on this machine, measured in the same run.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import WebSocket, { WebSocketServer } from 'ws';
import { now, sleep, waitFor } from './lib/stats.ts';

/**
 * (a) floor: INSERT + NOTIFY in one transaction; a separate LISTENing connection claims the row
 * with UPDATE ... RETURNING (the SKIP LOCKED fetch a job queue does). Latency: COMMIT acknowledged
 * (or BEGIN sent) to the claim returned, both on this process's monotonic clock.
 */
export async function rawJobPickup(url: string, opts: { count: number; gapMs: number }): Promise<{ fromCommit: number[]; fromBegin: number[] }> {
  const producer = new pg.Client({ connectionString: url });
  const listener = new pg.Client({ connectionString: url });
  await producer.connect();
  await listener.connect();
  try {
    await producer.query(`CREATE TABLE bench_job (id bigserial PRIMARY KEY, data jsonb NOT NULL, claimed_at timestamptz)`);
    const claimed = new Map<string, number>();
    let claiming = Promise.resolve();
    listener.on('notification', () => {
      claiming = claiming.then(async () => {
        const res = await listener.query(
          `UPDATE bench_job SET claimed_at = clock_timestamp()
            WHERE id = (SELECT id FROM bench_job WHERE claimed_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING id`,
        );
        for (const row of res.rows) claimed.set(String(row.id), now());
      });
    });
    await listener.query('LISTEN bench_job');

    const fromCommit: number[] = [];
    const fromBegin: number[] = [];
    for (let i = 0; i < opts.count; i++) {
      const began = now();
      await producer.query('BEGIN');
      const { rows } = await producer.query(`INSERT INTO bench_job (data) VALUES ($1) RETURNING id`, [{ i }]);
      const id = String(rows[0].id);
      await producer.query(`SELECT pg_notify('bench_job', $1)`, [id]);
      await producer.query('COMMIT');
      const acked = now();
      if (await waitFor(() => claimed.has(id), 2_000, 0)) {
        fromCommit.push(claimed.get(id)! - acked);
        fromBegin.push(claimed.get(id)! - began);
      }
      await sleep(opts.gapMs);
    }
    return { fromCommit, fromBegin };
  } finally {
    await listener.end().catch(() => {});
    await producer.end().catch(() => {});
  }
}

export interface StreamResult {
  /** From the moment the line was handed to the writer. */
  fromWrite: number[];
  /** From the COMMIT that made it visible. */
  fromCommit: number[];
  sent: number;
  lost: number;
}

/**
 * (b) floor: every tick one transaction INSERTs the tick's lines and NOTIFYs the last id; a
 * LISTENing connection reads the new rows and relays each over a plain `ws` WebSocket to a client.
 */
export async function rawLogRelay(url: string, opts: { ratePerSec: number; seconds: number; tickMs: number }): Promise<StreamResult> {
  const writer = new pg.Client({ connectionString: url });
  const listener = new pg.Client({ connectionString: url });
  await writer.connect();
  await listener.connect();
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/`);
  const opened = new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
  try {
    await writer.query(`CREATE TABLE bench_log (id bigserial PRIMARY KEY, text text NOT NULL)`);
    let lastId = '0';
    let reading = Promise.resolve();
    listener.on('notification', () => {
      reading = reading.then(async () => {
        const { rows } = await listener.query(`SELECT id, text FROM bench_log WHERE id > $1 ORDER BY id`, [lastId]);
        for (const row of rows) {
          lastId = String(row.id);
          const message = JSON.stringify({ id: lastId, text: row.text });
          for (const peer of wss.clients) peer.send(message);
        }
      });
    });
    await listener.query('LISTEN bench_log');
    await opened;

    const written: number[] = [];
    const committed: number[] = [];
    const arrived: number[] = [];
    client.on('message', (data) => {
      const at = now();
      const seq = Number(JSON.parse(String(data)).text.split(' ')[1]);
      arrived[seq] = at;
    });

    const perTick = Math.round((opts.ratePerSec * opts.tickMs) / 1000);
    const ticks = Math.round((opts.seconds * 1000) / opts.tickMs);
    const start = now();
    let seq = 0;
    let writing = Promise.resolve();
    for (let tick = 0; tick < ticks; tick++) {
      const due = start + tick * opts.tickMs;
      if (due > now()) await sleep(due - now());
      const texts: string[] = [];
      const seqs: number[] = [];
      for (let i = 0; i < perTick; i++, seq++) {
        written[seq] = now();
        seqs.push(seq);
        texts.push(`bench ${seq}`);
      }
      // One connection, one transaction per tick in order; the tick loop does not wait for it.
      writing = writing.then(async () => {
        await writer.query('BEGIN');
        await writer.query(`INSERT INTO bench_log (text) SELECT unnest($1::text[])`, [texts]);
        await writer.query(`SELECT pg_notify('bench_log', 'x')`);
        await writer.query('COMMIT');
        const at = now();
        for (const s of seqs) committed[s] = at;
      });
    }
    await writing;
    await waitFor(() => arrived.filter(Boolean).length >= seq, 5_000, 5);
    return collect(seq, written, committed, arrived);
  } finally {
    client.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await new Promise((resolve) => http.close(resolve));
    await listener.end().catch(() => {});
    await writer.end().catch(() => {});
  }
}

export function collect(sent: number, written: number[], committed: number[], arrived: number[]): StreamResult {
  const fromWrite: number[] = [];
  const fromCommit: number[] = [];
  let lost = 0;
  for (let s = 0; s < sent; s++) {
    if (arrived[s] === undefined) {
      lost++;
      continue;
    }
    fromWrite.push(arrived[s] - written[s]);
    if (committed[s] !== undefined) fromCommit.push(arrived[s] - committed[s]);
  }
  return { fromWrite, fromCommit, sent, lost };
}
