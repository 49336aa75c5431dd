import { pool } from '../db.ts';
import type { DomainPrefixes, Route } from '../integrations/lb/local/index.ts';

/**
 * Which instance a host name belongs to and its active, running app servers: the load
 * balancer's lookup. A blank external Studio or preview domain is the prefix + the external LMS domain.
 */
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

/** Trust on first use: records a server's host key unless one is known (a later change is refused by SSH). */
export async function recordFirstHostKey(server: { id: string }, publicKey: string): Promise<void> {
  await pool.query(`UPDATE server SET "hostKey" = $2, "updatedAt" = now() WHERE id = $1 AND "hostKey" IS NULL`, [server.id, publicKey]);
}
