import { pool } from '../db.ts';
import { routeRows } from '../data/instances.ts';
import { recordFirstHostKey as recordHostKey } from '../data/servers.ts';
import type { DomainPrefixes, Route } from '../integrations/lb/local/index.ts';

/**
 * Which instance a host name belongs to and its active, running app servers: the load
 * balancer's lookup. A blank external Studio or preview domain is the prefix + the external LMS domain.
 */
export async function routeFor(hostname: string, prefixes: DomainPrefixes): Promise<Route | null> {
  const rows = await routeRows(pool, hostname.toLowerCase(), prefixes);
  if (rows.length === 0) return null;
  return {
    instanceName: rows[0].name,
    backends: rows.filter((r) => r.publicIp).map((r) => ({ host: r.publicIp!, port: r.httpPort })),
  };
}

/** Trust on first use: records a server's host key unless one is known (a later change is refused by SSH). */
export async function recordFirstHostKey(server: { id: string }, publicKey: string): Promise<void> {
  await recordHostKey(pool, server.id, publicKey);
}
