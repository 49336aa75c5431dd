import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import type { RemoteHost } from '../remote/types.ts';
import { connectSsh } from './connect.ts';
import { SshConnectionClosedError, SshTimeoutError } from './errors.ts';

export interface SshHostOptions {
  host: string;
  /** 22 unless given. */
  port?: number;
  username: string;
  /** SSH_PRIVATE_KEY (or the content of SSH_PRIVATE_KEY_FILE). */
  privateKey: string | Buffer;
  passphrase?: string;
  /** The app server's working directory, relative to the SSH user's home (`im/<appServerId>`). */
  workDir: string;
  /** The host key injected into the VM; null or absent = trust on first use. */
  expectedHostKey?: string | null;
  /** Trust on first use: the key seen, before authentication; later connections pin it. */
  onFirstHostKey?: (publicKey: string) => void | Promise<void>;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  /** Between TERM and KILL in `kill()`. */
  killGraceMs?: number;
  /** Bound on each internal command (upload, read, startDetached, isAlive). */
  operationTimeoutMs?: number;
}

export interface ExecOptions {
  timeoutMs?: number;
  /** Run from the working directory instead of the home directory. */
  inWorkDir?: boolean;
  stdin?: string | Buffer;
  signal?: AbortSignal;
}

export interface ExecResult {
  /** null when the command ended by a signal. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

interface RawResult {
  code: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** Single-quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function checkRelative(p: string, what: string): string {
  const clean = p.replace(/\/+$/, '');
  if (!clean || clean.startsWith('/') || clean.split('/').some((part) => part === '..' || part === '')) {
    throw new Error(`${what} must be a relative path without '..': ${JSON.stringify(p)}`);
  }
  return clean;
}

function checkPgid(pgid: number): number {
  // 0 and 1 would mean "our own group" and "everything" to kill(1).
  if (!Number.isInteger(pgid) || pgid <= 1) throw new Error(`not a process group id: ${pgid}`);
  return pgid;
}

/** Exits 0 when a process of the group is alive (zombies do not count: nothing may reap them). */
function groupAliveScript(pgid: number): string {
  return (
    `if command -v ps >/dev/null 2>&1; then ` +
    `ps -e -o pgid=,stat= | awk -v g=${pgid} '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'; ` +
    `else kill -0 -- -${pgid} 2>/dev/null; fi`
  );
}

const NO_SUCH_FILE = 44;

/** The app server's VM over SSH: one lazily opened connection, re-opened if it drops. */
export class SshHost implements RemoteHost {
  readonly host: string;
  readonly port: number;
  readonly workDir: string;
  private expectedHostKey: string | null;
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private connectingClient: Client | null = null;
  private closed = false;
  /** Rejecters of the operations in flight, failed at once when the connection closes. */
  private readonly pending = new Set<(err: Error) => void>();
  /** A `tail -F` kept open on the file being followed; its bytes only wake the reader. */
  private follower: { path: string; end: number; channel: ClientChannel | null; alive: boolean; startedAt: number } | null = null;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly opts: SshHostOptions) {
    this.host = opts.host;
    this.port = opts.port ?? 22;
    this.workDir = checkRelative(opts.workDir, 'workDir');
    this.expectedHostKey = opts.expectedHostKey ?? null;
  }

  private connection(): Promise<Client> {
    if (this.closed) return Promise.reject(new SshConnectionClosedError(`SSH host ${this.host} is closed`));
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    const attempt = connectSsh(
      {
        host: this.host,
        port: this.port,
        username: this.opts.username,
        privateKey: this.opts.privateKey,
        passphrase: this.opts.passphrase,
        expectedHostKey: this.expectedHostKey,
        onFirstHostKey: async (key) => {
          await this.opts.onFirstHostKey?.(key);
          // Trusted once; a different key on a reconnection is a mismatch.
          this.expectedHostKey = key;
        },
        readyTimeoutMs: this.opts.readyTimeoutMs ?? 20_000,
        keepaliveIntervalMs: this.opts.keepaliveIntervalMs ?? 15_000,
      },
      (c) => (this.connectingClient = c),
    ).then(
      (client) => {
        this.connecting = null;
        this.connectingClient = null;
        if (this.closed) {
          client.end();
          throw new SshConnectionClosedError(`SSH host ${this.host} is closed`);
        }
        this.client = client;
        client.on('close', () => {
          if (this.client === client) this.client = null;
          this.failPending(new SshConnectionClosedError(`SSH connection to ${this.host}:${this.port} closed`));
        });
        return client;
      },
      (err) => {
        this.connecting = null;
        this.connectingClient = null;
        if (this.closed) throw new SshConnectionClosedError(`SSH host ${this.host} is closed`, { cause: err });
        throw err;
      },
    );
    this.connecting = attempt;
    return attempt;
  }

