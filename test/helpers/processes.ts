import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Pids of the processes whose working directory is `dir` or inside it (deleted or not). */
export function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`).replace(/ \(deleted\)$/, '');
    } catch {
      continue; // gone, or not ours to read
    }
    if (cwd === dir || cwd.startsWith(dir + '/')) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Kills what is still running in a test's data directory (local app servers, recipe runners)
 * and waits until it is gone, so a test never leaves processes behind, pass or fail. Returns the
 * pids it had to kill.
 */
export async function killProcessesIn(dir: string, timeoutMs = 10_000): Promise<number[]> {
  const found = processesIn(dir);
  for (const pid of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (found.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie waits for its parent (init) to reap it: it holds nothing.
    return !/\) Z /.test(readFileSafe(`/proc/${pid}/stat`));
  } catch {
    return false;
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
