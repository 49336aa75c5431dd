import { checkEmail } from '../domain/instance-fields.ts';
import type { Mailer, ProcessLog } from '../integrations/mail/index.ts';
import type { Webhook } from '../integrations/webhook/index.ts';
import { compose, type NotificationEvent } from './compose.ts';

export interface NotifierDependencies {
  mailer: Mailer;
  /** NOTIFY_WEBHOOK_URL's receiver; none when unset. */
  webhook?: Webhook;
  /** ADMINS: everyone gets every notification. */
  admins: string[];
  /** EMAIL_SUBJECT_PREFIX, before every mail subject. */
  subjectPrefix?: string;
  log: ProcessLog;
}

/** What happened to one notification, for callers that record it (and for tests). */
export interface NotifyOutcome {
  recipients: string[];
  mailed: boolean;
  webhookPosted: boolean;
}

/**
 * Sends each notification to the admins (plus the recipients the caller adds, such as an
 * instance's monitoring emails) and to the webhook. Never throws: the work that raised a
 * notification has already happened, and an unreachable mail server must not undo it.
 */
export class Notifier {
  private readonly admins: string[];

  constructor(private readonly deps: NotifierDependencies) {
    this.admins = this.validRecipients(deps.admins, 'ADMINS');
  }

  async notify(event: NotificationEvent, options: { extraRecipients?: string[] } = {}): Promise<NotifyOutcome> {
    let message;
    try {
      message = compose(event.kind, event.data as never);
    } catch (e) {
      this.deps.log.warn('notification could not be composed', { kind: event.kind, error: (e as Error).message });
      return { recipients: [], mailed: false, webhookPosted: false };
    }
    const recipients = unique([...this.admins, ...this.validRecipients(options.extraRecipients ?? [], 'extra recipients')]);
    this.deps.log.info('notification', { kind: event.kind, subject: message.subject, recipients: recipients.length });

    const mail = async (): Promise<boolean> => {
      if (recipients.length === 0) return false;
      try {
        await this.deps.mailer.send({ to: recipients, subject: `${this.deps.subjectPrefix ?? ''}${message.subject}`, text: message.text });
        return true;
      } catch (e) {
        this.deps.log.warn('notification mail failed', { kind: event.kind, reason: (e as { reason?: string }).reason, error: (e as Error).message });
        return false;
      }
    };
    const post = async (): Promise<boolean> => {
      if (!this.deps.webhook) return false;
      try {
        await this.deps.webhook.post(`*${message.subject}*\n${message.text}`);
        return true;
      } catch (e) {
        this.deps.log.warn('notification webhook failed', { kind: event.kind, reason: (e as { reason?: string }).reason, error: (e as Error).message });
        return false;
      }
    };
    const [mailed, webhookPosted] = await Promise.all([mail(), post()]);
    return { recipients, mailed, webhookPosted };
  }

  private validRecipients(addresses: string[], source: string): string[] {
    const valid: string[] = [];
    for (const raw of addresses) {
      const address = raw.trim();
      try {
        valid.push(checkEmail(address));
      } catch {
        // A bad address would make the whole message bounce; skip it and say which.
        this.deps.log.warn('notification recipient skipped: not an email address', { source, address: address.slice(0, 80) });
      }
    }
    return valid;
  }
}

/** Case-insensitive, first spelling wins: mail systems treat the domain, and in practice the local part, without case. */
function unique(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const key = a.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
