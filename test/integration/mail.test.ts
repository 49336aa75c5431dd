import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configureLogger } from '../../server/src/logger.ts';
import { logMailer, MailError, parseSmtpUrl, smtpMailer, type Mailer } from '../../server/src/integrations/mail/index.ts';
import { closedPort, opensslSupport, selfSignedCertificate, startSilentServer, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';

// The SMTP mailer against a real SMTP server (smtp-server) the test starts on a free port.

const FROM = 'Instance Manager <im@example.com>';
const message = { to: ['ops@example.com', 'oncall@example.org'], subject: '[im] Deployment failed', text: 'Instance: Demo (demo.example.com)\nReason: boom' };

const tls = opensslSupport();
if (!tls.ok) {
  if (process.env.CI === 'true') throw new Error(`SMTP TLS tests cannot run: ${tls.reason}`);
  console.warn(`\n\n*** SKIPPING the SMTP TLS tests: ${tls.reason} ***\n\n`);
}

const servers: TestSmtpServer[] = [];
const mailers: Mailer[] = [];
async function smtp(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const s = await startSmtpServer(options);
  servers.push(s);
  return s;
}
function mailer(options: Parameters<typeof smtpMailer>[0]): Mailer {
  const m = smtpMailer(options);
  mailers.push(m);
  return m;
}

afterEach(() => {
  for (const m of mailers.splice(0)) m.close();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function caught(p: Promise<unknown>): Promise<MailError> {
  try {
    await p;
  } catch (e) {
    return e as MailError;
  }
  throw new Error('expected the send to fail');
}

describe('the SMTP mailer', () => {
  it('delivers a plain-text message without AUTH: envelope, headers and body as sent', async () => {
    const server = await smtp();
    await mailer({ url: `smtp://127.0.0.1:${server.port}`, from: FROM }).send(message);
    expect(server.received).toHaveLength(1);
    const got = server.received[0];
    expect(got.from).toBe('im@example.com');
    expect(got.to).toEqual(['ops@example.com', 'oncall@example.org']);
    expect(got.user).toBeUndefined();
    expect(got.headers.from).toBe('Instance Manager <im@example.com>');
    expect(got.headers.to).toBe('ops@example.com, oncall@example.org');
    expect(got.headers.subject).toBe('[im] Deployment failed');
    expect(got.headers['content-type']).toMatch(/^text\/plain/);
    expect(got.body.replace(/\r\n/g, '\n').trim()).toBe(message.text);
  });

  it('logs in with the user and password of the URL, percent-decoded', async () => {
    const login = { user: 'im@example.com', password: 'p@ss:w/rd%' };
    const server = await smtp({ login });
    await mailer({ url: `smtp://${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}@127.0.0.1:${server.port}`, from: FROM }).send(message);
    expect(server.received).toHaveLength(1);
    expect(server.received[0].user).toBe('im@example.com');
    expect(server.received[0].headers.subject).toBe('[im] Deployment failed');
  });

  it('refuses bad credentials with a typed error that names the user, never the password', async () => {
    const server = await smtp({ login: { user: 'im', password: 'right-one' } });
    const password = 'wrong-Secret-9f3k';
    const err = await caught(mailer({ url: `smtp://im:${password}@127.0.0.1:${server.port}`, from: FROM }).send(message));
    expect(err).toBeInstanceOf(MailError);
    expect(err.reason).toBe('auth');
    expect(err.responseCode).toBe(535);
    expect(err.message).toContain('127.0.0.1');
    expect(err.message).not.toContain(password);
    expect(JSON.stringify(err)).not.toContain(password);
    expect(String(err.stack)).not.toContain(password);
    expect(server.received).toHaveLength(0);
  });

  it('fails fast with a typed error when nothing listens on the port', async () => {
    const port = await closedPort();
    const started = Date.now();
    const err = await caught(mailer({ url: `smtp://im:hunter2-pw@127.0.0.1:${port}`, from: FROM, timeoutMs: 2000 }).send(message));
    expect(err).toBeInstanceOf(MailError);
    expect(err.reason).toBe('unreachable');
    expect(err.message).not.toContain('hunter2-pw');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('gives up on a server that never greets after the timeout, with a typed error', async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const err = await caught(mailer({ url: `smtp://127.0.0.1:${silent.port}`, from: FROM, timeoutMs: 500 }).send(message));
      expect(err).toBeInstanceOf(MailError);
      expect(err.reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await silent.close();
    }
  });

  it.skipIf(!tls.ok)('speaks TLS from the first byte for smtps://, verifying the server against the given CA', async () => {
    const cert = selfSignedCertificate();
    const server = await smtp({ tls: { mode: 'implicit', ...cert }, login: { user: 'im', password: 'tls-pw' } });
    await mailer({ url: `smtps://im:tls-pw@127.0.0.1:${server.port}`, from: FROM, tlsCa: cert.cert }).send(message);
    expect(server.received).toHaveLength(1);
    expect(server.received[0].secure).toBe(true);
    expect(server.received[0].user).toBe('im');
    // Without the CA the self-signed certificate is refused: verification is on by default.
    const err = await caught(mailer({ url: `smtps://im:tls-pw@127.0.0.1:${server.port}`, from: FROM }).send(message));
    expect(err.reason).toBe('unreachable');
    expect(err.message).not.toContain('tls-pw');
    expect(server.received).toHaveLength(1);
  });

  it.skipIf(!tls.ok)('upgrades smtp:// with STARTTLS when the server offers it', async () => {
    const cert = selfSignedCertificate();
    const server = await smtp({ tls: { mode: 'starttls', ...cert } });
    await mailer({ url: `smtp://127.0.0.1:${server.port}`, from: FROM, tlsCa: cert.cert }).send(message);
    expect(server.received).toHaveLength(1);
    expect(server.received[0].secure).toBe(true);
  });

  it('refuses a message without recipients before connecting', async () => {
    const server = await smtp();
    const err = await caught(mailer({ url: `smtp://127.0.0.1:${server.port}`, from: FROM }).send({ ...message, to: [] }));
    expect(err.reason).toBe('rejected');
    expect(server.received).toHaveLength(0);
  });
});

describe('SMTP URLs', () => {
  it('take the default ports of smtp (587) and smtps (465), and decode the login', () => {
    expect(parseSmtpUrl('smtp://mail.example.com')).toEqual({ secure: false, host: 'mail.example.com', port: 587, user: undefined, password: undefined });
    expect(parseSmtpUrl('smtps://a%40b.c:p%3Aw@mail.example.com')).toEqual({
      secure: true,
      host: 'mail.example.com',
      port: 465,
      user: 'a@b.c',
      password: 'p:w',
    });
    expect(parseSmtpUrl('smtp://[::1]:2525').host).toBe('::1');
  });

  it.each(['mail.example.com', 'https://user:topsecret@mail.example.com', 'smtp://user:topsecret@'])('refuse %s without repeating it', (url) => {
    expect(() => parseSmtpUrl(url)).toThrow(MailError);
    try {
      parseSmtpUrl(url);
    } catch (e) {
      expect((e as MailError).reason).toBe('invalid-url');
      expect((e as Error).message).not.toContain('topsecret');
    }
  });
});

describe('the log mailer', () => {
  it('writes one JSON line with the recipients, subject and body, masking credential values', async () => {
    configureLogger({ level: 'info', format: 'json' });
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await logMailer({ from: FROM }).send({
        to: ['ops@example.com'],
        subject: 'AppServer 2 failed',
        text: 'MYSQL_PASSWORD: s3cr3t-value\nfetching https://deploy:tok3n-value@git.example.com/repo\nplain line',
      });
    } finally {
      process.stdout.write = write;
      configureLogger({ level: 'info', format: 'pretty' });
    }
    expect(written).toHaveLength(1);
    const line = JSON.parse(written[0]);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'mail (SMTP_URL unset, not sent)',
      from: FROM,
      to: ['ops@example.com'],
      subject: 'AppServer 2 failed',
    });
    expect(line.text).toBe('MYSQL_PASSWORD: ***\nfetching https://deploy:***@git.example.com/repo\nplain line');
    expect(written[0]).not.toContain('s3cr3t-value');
    expect(written[0]).not.toContain('tok3n-value');
  });
});
