// Webhook deliveries as GitHub sends them: JSON body, X-GitHub-Event, X-GitHub-Delivery and
// X-Hub-Signature-256 (HMAC-SHA256 of the exact body bytes with the hook's secret).
import { createHmac, randomUUID } from 'node:crypto';
import type { FakeGitHub } from './index.ts';

export interface WebhookOptions {
  event: string;
  payload: unknown;
  /** The hook's secret; null sends no signature header at all. */
  secret: string | null;
  /** Defaults to a fresh GUID; reuse one to replay a delivery. */
  deliveryId?: string;
  /** Sent instead of the computed signature (forgeries). */
  signature?: string;
}

export async function sendWebhook(url: string, options: WebhookOptions): Promise<{ status: number; body: string; deliveryId: string }> {
  const raw = JSON.stringify(options.payload);
  const deliveryId = options.deliveryId ?? randomUUID();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'GitHub-Hookshot/fake',
    'X-GitHub-Event': options.event,
    'X-GitHub-Delivery': deliveryId,
    'X-GitHub-Hook-ID': '1',
  };
  const signature = options.signature ?? (options.secret === null ? undefined : `sha256=${createHmac('sha256', options.secret).update(raw).digest('hex')}`);
  if (signature !== undefined) headers['X-Hub-Signature-256'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text(), deliveryId };
}

/** A `pull_request` event payload for a PR the fake holds, as GitHub builds it. */
export function pullRequestPayload(github: FakeGitHub, repoName: string, number: number, action: string, sender = 'alice'): Record<string, unknown> {
  const repo = github.repo(repoName);
  const pull = repo?.pulls.get(number);
  if (!repo || !pull) throw new Error(`The fake holds no pull request ${repoName}#${number}`);
  return {
    action,
    number,
    pull_request: github.restPull(repo.name, pull),
    repository: { full_name: repo.name, name: repo.name.split('/')[1], owner: { login: repo.name.split('/')[0] } },
    sender: { login: sender, type: 'User' },
  };
}
