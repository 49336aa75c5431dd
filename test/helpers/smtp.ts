import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** One message as the server received it. */
export interface ReceivedMail {
  /** Envelope: MAIL FROM and RCPT TO, as the client sent them. */
  from: string;
  to: string[];
  /** Who logged in, if anyone; whether the connection was encrypted. */
  user?: string;
  secure: boolean;
  headers: Record<string, string>;
  body: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Require AUTH with this login. */
  login?: { user: string; password: string };
  /** Serve TLS: from the first byte (`implicit`) or after STARTTLS (`starttls`). */
  tls?: { mode: 'implicit' | 'starttls'; key: string; cert: string };
}

/** A real SMTP server (smtp-server) on a free loopback port, keeping what it receives. */
export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const disabledCommands = [...(options.login ? [] : ['AUTH']), ...(options.tls?.mode === 'starttls' ? [] : ['STARTTLS'])];
  const server = new SMTPServer({
    secure: options.tls?.mode === 'implicit',
    key: options.tls?.key,
    cert: options.tls?.cert,
    disabledCommands,
    authOptional: !options.login,
    // The login is tested over plain loopback too; a real relay would insist on TLS.
    allowInsecureAuth: true,
    logger: false,
    // Clients hang up after QUIT; a test's afterAll should not wait the default 30 s for stragglers.
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      if (options.login && auth.username === options.login.user && auth.password === options.login.password) return callback(null, { user: auth.username });
      const err = new Error('Authentication credentials invalid') as Error & { responseCode: number };
      err.responseCode = 535;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
          headers: parseHeaders(raw.slice(0, split)),
          body: raw.slice(split + 4),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Header names lower-cased, folded lines unfolded. */
function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function opensslSupport(): { ok: true } | { ok: false; reason: string } {
  return existsSync('/usr/bin/openssl') ? { ok: true } : { ok: false, reason: '/usr/bin/openssl is missing (apt-get install openssl)' };
}

/** A self-signed certificate for 127.0.0.1 and localhost, made fresh: the PEM key and certificate. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'im-smtp-tls-'));
  try {
    execFileSync(
      '/usr/bin/openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A TCP server that accepts connections and never says a word: an SMTP server that hangs. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nobody listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