  private failPending(err: Error) {
    for (const reject of [...this.pending]) reject(err);
    this.pending.clear();
  }

  private async run(command: string, opts: ExecOptions & { timeoutMs: number }): Promise<RawResult> {
    if (opts.signal?.aborted) throw new SshConnectionClosedError('cancelled');
    const client = await this.connection();
    return new Promise<RawResult>((resolve, reject) => {
      let settled = false;
      let channel: ClientChannel | null = null;
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let code: number | null = null;
      let signal: string | null = null;
      const finish = (err: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending.delete(onClosed);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) {
          // Closing the channel stops the remote command's output; the process itself is not ours to kill.
          channel?.close();
          reject(err);
        } else {
          resolve({ code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
        }
      };
      const onClosed = (err: Error) => finish(err);
      const onAbort = () => finish(new SshConnectionClosedError('cancelled'));
      const timer = setTimeout(() => finish(new SshTimeoutError(`SSH command on ${this.host} timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs);
      this.pending.add(onClosed);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      client.exec(command, (err, ch) => {
        if (err) return finish(err);
        if (settled) {
          ch.close();
          return;
        }
        channel = ch;
        ch.on('data', (d: Buffer) => stdout.push(d));
        ch.stderr.on('data', (d: Buffer) => stderr.push(d));
        ch.on('exit', (exitCode: number | null, exitSignal?: string) => {
          code = exitCode ?? null;
          signal = exitSignal ?? null;
        });
        ch.on('close', () => finish(null));
        ch.on('error', (e: Error) => finish(e));
        ch.end(opts.stdin);
      });
    });
  }

  private inWorkDir(script: string, create = false): string {
    const dir = shellQuote(this.workDir);
    return `${create ? `mkdir -p -- ${dir} && ` : ''}cd -- ${dir} && ${script}`;
  }

  private fail(what: string, r: RawResult): Error {
    const stderr = r.stderr.toString('utf8').trim();
    return new Error(`${what} on ${this.host} failed (exit ${r.code ?? r.signal})${stderr ? `: ${stderr}` : ''}`);
  }

  /** A short command as the SSH user, from the home directory unless `inWorkDir`. */
  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const r = await this.run(opts.inWorkDir ? this.inWorkDir(command, true) : command, {
      ...opts,
      timeoutMs: opts.timeoutMs ?? 60_000,
    });
    return { code: r.code, signal: r.signal, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  }

  async upload(files: { path: string; content: string | Buffer; mode?: number }[]): Promise<void> {
    for (const f of files) {
      const file = checkRelative(f.path, 'upload path');
      const mode = (f.mode ?? 0o644).toString(8);
      const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
      // A name of its own per upload: two runs uploading the same file must not share a temp file.
      const tmp = shellQuote(`${file}.im-upload-${randomBytes(6).toString('hex')}`);
      // umask 077 until the final chmod: a settings file is never readable by others, even briefly;
      // the rename makes the new content appear whole.
      const script = this.inWorkDir(
        `mkdir -p -- ${shellQuote(dir)} && umask 077 && cat > ${tmp} && chmod ${mode} -- ${tmp} && mv -f -- ${tmp} ${shellQuote(file)}`,
        true,
      );
      const content = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content;
      const r = await this.run(script, { stdin: content, timeoutMs: this.operationTimeout(content.length) });
      if (r.code !== 0) throw this.fail(`upload of ${file}`, r);
    }
  }

  async startDetached(command: string): Promise<number> {
    // Own session and process group, no tie to the channel: it survives the connection closing.
    const script = this.inWorkDir(`{ setsid nohup bash -c ${shellQuote(command)} </dev/null >/dev/null 2>&1 & echo $!; }`, true);
    const r = await this.run(script, { timeoutMs: this.operationTimeout() });
    const pid = Number.parseInt(r.stdout.toString('utf8').trim(), 10);
    if (r.code !== 0 || !Number.isInteger(pid) || pid <= 1) throw this.fail('starting a detached command', r);
    // A non-interactive shell's background job is not a group leader, so setsid does not fork:
    // the pid is the new session's and process group's id.
    return pid;
  }

  async read(path: string, offset: number, maxBytes: number): Promise<Buffer | null> {
    const file = shellQuote(checkRelative(path, 'read path'));
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(maxBytes) || maxBytes < 0) {
      throw new Error(`bad read range: offset ${offset}, maxBytes ${maxBytes}`);
    }
    if (maxBytes === 0) {
      const r = await this.run(`cd -- ${shellQuote(this.workDir)} 2>/dev/null && [ -f ${file} ] || exit ${NO_SUCH_FILE}`, {
        timeoutMs: this.operationTimeout(),
      });
      return r.code === 0 ? Buffer.alloc(0) : null;
    }
    const script =
      `cd -- ${shellQuote(this.workDir)} 2>/dev/null && [ -f ${file} ] || exit ${NO_SUCH_FILE}; ` + `tail -c +${offset + 1} -- ${file} | head -c ${maxBytes}`;
    const r = await this.run(script, { timeoutMs: this.operationTimeout(maxBytes) });
    if (r.code === NO_SUCH_FILE) return null;
    if (r.code !== 0) throw this.fail(`reading ${path}`, r);
    return r.stdout;
  }

  async kill(pgid: number): Promise<void> {
    const g = checkPgid(pgid);
    const graceMs = this.opts.killGraceMs ?? 10_000;
    const polls = Math.max(1, Math.ceil(graceMs / 200));
    // Through sudo when the user may: the recipe's `sudo ansible-playbook` runs as root inside
    // the group, and a plain kill would only end the sudo process and orphan it.
    const script =
      `sig() { sudo -n kill "$@" 2>/dev/null || kill "$@" 2>/dev/null; }; ` +
      `sig -TERM -- -${g} || exit 0; ` +
      `i=0; while [ $i -lt ${polls} ]; do ${groupAliveScript(g)} || exit 0; sleep 0.2; i=$((i + 1)); done; ` +
      `sig -KILL -- -${g}; exit 0`;
    const r = await this.run(script, { timeoutMs: graceMs + this.operationTimeout() });
    if (r.code !== 0) throw this.fail(`killing process group ${g}`, r);
  }

  async isAlive(pgid: number): Promise<boolean> {
    const g = checkPgid(pgid);
    const r = await this.run(groupAliveScript(g), { timeoutMs: this.operationTimeout() });
    if (r.code === 0) return true;
    if (r.code === 1) return false;
    throw this.fail(`checking process group ${g}`, r);
  }

  async waitForOutput(path: string, offset: number, timeoutMs: number, untilPid?: number): Promise<void> {
    const f = this.follower;
    // A follower that died is restarted at most once per timeout, so a machine without GNU tail costs no more than the old poll.
    if (!this.closed && (!f || f.path !== path || (!f.alive && Date.now() - f.startedAt >= timeoutMs))) this.follow(path, offset, untilPid);
    if (this.follower && this.follower.alive && this.follower.end > offset) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        if (this.follower?.alive && this.follower.end <= offset) return;
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        this.wakers.delete(wake);
        resolve();
      }, timeoutMs);
      this.wakers.add(wake);
    });
  }

  private follow(path: string, offset: number, untilPid?: number) {
    this.follower?.channel?.close();
    const f = { path, end: offset, channel: null as ClientChannel | null, alive: true, startedAt: Date.now() };
    this.follower = f;
    const wakeAll = () => {
      for (const wake of [...this.wakers]) wake();
    };
    const died = () => {
      f.alive = false;
      wakeAll();
    };
    const file = shellQuote(checkRelative(path, 'follow path'));
    // The tail ends when the channel closes (stdin reaches its end), and with --pid when the runner
    // ends: a follower never lingers on the VM after us, even when the connection drops.
    const tail = `tail -c +${offset + 1} -F ${untilPid ? `--pid=${checkPgid(untilPid)} ` : ''}-- ${file}`;
    const script = `cd -- ${shellQuote(this.workDir)} && { ${tail} 2>/dev/null & t=$!; cat >/dev/null; kill $t 2>/dev/null; }`;
    this.connection().then(
      (client) =>
        client.exec(script, (err, ch) => {
          if (err || this.follower !== f || this.closed) {
            ch?.close();
            return died();
          }
          f.channel = ch;
          ch.on('data', (d: Buffer) => {
            f.end += d.length;
            wakeAll();
          });
          ch.stderr.resume();
          ch.on('close', died);
          ch.on('error', died);
        }),
      died,
    );
  }

  /** Ends the connection; operations in flight fail at once and later ones are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.follower?.channel?.close();
    for (const wake of [...this.wakers]) wake();
    this.failPending(new SshConnectionClosedError(`SSH host ${this.host} closed`));
    const clients = [this.client, this.connectingClient].filter((c): c is Client => c !== null);
    this.client = null;
    await Promise.all(
      clients.map(
        (c) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              c.destroy();
              resolve();
            }, 2_000);
            c.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            c.end();
          }),
      ),
    );
  }

  /** Room for a slow link: a floor plus 1 s per 100 KB. */
  private operationTimeout(bytes = 0): number {
    return (this.opts.operationTimeoutMs ?? 60_000) + Math.ceil(bytes / 100_000) * 1_000;
  }
}
