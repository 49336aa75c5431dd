import http from 'node:http';

/**
 * The built-in load balancer for local compute: requests whose Host names an instance domain
 * (`foo.localhost:5000`, or one of its external domains) go to that instance's active app servers, round robin; with none active,
 * the preliminary page.
 */
export interface Route {
  instanceName: string;
  backends: { host: string; port: number }[];
}

/** The configured prefixes: a blank external Studio or preview domain is the prefix + the external LMS domain. */
export interface DomainPrefixes {
  studio: string;
  preview: string;
}

/** Where a host name goes; the routing service answers it from the instance and app server tables. */
export type RouteLookup = (hostname: string) => Promise<Route | null>;

export interface LocalLoadBalancer {
  /** Answers a request for an instance's domain: proxied, the preliminary page, or 404. */
  serve(hostname: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
}

export function localLoadBalancer(lookup: RouteLookup): LocalLoadBalancer {
  let counter = 0;
  return {
    async serve(hostname, req, res) {
      const route = await lookup(hostname);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`No instance is served at ${hostname}.`);
      } else if (route.backends.length === 0) preliminaryPage(res, route.instanceName);
      else proxy(req, res, route.backends[counter++ % route.backends.length]);
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function preliminaryPage(res: http.ServerResponse, instanceName: string): void {
  res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '30' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(instanceName)}</title></head>
<body style="font-family: sans-serif; margin: 3rem"><h1>${escapeHtml(instanceName)}</h1>
<p>This instance is being deployed. Please come back in a few minutes.</p></body></html>`);
}

function proxy(req: http.IncomingMessage, res: http.ServerResponse, backend: Route['backends'][number]): void {
  const upstream = http.request(
    {
      host: backend.host,
      port: backend.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, 'x-forwarded-host': req.headers.host ?? '' },
      timeout: 60_000,
    },
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
