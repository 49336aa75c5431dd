import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { configureLogger } from '../../server/src/logger.ts';
import { composeNotifier } from '../../server/src/product.ts';
import { smtpMailer, type Mailer, type ProcessLog } from '../../server/src/integrations/mail/index.ts';
import { notifyOperators, slackWebhook, WebhookError } from '../../server/src/integrations/webhook/index.ts';
import { Notifier, type NotificationEvent } from '../../server/src/notifications/index.ts';
import { closedPort, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

// The notifier with its real channels: a real SMTP server and an HTTP receiver started here.

const TOKEN_PATH = '/services/T000/B000/XXXXsecretTOKEN';

interface Posted {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

let receiver: Server;
let receiverUrl: string;
const posted: Posted[] = [];
const openResponses = new Set<ServerResponse>();
let smtp: TestSmtpServer;
const mailers: Mailer[] = [];

// The receiver answers by path: /ok 200, /fail 500, /hang never.
beforeAll(async () => {
  receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const path = req.url ?? '';
      posted.push({ path, contentType: req.headers['content-type'], body: JSON.parse(raw || 'null') });
      if (path.startsWith('/hang')) {
        openResponses.add(res);
        return;
      }
      res.statusCode = path.startsWith('/fail') ? 500 : 200;
      res.end(path.startsWith('/fail') ? 'internal error' : 'ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  smtp = await startSmtpServer();
});

afterAll(async () => {
  for (const m of mailers) m.close();
  for (const res of openResponses) res.destroy();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await smtp.close();
});

beforeEach(() => {
  posted.length = 0;
  smtp.received.length = 0;
});

function recordingLog(): ProcessLog & { lines: { level: string; msg: string; ctx?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; ctx?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (msg, ctx) => lines.push({ level: 'info', msg, ctx }),
    warn: (msg, ctx) => lines.push({ level: 'warn', msg, ctx }),
  };
}

function mailerTo(port: number): Mailer {
  const m = smtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'im@example.com', timeoutMs: 2000 });
  mailers.push(m);
  return m;
}

const failed: NotificationEvent = {
  kind: 'appServerFailed',
  data: {
    instance: { name: 'Demo school', domain: 'demo.example.com' },
    appServer: { number: 4 },
    reason: 'configuration failed',
    logTail: ['TASK [mysql]', 'EDXAPP_MYSQL_PASSWORD: Zq9-very-secret', 'fatal: exit 2'],
    secrets: ['Zq9-very-secret'],
  },
};

describe('the Slack-style webhook', () => {
  it('posts {"text"} as JSON', async () => {
    await slackWebhook(`${receiverUrl}/ok${TOKEN_PATH}`).post('hello *operators*');
    expect(posted).toEqual([{ path: `/ok${TOKEN_PATH}`, contentType: 'application/json', body: { text: 'hello *operators*' } }]);
  });

  it('throws a typed error on 500, timeout and no listener, naming the origin but never the token path', async () => {
    const refuse = await slackWebhook(`${receiverUrl}/fail${TOKEN_PATH}`)
      .post('x')
      .catch((e) => e);
    expect(refuse).toBeInstanceOf(WebhookError);
    expect(refuse).toMatchObject({ reason: 'refused', status: 500 });
    const started = Date.now();
    const hang = await slackWebhook(`${receiverUrl}/hang${TOKEN_PATH}`, { timeoutMs: 300 })
      .post('x')
      .catch((e) => e);
    expect(hang).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
    const port = await closedPort();
    const gone = await slackWebhook(`http://127.0.0.1:${port}${TOKEN_PATH}`)
      .post('x')
      .catch((e) => e);
    expect(gone).toMatchObject({ reason: 'unreachable' });
    for (const e of [refuse, hang, gone]) {
      expect(e.message).toContain('http://127.0.0.1:');
      expect(e.message).not.toContain('XXXXsecretTOKEN');
    }
  });

  it('keeps notifyOperators (used by archive and the deadline sweep) reporting delivery without throwing', async () => {
    configureLogger({ level: 'error', format: 'json' });
    try {
      expect(await notifyOperators(`${receiverUrl}/ok${TOKEN_PATH}`, 'archive stopped')).toBe(true);
      expect(posted.at(-1)?.body).toEqual({ text: 'archive stopped' });
      expect(await notifyOperators(`${receiverUrl}/fail${TOKEN_PATH}`, 'refused')).toBe(false);
      expect(await notifyOperators(`http://127.0.0.1:${await closedPort()}/`, 'nobody')).toBe(false);
      expect(await notifyOperators(undefined, 'logged only')).toBe(false);
    } finally {
      configureLogger({ level: 'info', format: 'pretty' });
    }
  });
});

describe('the notifier', () => {
  it('mails the admins and the extra recipients once each, and posts subject and text to the webhook', async () => {
    const log = recordingLog();
    const notifier = new Notifier({
      mailer: mailerTo(smtp.port),
      webhook: slackWebhook(`${receiverUrl}/ok${TOKEN_PATH}`),
      admins: ['ops@example.com', 'Oncall@Example.org'],
      subjectPrefix: '[IM] ',
      log,
    });
    const outcome = await notifier.notify(failed, {
      extraRecipients: ['oncall@example.org', ' teacher@school.example ', 'ops@example.com', 'not an address', 'x@y\r\nBcc: evil@example.com'],
    });
    expect(outcome).toEqual({ recipients: ['ops@example.com', 'Oncall@Example.org', 'teacher@school.example'], mailed: true, webhookPosted: true });

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    // nodemailer lower-cases the domain of the envelope address; the local part is kept.
    expect(mail.to).toEqual(['ops@example.com', 'Oncall@example.org', 'teacher@school.example']);
    expect(mail.headers.subject).toBe('[IM] [Demo school] AppServer 4 failed');
    expect(mail.headers.bcc).toBeUndefined();
    const body = mail.body.replace(/\r\n/g, '\n');
    expect(body).toContain('Instance: Demo school (demo.example.com)');
    expect(body).toContain('EDXAPP_MYSQL_PASSWORD: ***');
    expect(body).not.toContain('Zq9-very-secret');

    expect(posted).toHaveLength(1);
    const text = (posted[0].body as { text: string }).text;
    expect(text.split('\n')[0]).toBe('*[Demo school] AppServer 4 failed*');
    expect(text).toContain('fatal: exit 2');
    expect(text).not.toContain('Zq9-very-secret');

    const skipped = log.lines.filter((l) => l.msg.startsWith('notification recipient skipped'));
    expect(skipped.map((l) => l.ctx?.address)).toEqual(['not an address', 'x@y\r\nBcc: evil@example.com']);
  });

  it('logs a webhook that answers 500 or never answers, still mails, and does not throw', async () => {
    for (const path of ['/fail', '/hang']) {
      const log = recordingLog();
      const notifier = new Notifier({
        mailer: mailerTo(smtp.port),
        webhook: slackWebhook(`${receiverUrl}${path}${TOKEN_PATH}`, { timeoutMs: 300 }),
        admins: ['ops@example.com'],
        log,
      });
      const outcome = await notifier.notify({ kind: 'archiveSucceeded', data: { instance: { name: 'Demo', domain: 'demo.example.com' } } });
      expect(outcome).toMatchObject({ mailed: true, webhookPosted: false });
      const warning = log.lines.find((l) => l.msg === 'notification webhook failed');
      expect(warning?.ctx).toMatchObject({ kind: 'archiveSucceeded', reason: path === '/fail' ? 'refused' : 'timeout' });
      expect(JSON.stringify(log.lines)).not.toContain('XXXXsecretTOKEN');
    }
    expect(smtp.received).toHaveLength(2);
  });

  it('logs an unreachable mail server, still posts to the webhook, and does not throw', async () => {
    const log = recordingLog();
    const notifier = new Notifier({
      mailer: smtpMailer({ url: `smtp://im:mail-pw-771@127.0.0.1:${await closedPort()}`, from: 'im@example.com', timeoutMs: 2000 }),
      webhook: slackWebhook(`${receiverUrl}/ok${TOKEN_PATH}`),
      admins: ['ops@example.com'],
      log,
    });
    const outcome = await notifier.notify({
      kind: 'availabilityAlert',
      data: {
        instance: { name: 'Demo', domain: 'demo.example.com' },
        url: 'https://demo.example.com/heartbeat?extended',
        consecutiveFailures: 2,
        error: '502',
      },
    });
    expect(outcome).toMatchObject({ mailed: false, webhookPosted: true });
    expect(log.lines.find((l) => l.msg === 'notification mail failed')?.ctx).toMatchObject({ kind: 'availabilityAlert', reason: 'unreachable' });
    expect(JSON.stringify(log.lines)).not.toContain('mail-pw-771');
    expect(posted).toHaveLength(1);
  });

  it('sends no mail without recipients and posts nothing without a webhook', async () => {
    const log = recordingLog();
    const notifier = new Notifier({ mailer: mailerTo(smtp.port), admins: ['not-an-address'], log });
    const outcome = await notifier.notify({ kind: 'operatorWarning', data: { subject: '3 orphan VMs', text: 'im-1\nim-2\nim-3' } });
    expect(outcome).toEqual({ recipients: [], mailed: false, webhookPosted: false });
    expect(smtp.received).toHaveLength(0);
    expect(posted).toHaveLength(0);
    expect(log.lines.some((l) => l.msg.startsWith('notification recipient skipped') && l.ctx?.source === 'ADMINS')).toBe(true);
  });
});

describe('the notifier the composition root builds from the settings', () => {
  it('mails through SMTP_URL to ADMINS with EMAIL_FROM and the subject prefix, and posts to NOTIFY_WEBHOOK_URL', async () => {
    const notifier = composeNotifier(
      loadConfig({
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        EMAIL_FROM: 'IM <im@example.com>',
        EMAIL_SUBJECT_PREFIX: '[IM test] ',
        ADMINS: 'ops@example.com',
        NOTIFY_WEBHOOK_URL: `${receiverUrl}/ok${TOKEN_PATH}`,
      }),
    );
    const outcome = await notifier.notify(
      { kind: 'rolledBack', data: { instance: { name: 'Demo', domain: 'demo.example.com' }, to: { number: 3 }, from: { number: 4 } } },
      { extraRecipients: ['monitor@example.com'] },
    );
    expect(outcome).toEqual({ recipients: ['ops@example.com', 'monitor@example.com'], mailed: true, webhookPosted: true });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].headers.from).toBe('IM <im@example.com>');
    expect(smtp.received[0].headers.subject).toBe('[IM test] [Demo] Rolled back to AppServer 3');
    expect(smtp.received[0].to).toEqual(['ops@example.com', 'monitor@example.com']);
    expect(posted.map((p) => p.path)).toEqual([`/ok${TOKEN_PATH}`]);
  });

  it('writes the mail to the process log when SMTP_URL is unset', async () => {
    const written: string[] = [];
    configureLogger({ level: 'info', format: 'json' });
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const outcome = await composeNotifier(loadConfig({ ADMINS: 'ops@example.com' })).notify({
        kind: 'archiveSucceeded',
        data: { instance: { name: 'Demo', domain: 'demo.example.com' } },
      });
      expect(outcome).toMatchObject({ mailed: true, webhookPosted: false });
    } finally {
      process.stdout.write = write;
      configureLogger({ level: 'info', format: 'pretty' });
    }
    const mail = written.map((l) => JSON.parse(l)).find((l) => l.msg === 'mail (SMTP_URL unset, not sent)');
    expect(mail).toMatchObject({ from: 'noreply@localhost', to: ['ops@example.com'], subject: '[Instance Manager] [Demo] Archived' });
    expect(smtp.received).toHaveLength(0);
  });
});
