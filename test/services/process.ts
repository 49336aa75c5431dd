import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import net from 'node:net';

/** Whether a Debian service can run here; `reason` names the package to install. */
export type ServiceSupport = { ok: true } | { ok: false; reason: string };

export function needExecutables(executables: Record<string, string>): ServiceSupport {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'the private servers run as root (their --user=root flags)' };
  for (const [file, pkg] of Object.entries(executables)) {
    if (!existsSync(file)) return { ok: false, reason: `${file} is missing (apt-get install ${pkg})` };
  }
  return { ok: true };
}

/**
 * A suite whose service cannot run: under CI=true that is a failure (thrown at import, so the file
 * fails), otherwise a loud skip.
 */
export function reportMissing(suite: string, support: ServiceSupport): void {
  if (support.ok) return;
  if (process.env.CI === 'true') throw new Error(`${suite} cannot run: ${support.reason}`);
  console.warn(`\n\n*** SKIPPING ${suite}: ${support.reason} ***\n\n`);
}

/** A port nobody listens on right now (the server may still lose a race for it: callers retry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  isDead?: () => string | null,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    const death = isDead?.();
    if (death) throw new Error(`${what}: ${death}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

const groupLeaders = new WeakSet<ChildProcess>();

/** Sends `sig` to the child, or to its whole process group when it leads one. */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (groupLeaders.has(child) && child.pid) process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    /* already gone */
  }
}

/**
 * A server process whose output goes to `logFile`; killed with the test process if nothing
 * stopped it. With `group`, it leads a process group of its own and every signal goes to the
 * group (servers that start helper processes: the Erlang VM's port programs).
 */
export function startProcess(command: string, args: string[], logFile: string, options: SpawnOptions & { group?: boolean } = {}): ChildProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const child of running) signal(child, 'SIGKILL');
    });
  }
  const log = openSync(logFile, 'a');
  const { group, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: group ?? false, stdio: ['ignore', log, log] });
  if (group) groupLeaders.add(child);
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Why `child` is no longer running, with the end of its log; null while it runs. */
export function deathOf(child: ChildProcess, logFile: string): string | null {
  if (child.exitCode === null && child.signalCode === null) return null;
  let tail = '';
  try {
    tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
  } catch {}
  return `${child.spawnfile} exited (${child.exitCode ?? child.signalCode}):\n${tail}`;
}

/**
 * SIGTERM (SIGKILL when `graceMs` is 0), then SIGKILL after `graceMs`; resolves once the process
 * is gone. A group leader's group gets a final SIGKILL too, so no helper outlives it.
 */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signal(child, graceMs === 0 ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => signal(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  if (groupLeaders.has(child)) signal(child, 'SIGKILL');
}
