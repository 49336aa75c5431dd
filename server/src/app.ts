import http from 'node:http';
import { createYoga, maskError as yogaMaskError } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError } from 'graphql';
import { MAX_BODY_BYTES } from './schema/limits.ts';
import { userFacingError, useOperationGuards } from './schema/guards.ts';
import { crossSiteProblem, hostProblem, isSameHost, sendRefusal } from './http/guards.ts';
import { envelopedOperation, executeEnveloped, subscribeEnveloped } from './http/websocket.ts';
import { serveConsole } from './http/console.ts';
import { useResponseCompression } from './http/compression.ts';
import { serveHealth } from './http/probes.ts';
import { serveMetrics } from './http/metrics.ts';
import { serveGitHubWebhook } from './http/github-webhook.ts';
import type { Config } from './config.ts';
import { schema } from './schema/index.ts';
import type { Context } from './schema/builder.ts';
import { userForApiToken, userForSession } from './auth/users.ts';
import { clearedSessionCookie, readCookie, SESSION_COOKIE } from './auth/cookies.ts';
import type { LocalLoadBalancer } from './integrations/lb/local/index.ts';
import { logger } from './logger.ts';
import { GRAPHIQL_ASSETS, redirectSignedOutBrowser, renderGraphiQL, serveGraphiQLAsset } from './http/graphiql.ts';
import type { User } from './generated/prisma/client.ts';

interface ServerContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  cookies: Context['cookies'];
  user: User | null;
  sessionToken?: string;
  interface: 'console' | 'api';
  reauthenticate?: () => Promise<User | null>;
}

async function authenticate(
  headers: { authorization?: string; cookie?: string },
  maxAgeDays: number,
): Promise<{ user: User | null; sessionToken?: string; interface: 'console' | 'api' }> {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return { user: await userForApiToken(auth.slice(7).trim()), interface: 'api' };
  const token = readCookie(headers.cookie, SESSION_COOKIE);
  if (token) return { user: await userForSession(token, maxAgeDays), sessionToken: token, interface: 'console' };
  return { user: null, interface: 'console' };
}

