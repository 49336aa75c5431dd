import { probe } from './probe.ts';

export interface UrlCheckResult {
  url: string;
  ok: boolean;
  status?: number;
  error?: string;
  /** How long the check took, for the log. */
  durationMs: number;
}

export const DEFAULT_AVAILABILITY_TIMEOUT_MS = 30_000;

/**
 * The builtin availability check of one public URL (SPEC §9.7): a GET through DNS and the load
 * balancer as a visitor would, TLS verified, up when it answers below 400 in time.
 */
export async function checkUrl(url: string, options: { timeoutMs?: number } = {}): Promise<UrlCheckResult> {
  const started = Date.now();
  const result = await probe({ url, timeoutMs: options.timeoutMs ?? DEFAULT_AVAILABILITY_TIMEOUT_MS });
  const durationMs = Date.now() - started;
  if ('error' in result) return { url, ok: false, error: result.error, durationMs };
  return { url, ok: result.status < 400, status: result.status, durationMs };
}
