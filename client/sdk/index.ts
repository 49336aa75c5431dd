// The typed SDK: a tiny client for Node scripts over the instance manager's GraphQL API.
//
//   const im = createClient({ url: 'http://localhost:5000', token: process.env.IM_TOKEN });
//   const { viewer } = await im.request(Viewer);
//
// Documents are typed by the codegen client preset (./gql, generated from schema.graphql):
// use the ones in ./documents.ts or write your own with `graphql()` from ./gql/index.js.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { AppServer, InstanceEvents, LogLines } from './documents.js';
import type { SdkAppServerStateFragment, SdkLogLinesSubscription } from './gql/graphql.js';

export * from './documents.js';
export type * as types from './gql/graphql.js';
export { graphql } from './gql/index.js';

export type LogLine = SdkLogLinesSubscription['logLines'];
export type AppServerState = SdkAppServerStateFragment;

/** Any failure the SDK reports: GraphQL errors, typed mutation errors, HTTP and socket failures. */
export class SdkError extends Error {
  /** `extensions.code` of the first GraphQL error (e.g. UNAUTHENTICATED), the typename of a typed
   *  mutation error (e.g. ValidationError), or HTTP_<status> / NETWORK / WS_CLOSED_<code>. */
  readonly code: string;
  readonly errors: readonly GraphQLFormattedError[];
  /** The typed error object of a mutation union (field, currentState, ...). */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly status?: number;

  constructor(message: string, init: { code: string; errors?: readonly GraphQLFormattedError[]; details?: Record<string, unknown>; status?: number }) {
    super(message);
    this.name = 'SdkError';
    this.code = init.code;
    this.errors = init.errors ?? [];
    this.details = init.details;
    this.status = init.status;
  }

  static fromErrors(errors: readonly GraphQLFormattedError[], status?: number): SdkError {
    const code = errors.find((e) => typeof e.extensions?.code === 'string')?.extensions?.code as string | undefined;
    return new SdkError(errors.map((e) => e.message).join('; ') || 'GraphQL error', { code: code ?? 'GRAPHQL_ERROR', errors, status });
  }
}

/** Unwraps a mutation result union: returns `data` of `<Mutation>Success`, throws an SdkError
 *  (code = the error's typename, details = the error object) for the typed errors. */
export function ok<T extends { __typename?: string }>(result: T): Extract<T, { data: unknown }>['data'] {
  if (result && typeof result === 'object' && 'data' in result) return (result as { data: Extract<T, { data: unknown }>['data'] }).data;
  const { __typename, message, ...details } = result as { __typename?: string; message?: string };
  throw new SdkError(message ?? `${__typename ?? 'Unknown'} error`, { code: __typename ?? 'UNKNOWN_ERROR', details });
}

// Documents without variables take none; others require theirs.
type Vars<V> = [V] extends [Record<string, never>] ? [variables?: V] : [variables: V];

export interface ClientOptions {
  /** Base URL of the server, e.g. http://localhost:5000 (a trailing /graphql is accepted). */
  url: string;
  /** API token (`im_...`), sent as `Authorization: Bearer` and as graphql-ws `connectionParams.token`. */
  token?: string;
  /** WebSocket implementation for graphql-ws; defaults to the `ws` package. */
  webSocketImpl?: unknown;
  /** Reconnect attempts of the WebSocket before subscriptions fail (default 10). */
  retryAttempts?: number;
}

export interface SubscribeHandlers {
  onError?: (error: SdkError) => void;
  onComplete?: () => void;
}

export interface TailOptions extends SubscribeHandlers {
  /** Resume after this log id; omitted: the server sends the last 500 stored lines first. */
  afterId?: string;
}

export interface Client {
  request<R, V>(document: TypedDocumentNode<R, V>, ...variables: Vars<V>): Promise<R>;
  /** Subscribes over graphql-ws; returns the unsubscribe function. */
  subscribe<R, V>(document: TypedDocumentNode<R, V>, variables: V, onData: (data: R) => void, handlers?: SubscribeHandlers): () => void;
  /** Follows `logLines(target)`; after a reconnect it resumes from the last id it saw, so no line
   *  is missed or repeated. Returns the unsubscribe function. */
  tailLogs(target: string, onLine: (line: LogLine) => void, options?: TailOptions): () => void;
  /** Resolves with the app server once `until` holds, driven by `instanceEvents`. The current
   *  state is also read right after subscribing, shortly after, after each reconnect and every
   *  `recheckMs` (default 5 s): graphql-ws does not say when a subscription is live, so an event
   *  committed in between could otherwise be missed. */
  waitForAppServer(id: string, until: (appServer: AppServerState) => boolean, options?: { timeoutMs?: number; recheckMs?: number }): Promise<AppServerState>;
  close(): Promise<void>;
}

