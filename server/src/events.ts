import { EventEmitter } from 'node:events';
import pg from 'pg';
import { logger } from './logger.ts';

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
    await c.query(`LISTEN ${LOG_CHANNEL}`);
    await c.query(`LISTEN ${CHANGE_CHANNEL}`);
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
