import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A small GraphQL client over HTTP and graphql-ws, authenticated by a bearer token. */
export function gqlClient(baseUrl: string, token?: string) {
  let ws: Client | null = null;
  const socket = () =>
    (ws ??= createClient({
      url: baseUrl.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: token ? { token } : {},
      lazy: true,
      retryAttempts: 0,
    }));
  return {
    async request<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
      const res = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      if (res.status >= 500) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      return res.json() as Promise<GqlResult<T>>;
    },
    /** Collects events until `until` returns true or the deadline passes. */
    async subscribeUntil<T = any>(query: string, variables: Record<string, unknown>, until: (event: T, all: T[]) => boolean, timeoutMs = 30_000): Promise<T[]> {
      const events: T[] = [];
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`timed out after ${timeoutMs} ms with ${events.length} events: ${JSON.stringify(events.slice(-3))}`));
        }, timeoutMs);
        const stop = socket().subscribe<T>(
          { query, variables },
          {
            next: (msg) => {
              if (msg.errors) {
                clearTimeout(timer);
                stop();
                reject(new Error(JSON.stringify(msg.errors)));
                return;
              }
              events.push(msg.data as T);
              if (until(msg.data as T, events)) {
                clearTimeout(timer);
                stop();
                resolve(events);
              }
            },
            error: (e) => {
              clearTimeout(timer);
              reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
            },
            complete: () => {},
          },
        );
      });
    },
    /**
     * One operation over the WebSocket: its result (a refused subscription answers one result and
     * completes), or the errors it was refused with before execution.
     */
    async wsRequest<T = any>(query: string, variables: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<GqlResult<T>> {
      return new Promise((resolve, reject) => {
        let result: GqlResult<T> | undefined;
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        const stop = socket().subscribe<T>(
          { query, variables },
          {
            next: (msg) => {
              result = msg as GqlResult<T>;
            },
            error: (e) => {
              clearTimeout(timer);
              if (Array.isArray(e)) resolve({ errors: e });
              else reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
            },
            complete: () => {
              clearTimeout(timer);
              resolve(result ?? {});
            },
          },
        );
      });
    },
    async close() {
      await ws?.dispose();
    },
  };
}
export type GqlClient = ReturnType<typeof gqlClient>;

/**
 * Waits until `check` passes: checks once, then again after every instanceEvents event (or a
 * second without one, in case an event fell between a check and the subscription), up to a deadline.
 */
export async function waitFor(client: GqlClient, instanceId: string, check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let wake: (() => void) | null = null;
  const done = client
    .subscribeUntil(
      `subscription($id: ID) { instanceEvents(instanceId: $id) { kind } }`,
      { id: instanceId },
      () => {
        wake?.();
        return false;
      },
      timeoutMs,
    )
    .catch(() => {});
  void done;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 1000);
    });
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function waitForAppServerStatus(client: GqlClient, instanceId: string, appServerId: string, status: string, timeoutMs = 60_000): Promise<void> {
  let last = '';
  await waitFor(
    client,
    instanceId,
    async () => {
      const res = await client.request(`query($id: ID!) { appServer(id: $id) { status } }`, { id: appServerId });
      last = res.data?.appServer?.status;
      return last === status;
    },
    `app server status ${status}`,
    timeoutMs,
  ).catch((e) => {
    throw new Error(`${(e as Error).message} (last status ${last})`);
  });
}

/** The uuid inside a Relay global id (`Type:uuid`, base64), for queries on the rows. */
export function rawId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1];
}
