// POST /webhooks/github (SPEC §10.1): verified, deduplicated by delivery id, queued, answered at
// once. The work happens in the pr.sync job.
import type http from 'node:http';
import { withTx } from '../db.ts';
import { recordDelivery } from '../data/github-deliveries.ts';
import { parseWebhookHeaders, verifyWebhookSignature, webhookDisposition } from '../integrations/github/index.ts';
import { enqueue, prSync } from '../queue.ts';
import type { Config } from '../config.ts';

// GitHub caps payloads at 25 MB; a pull_request event is far smaller, so more is refused.
const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

function answer(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_WEBHOOK_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function serveGitHubWebhook(req: http.IncomingMessage, res: http.ServerResponse, config: Config): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return answer(res, 405, 'POST only');
  }
  const raw = await readBody(req);
  if (raw === null) return answer(res, 413, 'payload too large');
  // The signature comes first: nothing of an unsigned delivery is stored or believed.
  if (!verifyWebhookSignature(config.githubWebhookSecret ?? '', raw, req.headers['x-hub-signature-256'] as string | undefined)) {
    return answer(res, 401, 'bad signature');
  }
  const headers = parseWebhookHeaders(req.headers);
  if (!headers.ok) return answer(res, 400, headers.reason);
  let payload: any;
  try {
    payload = JSON.parse(raw.toString('utf8'));
  } catch {
    return answer(res, 400, 'body is not JSON');
  }
  const disposition = webhookDisposition(headers.delivery.event, payload?.action);
  if (disposition === 'pong') return answer(res, 200, 'pong');
  if (disposition === 'ignore' || !config.watchPrs) return void res.writeHead(204).end();
  const repo = payload?.pull_request?.base?.repo?.full_name ?? payload?.repository?.full_name;
  const number = payload?.pull_request?.number ?? payload?.number;
  if (typeof repo !== 'string' || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo) || !Number.isInteger(number) || number < 1) {
    return answer(res, 400, 'not a pull_request event');
  }
  const fresh = await withTx(async (client) => {
    if (!(await recordDelivery(client, headers.delivery.deliveryId, headers.delivery.event))) return false;
    await enqueue(client, prSync, { repo: repo.toLowerCase(), number });
    return true;
  });
  if (!fresh) return answer(res, 200, 'duplicate delivery ignored');
  return answer(res, 202, 'queued');
}
