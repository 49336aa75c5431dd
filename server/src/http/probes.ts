import type http from 'node:http';
import { ping, pool } from '../db.ts';

/** /healthz: the process answers and its database does. */
export async function serveHealth(res: http.ServerResponse): Promise<void> {
  try {
    await ping(pool);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  } catch {
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"database unavailable"}');
  }
}
