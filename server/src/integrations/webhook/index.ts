import { logger } from '../../logger.ts';

const TIMEOUT_MS = 10_000;

/**
 * Tells the operators something needs them (SPEC.md §9.7): always in the process log, and as a
 * Slack-style `{"text"}` POST when NOTIFY_WEBHOOK_URL is set. Never throws: a notification that
 * cannot be delivered must not fail the work that raised it.
 */
export async function notifyOperators(webhookUrl: string | undefined, text: string): Promise<boolean> {
  logger.warn('notification', { text });
  if (!webhookUrl) return false;
  try {
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) logger.warn('notification webhook refused', { status: res.status });
    return res.ok;
  } catch (e) {
    // The URL may carry a token: name the failure, not the address.
    logger.warn('notification webhook unreachable', { error: (e as Error).message });
    return false;
  }
}