/** Yoga + graphql-ws + the console + the local load balancer (when given), on one HTTP server. */
export function buildApp(config: Config, loadBalancer: LocalLoadBalancer | null = null) {
  const yoga = createYoga<ServerContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Bytes read, not Content-Length: a chunked body has none.
    maxRequestBodySize: MAX_BODY_BYTES,
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => logger.warn('graphql', { detail: args.map(String).join(' ') }),
      // Refused sign-ins and permissions are answers, not faults: keep them out of the error log.
      error: (...args: unknown[]) => {
        const coded = args.find((a) => (a as { extensions?: { code?: string } })?.extensions?.code);
        if (coded || args.some((a) => userFacingError(a))) return;
        logger.error('graphql', { detail: args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' ') });
      },
    },
    cors: { origin: config.allowedOrigins, credentials: true },
    // GraphiQL only for a signed-in user; the console's session cookie is enough.
    graphiql: ((_req: Request, ctx: ServerContext) => Boolean(ctx.user)) as any,
    renderGraphiQL,
    maskedErrors: {
      isDev: config.debug,
      // Errors we raise on purpose (auth) carry a code; they pass even if another copy of the
      // graphql module created them (bundlers can load both its ESM and CJS builds).
      maskError: (error, message, isDev) => {
        const original = (error as { originalError?: { name?: string; extensions?: { code?: string } } }).originalError;
        if (original?.name === 'GraphQLError' && original.extensions?.code) return original as Error;
        return userFacingError(error) ?? yogaMaskError(error, message, isDev);
      },
    },
    context: ({ req, cookies, user, sessionToken, interface: iface, reauthenticate }) =>
      ({
        user,
        cookies,
        sessionToken,
        interface: iface,
        reauthenticate,
        ip: req.socket.remoteAddress ?? '',
        userAgent: String(req.headers['user-agent'] ?? ''),
      }) as Context,
    plugins: [
      useOperationGuards({ production: config.production, complexityBudget: config.graphqlComplexityBudget, logLimit: config.logLimit }),
      {
        onResponse({ serverContext, response }) {
          const cookies = (serverContext as unknown as ServerContext | undefined)?.cookies;
          if (cookies?.set) response.headers.append('set-cookie', cookies.set);
          if (cookies?.clear) response.headers.append('set-cookie', clearedSessionCookie());
        },
      },
      // Last: it replaces the response, after the cookies went on.
      useResponseCompression() as object,
    ],
  });

  const consoleHost = new URL(config.publicUrl).hostname;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const badHost = hostProblem(req);
    if (badHost) return sendRefusal(res, badHost);
    const hostname = String(req.headers.host ?? '')
      .replace(/:\d+$/, '')
      .toLowerCase();
    if (loadBalancer && hostname && hostname !== consoleHost && hostname !== 'localhost' && !/^[\d.]+$|^\[/.test(hostname)) {
      return loadBalancer.serve(hostname, req, res);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/graphql') {
      const refused = crossSiteProblem(req, url, config.allowedOrigins);
      if (refused) return sendRefusal(res, refused);
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
        res
          .writeHead(413, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ message: 'The request body is larger than 1 MB.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }));
        return;
      }
      const credentials = { authorization: req.headers.authorization, cookie: req.headers.cookie };
      const auth = await authenticate(credentials, config.loginMaxAgeDays);
      const reauthenticate = async () => (await authenticate(credentials, config.loginMaxAgeDays)).user;
      if (redirectSignedOutBrowser(req, res, Boolean(auth.user))) return;
      // requestListener sends the answer; it passes extra arguments on as the server context, which
      // its declared (req, res) type does not show.
      await (yoga.requestListener as (...args: unknown[]) => Promise<void>)(req, res, { req, res, cookies: {}, ...auth, reauthenticate });
      return;
    }
    if (url.pathname.startsWith(GRAPHIQL_ASSETS)) return serveGraphiQLAsset(url.pathname, res);
    if (url.pathname === '/webhooks/github') return serveGitHubWebhook(req, res, config);
    if (url.pathname === '/healthz') return serveHealth(res);
    if (url.pathname === '/metrics') return serveMetrics(req, res, { token: config.metricsToken, production: config.production });
    serveConsole(url.pathname, res, req.headers['accept-encoding']);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      logger.error('request failed', { url: req.url, error: (e as Error).message });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    });
  });

  const wss = new WebSocketServer({ server, path: '/graphql' });
  const wsServer = useServer(
    {
      // Operations run through Yoga's envelop: same limits, guards and masking as HTTP.
      execute: executeEnveloped,
      subscribe: subscribeEnveloped,
      onSubscribe: (ctx, _id, payload) => envelopedOperation(yoga, ctx as any, payload),
      // Yoga's origin and auth checks do not cover graphql-ws: both happen here.
      onConnect: async (ctx) => {
        const req = ctx.extra.request;
        const origin = req.headers.origin;
        if (origin && !config.allowedOrigins.includes(origin) && !isSameHost(origin, req.headers.host)) return false; // 4403
        const token = (ctx.connectionParams as { token?: string } | undefined)?.token;
        const auth = token
          ? { user: await userForApiToken(token), interface: 'api' as const }
          : await authenticate({ cookie: req.headers.cookie }, config.loginMaxAgeDays);
        if (!auth.user) {
          // No or bad credentials: 4401, which graphql-ws clients treat as final (4403 is a bad origin).
          ctx.extra.socket.close(4401, 'Unauthorized');
          return false;
        }
        (ctx.extra as any).user = auth.user;
        (ctx.extra as any).interface = auth.interface;
        // Signing out over the socket deletes this console session, as over HTTP.
        (ctx.extra as any).sessionToken = 'sessionToken' in auth ? auth.sessionToken : undefined;
        // Each operation on the socket authenticates again: a revoked token, an ended session or a
        // deactivated user stops working at once, not when the socket closes.
        (ctx.extra as any).reauthenticate = async () =>
          token ? userForApiToken(token) : (await authenticate({ cookie: req.headers.cookie }, config.loginMaxAgeDays)).user;
        return true;
      },
      onError: (_ctx, _id, _payload, errors) => {
        for (const e of errors) if (!(e instanceof GraphQLError) || !e.extensions?.code) logger.warn('subscription error', { error: e.message });
      },
    },
    wss,
  );

  return {
    server,
    async start(port = config.port, host = config.host): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return (server.address() as { port: number }).port;
    },
    async stop(): Promise<void> {
      await wsServer.dispose();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
