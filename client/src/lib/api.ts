import {
  Client,
  fetchExchange,
  mapExchange,
  stringifyDocument,
  subscriptionExchange,
  type AnyVariables,
  type CombinedError,
  type OperationResult,
  type TypedDocumentNode,
} from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import { goto } from '$app/navigation';
import { InstanceEventsSubscription, LogLinesSubscription } from '#lib/documents.js';
import type { InstanceEventsSubscription as InstanceEventsResult, LogLinesSubscription as LogLinesResult } from '#lib/gql/graphql.js';
import { session } from '#lib/session.svelte.js';

export type LogLine = LogLinesResult['logLines'];

const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;

function isCloseEvent(value: unknown): value is CloseEvent {
  return typeof value === 'object' && value !== null && 'code' in value;
}

/** Sends the browser to the login page, remembering where it was going. */
export function redirectToLogin(): void {
  session.viewer = null;
  if (location.pathname === '/login') return;
  const next = location.pathname + location.search;
  void goto(`/login?next=${encodeURIComponent(next)}`, { replaceState: true });
}

// One socket for every subscription; the browser sends the session cookie with the upgrade.
const ws = createWsClient({
  url: wsUrl,
  retryAttempts: Infinity,
  retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries))),
  // 4403 is the server refusing the connection (no session): retrying cannot help.
  shouldRetry: (error) => !(isCloseEvent(error) && error.code === 4403),
  on: {
    closed: (event) => {
      if (isCloseEvent(event) && (event.code === 4403 || event.code === 4401)) redirectToLogin();
    },
  },
});

function isUnauthenticated(error: CombinedError): boolean {
  return error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

export const client = new Client({
  url: '/graphql',
  // Yoga's CSRF protection refuses GET; urql would send short queries as GET.
  preferGetMethod: false,
  fetchOptions: { credentials: 'same-origin' },
  requestPolicy: 'network-only',
  exchanges: [
    mapExchange({
      onError(error) {
        if (isUnauthenticated(error)) redirectToLogin();
      },
    }),
    subscriptionExchange({
      forwardSubscription(request) {
        const payload = { ...request, query: request.query ?? '' };
        return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(payload, sink) }) };
      },
    }),
    fetchExchange,
  ],
});

export async function query<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<OperationResult<Data, Variables>> {
  return client.query(document, variables).toPromise();
}

export async function mutate<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<OperationResult<Data, Variables>> {
  return client.mutation(document, variables).toPromise();
}

/** Starts a subscription; returns the function that stops it. */
export function subscribe<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onData: (data: Data) => void,
): () => void {
  const { unsubscribe } = client.subscription(document, variables).subscribe((result) => {
    if (result.data) onData(result.data);
  });
  return unsubscribe;
}

/** Calls `listener` each time the socket comes back after a drop (events may have been missed). */
export function onReconnect(listener: () => void): () => void {
  return ws.on('connected', (_socket, _payload, wasRetry) => {
    if (wasRetry) listener();
  });
}

/**
 * Calls `refresh` on every change to one instance (or to all the viewer may see, without an id),
 * and after a dropped socket comes back, when events may have been missed. Returns the stop.
 */
export function followInstanceEvents(instanceId: string | undefined, onEvent: (data: InstanceEventsResult) => void, refresh: () => void): () => void {
  const stopEvents = subscribe(InstanceEventsSubscription, instanceId ? { instanceId } : {}, onEvent);
  const stopReconnect = onReconnect(refresh);
  return () => {
    stopEvents();
    stopReconnect();
  };
}

/**
 * Follows a log target. The graphql-ws client re-sends the same payload object when it
 * reconnects, so `variables` is a getter: every (re)subscription resumes after the last id seen.
 */
export function tailLogs(target: string, onLine: (line: LogLine) => void, onError?: (message: string) => void): () => void {
  let lastId: string | null = null;
  const payload = {
    query: stringifyDocument(LogLinesSubscription),
    get variables() {
      return { target, afterId: lastId };
    },
  };
  return ws.subscribe<LogLinesResult>(payload, {
    next(result) {
      const line = result.data?.logLines;
      if (!line) {
        if (result.errors?.length) onError?.(result.errors.map((e) => e.message).join('; '));
        return;
      }
      // Ids are bigints as decimal strings; a resumed stream must never repeat a line.
      if (lastId !== null && BigInt(line.id) <= BigInt(lastId)) return;
      lastId = line.id;
      onLine(line);
    },
    error(error) {
      if (Array.isArray(error)) {
        if (error.some((e) => e?.extensions?.code === 'UNAUTHENTICATED')) redirectToLogin();
        onError?.(error.map((e) => e.message).join('; '));
      }
    },
    complete() {},
  });
}

/** Runs `load` now, or once more after the run in flight: bursts of events cost one extra fetch. */
export function coalesce(load: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        running = false;
      }
    })();
  };
}

/** The first error message of a result, for display. */
export function errorMessage(error: CombinedError | undefined): string | null {
  if (!error) return null;
  return error.graphQLErrors[0]?.message ?? error.networkError?.message ?? error.message;
}
