// GitHub webhook deliveries (SPEC §10.1): signature check and the headers that identify them.
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Whether `header` (X-Hub-Signature-256) is `sha256=` + HMAC-SHA256 of the raw body with the
 * secret. The body must be the bytes received, before any JSON parsing. Compared in constant time.
 */
export function verifyWebhookSignature(secret: string, rawBody: Buffer | Uint8Array | string, header: string | null | undefined): boolean {
  // An unset secret would make every forged delivery "signed" with the empty key.
  if (!secret || !header) return false;
  const m = SIGNATURE.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', secret)
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}

/** The signature header GitHub would send for a body (for senders and tests). */
export function webhookSignature(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export interface WebhookDelivery {
  /** X-GitHub-Delivery: a GUID, unique per delivery (redeliveries reuse it). */
  deliveryId: string;
  /** X-GitHub-Event, e.g. `pull_request`, `ping`. */
  event: string;
  /** X-Hub-Signature-256, or null when missing. */
  signature: string | null;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name] ?? headers[name.toLowerCase()] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/**
 * The identifying headers of a delivery, or the reason they are unusable. Checked before the
 * delivery id is stored, so junk never reaches the deduplication table.
 */
export function parseWebhookHeaders(headers: HeaderSource): { ok: true; delivery: WebhookDelivery } | { ok: false; reason: string } {
  const deliveryId = header(headers, 'x-github-delivery')?.trim() ?? '';
  const event = header(headers, 'x-github-event')?.trim() ?? '';
  if (!deliveryId) return { ok: false, reason: 'X-GitHub-Delivery is missing' };
  if (!/^[A-Za-z0-9-]{1,64}$/.test(deliveryId)) return { ok: false, reason: 'X-GitHub-Delivery is not a delivery id' };
  if (!event) return { ok: false, reason: 'X-GitHub-Event is missing' };
  if (!/^[a-z_]{1,64}$/.test(event)) return { ok: false, reason: 'X-GitHub-Event is not an event name' };
  return { ok: true, delivery: { deliveryId, event, signature: header(headers, 'x-hub-signature-256') } };
}

/** `pull_request` actions that the sandbox handler queues (§10.1); the others are answered 204. */
export const HANDLED_PULL_REQUEST_ACTIONS = ['opened', 'reopened', 'synchronize', 'edited', 'closed', 'ready_for_review'] as const;

/** What the endpoint answers for an event, once the signature is good and the delivery new. */
export function webhookDisposition(event: string, action: unknown): 'queue' | 'pong' | 'ignore' {
  if (event === 'ping') return 'pong';
  if (event === 'pull_request' && (HANDLED_PULL_REQUEST_ACTIONS as readonly unknown[]).includes(action)) return 'queue';
  return 'ignore';
}
