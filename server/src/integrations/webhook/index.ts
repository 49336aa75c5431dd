import { logger } from '../../logger.ts';

const DEFAULT_TIMEOUT_MS = 10_000;

export type WebhookFailure = 'refused' | 'unreachable' | 'timeout';

/** A failed post. The message names the receiver's origin only: the path is the token. */
export class WebhookError extends Error {
  constructor(
    readonly reason: WebhookFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** A Slack-style incoming webhook: each post is `{"text": …}`; failures throw WebhookError. */
export interface Webhook {
  post(text: string): Promise<void>;
}

export function slackWebhook(webhookUrl: string, options: { timeoutMs?: number } = {}): Webhook {
  let origin: string;
  try {
    origin = new URL(webhookUrl).origin;
  } catch {
    throw new WebhookError('unreachable', 'the webhook URL is not a URL');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async post(text) {
      let res: Response;
      try {
        res = await fetch(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (e) {
        const err = e as Error;
        if (err.name === 'TimeoutError') throw new WebhookError('timeout', `webhook at ${origin} did not answer within ${timeoutMs} ms`);
        // fetch's own message is generic; its cause (ECONNREFUSED, ENOTFOUND) says why without the URL.
        const cause = (err.cause as { code?: string } | undefined)?.code;
        throw new WebhookError('unreachable', `webhook at ${origin} could not be reached${cause ? ` (${cause})` : ''}`);
      }
      // The body would only be a receiver's "ok" or an error page; read neither, free the socket.
      await res.body?.cancel().catch(() => {});
      if (!res.ok) throw new WebhookError('refused', `webhook at ${origin} answered ${res.status}`, res.status);
    },
  };
}

/**
 * Tells the operators something needs them (SPEC.md §9.7): always in the process log, and as a
 * Slack-style `{"text"}` POST when NOTIFY_WEBHOOK_URL is set. Never throws: a notification that
 * cannot be delivered must not fail the work that raised it.
 */
export async function notifyOperators(webhookUrl: string | undefined, text: string): Promise<boolean> {
  logger.warn('notification', { text });
  if (!webhookUrl) return false;
  try {
    await slackWebhook(webhookUrl).post(text);
    return true;
  } catch (e) {
    const err = e as WebhookError;
    logger.warn(err.reason === 'refused' ? 'notification webhook refused' : 'notification webhook unreachable', {
      status: err.status,
      error: err.message,
    });
    return false;
  }
}