export function createClient(options: ClientOptions): Client {
  const base = options.url.replace(/\/+$/, '').replace(/\/graphql$/, '');
  const httpUrl = `${base}/graphql`;
  const wsUrl = httpUrl.replace(/^http/, 'ws');
  let ws: WsClient | undefined;

  const source = (document: DocumentNode | string) => (typeof document === 'string' || document instanceof String ? String(document) : print(document));

  function socket(): WsClient {
    ws ??= createWsClient({
      url: wsUrl,
      webSocketImpl: options.webSocketImpl ?? WebSocket,
      connectionParams: options.token ? { token: options.token } : {},
      retryAttempts: options.retryAttempts ?? 10,
      // Scripts often end one subscription and start the next: keep the socket for a moment.
      lazyCloseTimeout: 2_000,
      // Forbidden will not turn into allowed by retrying; everything else (drops, restarts) is retried.
      shouldRetry: (e) => !(isCloseEvent(e) && (e.code === 4401 || e.code === 4403)),
    });
    return ws;
  }

  async function request<R, V>(document: TypedDocumentNode<R, V>, ...[variables]: Vars<V>): Promise<R> {
    let response: Response;
    try {
      response = await fetch(httpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ query: source(document), variables: variables ?? {} }),
      });
    } catch (error) {
      throw new SdkError(`cannot reach ${httpUrl}: ${(error as Error).message}`, { code: 'NETWORK' });
    }
    const text = await response.text();
    let body: { data?: R | null; errors?: GraphQLFormattedError[] } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: reported below with the status
    }
    if (body?.errors?.length) throw SdkError.fromErrors(body.errors, response.status);
    if (!response.ok || !body?.data) {
      throw new SdkError(`HTTP ${response.status} from ${httpUrl}: ${text.slice(0, 200)}`, { code: `HTTP_${response.status}`, status: response.status });
    }
    return body.data;
  }

  // `payload` is read again by graphql-ws each time it (re)subscribes, so callers may update its
  // variables between deliveries (tailLogs moves afterId forward this way).
  function open<R>(payload: { query: string; variables: Record<string, unknown> }, onData: (data: R) => void, handlers: SubscribeHandlers = {}) {
    return socket().subscribe<R>(payload, {
      next: (result) => {
        if (result.errors?.length) handlers.onError?.(SdkError.fromErrors(result.errors));
        else if (result.data) onData(result.data);
      },
      error: (error) => (handlers.onError ?? reportUnhandled)(toSdkError(error)),
      complete: () => handlers.onComplete?.(),
    });
  }

  function subscribe<R, V>(document: TypedDocumentNode<R, V>, variables: V, onData: (data: R) => void, handlers?: SubscribeHandlers) {
    return open<R>({ query: source(document), variables: (variables ?? {}) as Record<string, unknown> }, onData, handlers);
  }

  function tailLogs(target: string, onLine: (line: LogLine) => void, tail: TailOptions = {}) {
    let lastId = tail.afterId;
    const payload = { query: source(LogLines), variables: { target, afterId: lastId } as Record<string, unknown> };
    return open<SdkLogLinesSubscription>(
      payload,
      ({ logLines: line }) => {
        if (lastId !== undefined && BigInt(line.id) <= BigInt(lastId)) return; // already delivered
        lastId = line.id;
        payload.variables.afterId = lastId;
        onLine(line);
      },
      tail,
    );
  }

  function waitForAppServer(id: string, until: (appServer: AppServerState) => boolean, { timeoutMs = 3_600_000, recheckMs = 5_000 } = {}) {
    return new Promise<AppServerState>((resolve, reject) => {
      const cleanups: Array<() => void> = [];
      let settled = false;
      const finish = (error: Error | null, state?: AppServerState) => {
        if (settled) return;
        settled = true;
        cleanups.splice(0).forEach((cleanup) => cleanup());
        if (error) reject(error);
        else resolve(state!);
      };
      const consider = (state: AppServerState | null | undefined) => {
        if (state?.id === id && until(state)) finish(null, state);
      };
      const check = () =>
        request(AppServer, { id }).then(
          ({ appServer }) => (appServer ? consider(appServer) : finish(new SdkError(`app server ${id} not found`, { code: 'NotFoundError' }))),
          (error: SdkError) => error.code !== 'NETWORK' && finish(error), // the next check may get through
        );
      const timer = setTimeout(() => finish(new SdkError(`app server ${id}: timed out after ${timeoutMs} ms`, { code: 'TIMEOUT' })), timeoutMs);
      cleanups.push(() => clearTimeout(timer));
      request(AppServer, { id }).then(
        ({ appServer }) => {
          if (!appServer) return finish(new SdkError(`app server ${id} not found`, { code: 'NotFoundError' }));
          if (until(appServer)) return finish(null, appServer);
          cleanups.push(
            subscribe(InstanceEvents, { instanceId: appServer.instance.id }, ({ instanceEvents }) => consider(instanceEvents.node as AppServerState), {
              onError: (error) => finish(error),
            }),
            // Events committed between the read above and the subscription taking effect, or while
            // the socket was down, are covered by reading the state again.
            socket().on('connected', () => void check()),
          );
          const soon = [setTimeout(check, 100), setTimeout(check, 1_000)];
          const every = setInterval(check, recheckMs);
          cleanups.push(() => (soon.forEach(clearTimeout), clearInterval(every)));
          void check();
        },
        (error) => finish(error),
      );
    });
  }

  async function close() {
    const client = ws;
    ws = undefined;
    await client?.dispose();
  }

  return { request, subscribe, tailLogs, waitForAppServer, close };
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;
}

function toSdkError(error: unknown): SdkError {
  if (error instanceof SdkError) return error;
  if (Array.isArray(error)) return SdkError.fromErrors(error as GraphQLFormattedError[]);
  if (isCloseEvent(error)) {
    const code = error.code === 4401 ? 'UNAUTHENTICATED' : error.code === 4403 ? 'FORBIDDEN' : `WS_CLOSED_${error.code}`;
    return new SdkError(`WebSocket closed (${error.code}${error.reason ? `: ${error.reason}` : ''})`, { code });
  }
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error && 'type' in error
        ? `WebSocket ${String((error as { type: unknown }).type)}`
        : String(error);
  return new SdkError(message, { code: 'NETWORK' });
}

function reportUnhandled(error: SdkError) {
  console.error(`[sdk] subscription failed: ${error.code}: ${error.message}`);
}
