import nodemailer from 'nodemailer';
import { logger as processLogger } from '../../logger.ts';
import { redactCredentialAssignments } from '../../secrets.ts';

/** One plain-text message to one or more people. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

/** Sends mail; a failure throws MailError, whose message never holds the SMTP password. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Ends pooled connections, if any. */
  close(): void;
}

export type MailFailure = 'invalid-url' | 'auth' | 'unreachable' | 'timeout' | 'rejected';

export class MailError extends Error {
  constructor(
    readonly reason: MailFailure,
    message: string,
    /** The SMTP reply code, when the server answered. */
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

export interface SmtpSettings {
  secure: boolean;
  host: string;
  port: number;
  user?: string;
  password?: string;
}

/**
 * `smtp://[user:password@]host[:port]` (STARTTLS when offered, port 587) or `smtps://…` (TLS from
 * the first byte, port 465). The value is never echoed: it holds the password.
 */
export function parseSmtpUrl(smtpUrl: string): SmtpSettings {
  let u: URL;
  try {
    u = new URL(smtpUrl);
  } catch {
    throw new MailError('invalid-url', 'the SMTP URL is not a URL (expected smtp://user:password@host:port or smtps://…)');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') {
    throw new MailError('invalid-url', `the SMTP URL must start with smtp:// or smtps://, not ${u.protocol}//`);
  }
  if (!u.hostname) throw new MailError('invalid-url', 'the SMTP URL names no host');
  const secure = u.protocol === 'smtps:';
  return {
    secure,
    // URL keeps IPv6 literals bracketed; sockets want them bare.
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

export interface SmtpMailerOptions {
  url: string;
  from: string;
  /** Bounds connecting, the greeting, and every wait on the socket after it. */
  timeoutMs?: number;
  /** PEM certificates to trust besides the system's (a private relay's own CA). */
  tlsCa?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** A Mailer over nodemailer's SMTP transport, one connection per message. */
export function smtpMailer(options: SmtpMailerOptions): Mailer {
  const smtp = parseSmtpUrl(options.url);
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    tls: options.tlsCa ? { ca: options.tlsCa } : undefined,
    // Messages are composed here from plain text; nothing in them may make nodemailer read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const hide = secretHider([smtp.password, smtp.user && smtp.password ? `${smtp.user}:${smtp.password}` : undefined]);
  return {
    async send(message) {
      if (message.to.length === 0) throw new MailError('rejected', 'a message needs at least one recipient');
      try {
        await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
      } catch (e) {
        throw typedError(e as SmtpError, smtp, hide);
      }
    },
    close() {
      transport.close();
    },
  };
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

function typedError(e: SmtpError, smtp: SmtpSettings, hide: (text: string) => string): MailError {
  const where = `${smtp.secure ? 'smtps' : 'smtp'} server ${smtp.host}:${smtp.port}`;
  // Server replies are echoed as they came, minus anything that could be the password.
  const detail = hide(e.response ?? e.message ?? String(e))
    .trim()
    .slice(0, 300);
  switch (e.code) {
    case 'EAUTH':
      return new MailError('auth', `${where} refused the login${smtp.user ? ` of ${smtp.user}` : ''}: ${detail}`, e.responseCode);
    case 'ETIMEDOUT':
      return new MailError('timeout', `${where} did not answer in time: ${detail}`);
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
    case 'ETLS':
      return new MailError('unreachable', `${where} could not be reached: ${detail}`, e.responseCode);
    default:
      return new MailError('rejected', `${where} did not take the message: ${detail}`, e.responseCode);
  }
}

function secretHider(secrets: (string | undefined)[]): (text: string) => string {
  const words = secrets.filter((s): s is string => Boolean(s)).sort((a, b) => b.length - a.length);
  return (text) => words.reduce((t, w) => t.split(w).join('***').split(encodeURIComponent(w)).join('***'), text);
}

/** The process logger's shape, so tests and callers can hand in their own. */
export interface ProcessLog {
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
}

/**
 * Without SMTP_URL, mail goes to the process log: one line per message, so a development
 * installation still shows what would have been sent. Credential-looking values in the body are
 * masked, since process logs travel further than mail.
 */
export function logMailer(options: { from: string; log?: ProcessLog }): Mailer {
  const log = options.log ?? processLogger;
  return {
    async send(message) {
      log.info('mail (SMTP_URL unset, not sent)', {
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: redactCredentialAssignments(message.text),
      });
    },
    close() {},
  };
}
