import { EventEmitter } from 'node:events';
import pg from 'pg';
import { GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { logger } from './logger.ts';
import { listen, pool } from './db.ts';
import { loadAppServerRow } from './data/app-servers.ts';
import { loadDeployment } from './data/deployments.ts';
import { loadInstance } from './data/instances.ts';
import { loadServer } from './data/servers.ts';

// Typed topics over Postgres LISTEN/NOTIFY: payloads carry ids only, readers load rows after.
export const LOG_CHANNEL = 'im_log';
export const CHANGE_CHANNEL = 'im_change';

export type ChangeKind = 'INSTANCE' | 'APP_SERVER' | 'DEPLOYMENT' | 'SERVER';
export interface ChangeNotice {
  kind: ChangeKind;
  id: string;
  instanceId: string;
}
/** One batch of log lines became visible; `scopes` lists the ordering scopes written (SPEC.md §12). */
export interface LogNotice {
  scopes: string[];
}

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

let client: pg.Client | null = null;
let stopping = false;
let url = '';

async function connect(): Promise<void> {
  const c = new pg.Client({ connectionString: url, keepAlive: true });
  c.on('notification', (msg) => {
    try {
      const payload = JSON.parse(msg.payload ?? '{}');
      if (msg.channel === LOG_CHANNEL) emitter.emit('log', payload as LogNotice);
      else if (msg.channel === CHANGE_CHANNEL) emitter.emit('change', payload as ChangeNotice);
    } catch (e) {
      logger.warn('unreadable notification', { channel: msg.channel, error: (e as Error).message });
    }
  });
  const lost = (why: string) => {
    if (client !== c || stopping) return;
    logger.warn('event listener connection lost; reconnecting', { error: why });
    // Subscribers cannot know what they missed: they are ended with an error and resume by id.
    emitter.emit('lost');
    void reconnect();
  };
  c.on('error', (e) => lost(e.message));
  c.on('end', () => lost('connection ended'));
  try {
    await c.connect();
    await listen(c, LOG_CHANNEL);
    await listen(c, CHANGE_CHANNEL);
  } catch (e) {
    c.removeAllListeners('end');
    await c.end().catch(() => {});
    throw e;
  }
  client = c;
}

let reconnecting = false;

async function reconnect(): Promise<void> {
  const old = client;
  client = null;
  old?.end().catch(() => {});
  if (reconnecting) return;
  reconnecting = true;
  try {
    await reconnectLoop();
  } finally {
    reconnecting = false;
  }
}

// Unbounded on purpose, with a capped backoff: the web process is useless until it is back.
async function reconnectLoop(): Promise<void> {
  for (let delay = 200; !stopping; delay = Math.min(delay * 2, 5000)) {
    try {
      await connect();
      // Anything notified while we were away is found by readers re-querying after their last id.
      emitter.emit('reconnect');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export async function startEvents(databaseUrl: string): Promise<void> {
  url = databaseUrl;
  stopping = false;
  await connect();
}

export async function stopEvents(): Promise<void> {
  stopping = true;
  const c = client;
  client = null;
  await c?.end().catch(() => {});
}

/**
 * Ends a stream whose notifications dropped: the client resumes from its last id. A GraphQLError
 * with a code, so the error masking lets it through on both transports.
 */
export class StreamInterrupted extends GraphQLError {
  constructor() {
    super('The database connection was lost, so events may have been missed: subscribe again (with afterId for log lines).', {
      extensions: { code: 'STREAM_INTERRUPTED' },
    });
  }
}

/**
 * A stream driven by notifications: `run` reads and pushes until `stopped()`; `wait()` resolves at
 * the next notification or stop. A lost listener stops it with StreamInterrupted after the items
 * already pushed, so a client that resumes by id misses nothing and gets nothing twice.
 */
export function notifiedStream<T>(
  subscribe: (notify: () => void) => () => void,
  run: (push: (item: T) => Promise<unknown>, wait: () => Promise<void>, stopped: () => boolean) => Promise<void>,
): Repeater<T> {
  return new Repeater<T>(async (push, stop) => {
    let wake: (() => void) | null = null;
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      wake?.();
    });
    const notify = () => wake?.();
    const unsubscribe = subscribe(notify);
    // Set at once: a read failing in the same drop must not reach the client before the interruption.
    let interrupted = false;
    const unwatch = onListenerLost(() => {
      interrupted = true;
      stop(new StreamInterrupted());
    });
    try {
      await run(
        (item) => (stopped ? Promise.resolve() : push(item)),
        () => (stopped ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve)).finally(() => (wake = null))),
        () => stopped,
      );
    } catch (e) {
      // A read that failed because the stream was stopped, or the database went with the listener, is not news.
      if (!stopped && !interrupted) throw e;
    } finally {
      unsubscribe();
      unwatch();
    }
    stop();
  });
}

/** Called when the listening connection drops: notices may have been missed until it is back. */
export function onListenerLost(listener: () => void): () => void {
  emitter.on('lost', listener);
  return () => emitter.off('lost', listener);
}

export function onLog(listener: (n: LogNotice) => void): () => void {
  emitter.on('log', listener);
  emitter.on('reconnect', listener as () => void);
  return () => {
    emitter.off('log', listener);
    emitter.off('reconnect', listener as () => void);
  };
}

export function onChange(listener: (n: ChangeNotice) => void): () => void {
  emitter.on('change', listener);
  return () => emitter.off('change', listener);
}

export function changePayload(kind: ChangeKind, id: string, instanceId: string): string {
  return JSON.stringify({ kind, id, instanceId } satisfies ChangeNotice);
}

export type ChangedRow = { kind: ChangeKind; row: NonNullable<Awaited<ReturnType<typeof loadChanged>>> };

function loadChanged(n: ChangeNotice) {
  return n.kind === 'INSTANCE'
    ? loadInstance(pool, n.id)
    : n.kind === 'APP_SERVER'
      ? loadAppServerRow(pool, n.id)
      : n.kind === 'DEPLOYMENT'
        ? loadDeployment(pool, n.id)
        : loadServer(pool, n.id);
}

/** Rows changed in one instance (or in any, for null), read after each commit, in notification order. */
export function instanceChanges(instanceId: string | null, visible: (instanceId: string) => Promise<boolean> = async () => true): Repeater<ChangedRow> {
  const notices: ChangeNotice[] = [];
  return notifiedStream<ChangedRow>(
    (notify) =>
      onChange((n) => {
        if (instanceId && n.instanceId !== instanceId) return;
        notices.push(n);
        notify();
      }),
    async (push, wait, stopped) => {
      while (!stopped()) {
        const n = notices.shift();
        if (!n) {
          await wait();
          continue;
        }
        if (!(await visible(n.instanceId))) continue;
        const row = await loadChanged(n);
        if (row) await push({ kind: n.kind, row });
      }
    },
  );
}
