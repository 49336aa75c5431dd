import type pg from 'pg';
import { pool } from '../db.ts';

// SPEC §6.2: waiting deployments start in FIFO order, ADMIN/USER/REGISTRATION ahead of PR/PERIODIC/BATCH.
const CLASS = `CASE WHEN type IN ('ADMIN', 'USER', 'REGISTRATION') THEN 0 ELSE 1 END`;

/** 1 for the next deployment to start, 2 for the one after…; null once started, cancelled or finished. */
export async function queuePosition(deploymentId: string): Promise<number | null> {
  const res = await pool.query(
    `SELECT (SELECT count(*)::int FROM deployment o
             WHERE o."startedAt" IS NULL AND o."cancelledAt" IS NULL AND o."finishedAt" IS NULL
               AND (${CLASS.replace(/type/g, 'o.type')}, o."createdAt", o.id) < (${CLASS.replace(/type/g, 'd.type')}, d."createdAt", d.id)) + 1 AS position
     FROM deployment d
     WHERE d.id = $1 AND d."startedAt" IS NULL AND d."cancelledAt" IS NULL AND d."finishedAt" IS NULL AND d.status = 'QUEUED'`,
    [deploymentId],
  );
  return res.rows[0]?.position ?? null;
}

/** A deployment as the console shows it: by its app servers' names ("AppServer 3"), not its uuid. */
export function deploymentName(appServers: { number: number | null }[]): string {
  const numbers = appServers.map((a) => a.number).filter((n) => n !== null);
  if (numbers.length === 0) return 'Deployment';
  return `Deployment of AppServer${numbers.length > 1 ? 's' : ''} ${numbers.join(', ')}`;
}

/** The name of a deployment for log lines, read inside the caller's transaction. */
export async function deploymentLabel(client: pg.PoolClient, deploymentId: string): Promise<string> {
  const res = await client.query(`SELECT number FROM app_server WHERE "deploymentId" = $1 ORDER BY number`, [deploymentId]);
  return deploymentName(res.rows);
}
