import http from 'node:http';
import { pool } from '../../../db.ts';

/**
 * The built-in load balancer for local compute: requests whose Host names an instance domain
 * (`foo.localhost:5000`, or one of its external domains) go to that instance's active app servers, round robin; with none active,
 * the preliminary page.
 */
export interface Route {
  instanceName: string;
  backends: { host: string; port: number }[];
}

let counter = 0;

/** The configured prefixes: a blank external Studio or preview domain is the prefix + the external LMS domain. */
export interface DomainPrefixes {
  studio: string;
  preview: string;
}

export async function routeFor(hostname: string, prefixes: DomainPrefixes): Promise<Route | null> {
  const res = await pool.query(
    `SELECT i.name, s."publicIp", s."httpPort"
     FROM instance i
     LEFT JOIN app_server a ON a."instanceId" = i.id AND a.active AND a.status = 'RUNNING'
     LEFT JOIN server s ON s.id = a."serverId"
     WHERE i."archivedAt" IS NULL AND $1 IN (i."internalLmsDomain", i."internalStudioDomain", i."internalPreviewDomain",
       lower(i."externalLmsDomain"), lower(COALESCE(i."externalStudioDomain", $2 || i."externalLmsDomain")),
       lower(COALESCE(i."externalPreviewDomain", $3 || i."externalLmsDomain")))`,
    [hostname.toLowerCase(), prefixes.studio, prefixes.preview],
  );
  if (res.rowCount === 0) return null;
  return {
    instanceName: res.rows[0].name,
    backends: res.rows.filter((r) => r.publicIp).map((r) => ({ host: r.publicIp, port: r.httpPort })),
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function preliminaryPage(res: http.ServerResponse, instanceName: string): void {
  res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '30' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(instanceName)}</title></head>
<body style="font-family: sans-serif; margin: 3rem"><h1>${escapeHtml(instanceName)}</h1>
<p>This instance is being deployed. Please come back in a few minutes.</p></body></html>`);
}

export function proxy(req: http.IncomingMessage, res: http.ServerResponse, route: Route): void {
  const backend = route.backends[counter++ % route.backends.length];
  const upstream = http.request(
    { host: backend.host, port: backend.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-host': req.headers.host ?? '' }, timeout: 60_000 },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('The app server did not answer.');
  });
  upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
  req.pipe(upstream);
}
