// One bounded GET, answered by its status line alone: availability and smoke checks never need a body.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';

export interface ProbeOptions {
  url: string;
  /** Connect here instead of the URL's host (an app server's address), keeping the URL's host as Host and TLS name. */
  connectTo?: { address: string; port: number };
  /** Sent as Host; defaults to the URL's host. */
  hostHeader?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export type ProbeResult = { status: number } | { error: string };

/**
 * GETs `url` without following redirects (a 3xx proves the site answers) and with TLS verified
 * against the Host name. Never throws; the error names what went wrong, not the request headers.
 */
export async function probe(options: ProbeOptions): Promise<ProbeResult> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return { error: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `unsupported scheme ${url.protocol}` };
  try {
    return await get(url, options);
  } catch (e) {
    // Node refuses some requests before sending (a bad header value): that is a failed check too.
    return { error: (e as Error).message };
  }
}

function get(url: URL, options: ProbeOptions): Promise<ProbeResult> {
  const https = url.protocol === 'https:';
  const hostHeader = options.hostHeader ?? url.host;
  const serverName = (options.hostHeader?.replace(/:\d+$/, '') ?? url.hostname).replace(/^\[(.*)\]$/, '$1');
  const send = https ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = send(
      {
        method: 'GET',
        host: options.connectTo?.address ?? url.hostname,
        port: options.connectTo?.port ?? (url.port || (https ? 443 : 80)),
        path: url.pathname + url.search,
        headers: { ...options.headers, Host: hostHeader, 'User-Agent': 'instance-manager-availability' },
        // A fresh connection each time: a kept-alive socket could outlive the timeout's bookkeeping.
        agent: false,
        // SNI carries names only (RFC 6066); an address is still checked against the certificate.
        ...(https ? { servername: isIP(serverName) ? undefined : serverName, rejectUnauthorized: true } : {}),
      },
      (res: IncomingMessage) => {
        res.resume();
        finish({ status: res.statusCode ?? 0 });
      },
    );
    // The whole exchange is bounded, not only the idle time between packets.
    const timer = setTimeout(() => finish({ error: `no answer within ${Math.round(options.timeoutMs / 100) / 10} s` }), options.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish({ error: describeError(e) }));
    req.end();
  });
}

function describeError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      // TLS failures (self-signed, expired, wrong name) keep Node's wording: it says which one.
      return e.code && /CERT|SSL|TLS|SELF_SIGNED|ALTNAME/.test(e.code) ? `TLS: ${e.message}` : e.message;
  }
}
