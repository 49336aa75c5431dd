import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { freePort, postgresUrl, readPassword } from '../../server/src/embedded-postgres.ts';

// The product as an operator runs it: `main.ts` in its own process, on a temporary DATA_DIR
// with its embedded Postgres, so tests can kill it and its postmaster for real.

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];

export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'im-faults-'));
  // As root, Postgres runs as the `postgres` user, which must be able to enter the directory.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The postmaster's pid and port, from its lock file. */
export function postmaster(dataDir: string): { pid: number; port: number } {
  const lines = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

export function databaseUrl(dataDir: string, database = 'instance_manager'): string {
  return postgresUrl(postmaster(dataDir).port, readPassword(path.join(dataDir, 'postgres'))!, database);
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function healthz(url: string): Promise<number> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
    return res.status;
  } catch {
    return 0;
  }
}

/** Starts the server and waits until /healthz answers 200 (or the process exits). */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'pretty',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as in a terminal: a group-wide Ctrl-C must not reach vitest.
    detached: true,
  });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  await until(`the server to answer /healthz (output so far: ${output})`, async () => gone || (await healthz(url)) === 200, 120_000).catch((e) => {
    throw new Error(`${(e as Error).message}\n${output}`);
  });
  if (gone) throw new Error(`the server exited at start:\n${output}`);
  return { child, url, port, output: () => output, exited };
}

/** Runs the `im` CLI against a DATA_DIR. */
export function im(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/im.ts', ...args], { env: { ...process.env, DATABASE_URL: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Kills what a test left running (servers, then their postmasters) and removes the directories. */
export async function cleanUp(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  await until('test servers to exit', () => children.size === 0, 30_000).catch(() => {});
  for (const dir of dirs.splice(0)) {
    if (existsSync(path.join(dir, 'postgres', 'postmaster.pid'))) {
      const { pid } = postmaster(dir);
      // Only the postmaster of this directory: a recycled pid is someone else's process.
      const ours = pid > 0 && alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      if (ours) {
        process.kill(pid, 'SIGINT');
        await until('a leftover postmaster to stop', () => !alive(pid), 30_000).catch(() => process.kill(pid, 'SIGKILL'));
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Follower {
  lines: { id: string; text: string }[];
  ended: Promise<string>;
  close: () => Promise<void>;
}

/** A graphql-ws `logLines` subscriber that records lines and how its stream ended. */
export function follow(url: string, token: string, target: string, afterId?: string): Follower {
  const ws: Client = createClient({ url: url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { token }, retryAttempts: 0 });
  const lines: { id: string; text: string }[] = [];
  const ended = new Promise<string>((resolve) => {
    ws.subscribe<{ logLines: { id: string; text: string } }>(
      { query: `subscription($t: ID!, $a: String) { logLines(target: $t, afterId: $a) { id text } }`, variables: { t: target, a: afterId ?? null } },
      {
        next: (msg) => {
          if (msg.errors) resolve(`errors: ${JSON.stringify(msg.errors)}`);
          else lines.push(msg.data!.logLines);
        },
        error: (e) => resolve(`error: ${Array.isArray(e) ? JSON.stringify(e) : e instanceof Error ? e.message : `close ${(e as { code?: number }).code}`}`),
        complete: () => resolve('complete'),
      },
    );
  });
  return { lines, ended, close: () => ws.dispose() as Promise<void> };
}
