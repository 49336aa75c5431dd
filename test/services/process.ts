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

/** A server process whose output goes to `logFile`; killed with the test process if nothing stopped it. */
export function startProcess(command: string, args: string[], logFile: string, options: SpawnOptions = {}): ChildProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { ...options, stdio: ['ignore', log, log] });
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

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
