import type http from 'node:http';
import { pool } from '../db.ts';
import { statusCounts } from '../data/app-servers.ts';
import { metricsProblem, sendRefusal } from './guards.ts';

/** /metrics in Prometheus text: app servers and deployments by status. */
export async function serveMetrics(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  options: { token: string | undefined; production: boolean },
): Promise<void> {
  const refused = metricsProblem(req, options.token, options.production);
  if (refused) return sendRefusal(res, refused);
  const rows = await statusCounts(pool);
  const lines = rows.map((r) => `im_${r.m}{status="${r.s}"} ${r.n}`);
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(lines.join('\n') + '\n');
}
