import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, chmodSync, renameSync, statSync, watch, type FSWatcher } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { RemoteHost } from '../../remote/types.ts';
import { killGroup } from './index.ts';

/** The local provider's "SSH": commands run in the server's directory on this machine. */
export class LocalHost implements RemoteHost {
  /** One inotify watch on the working directory for the host's life: output and exit code both show there. */
  private watcher: FSWatcher | null = null;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async upload(files: { path: string; content: string; mode?: number }[]): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    for (const f of files) {
      const target = path.join(this.dir, f.path);
      mkdirSync(path.dirname(target), { recursive: true });
      // Write then rename: a script being executed keeps its old inode and is never half-rewritten.
      const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temp, f.content, { mode: f.mode ?? 0o644 });
      chmodSync(temp, f.mode ?? 0o644);
      renameSync(temp, target);
    }
  }

  async startDetached(command: string): Promise<number> {
    const child = spawn('bash', ['-c', command], { cwd: this.dir, detached: true, stdio: 'ignore', env: this.env });
    child.unref();
    if (!child.pid) throw new Error('could not start the recipe runner');
    return child.pid;
  }

  async read(file: string, offset: number, maxBytes: number): Promise<Buffer | null> {
    let handle;
    try {
      handle = await open(path.join(this.dir, file), 'r');
    } catch {
      return null;
    }
    try {
      const buf = Buffer.alloc(maxBytes);
      const { bytesRead } = await handle.read(buf, 0, maxBytes, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async kill(pgid: number): Promise<void> {
    await killGroup(pgid);
  }

  async isAlive(pgid: number): Promise<boolean> {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }

  async exec(command: string, opts: { timeoutMs?: number; inWorkDir?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    mkdirSync(this.dir, { recursive: true });
    return new Promise((resolve) => {
      execFile(
        'bash',
        ['-c', command],
        { cwd: opts.inWorkDir ? this.dir : undefined, timeout: opts.timeoutMs ?? 60_000, killSignal: 'SIGKILL' },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error && code === null ? `\n${error.message}` : '') });
        },
      );
    });
  }

  async waitForOutput(file: string, offset: number, timeoutMs: number): Promise<void> {
    if (!this.watcher) {
      try {
        mkdirSync(this.dir, { recursive: true });
        this.watcher = watch(this.dir, { persistent: false }, () => {
          for (const wake of [...this.wakers]) wake();
        });
        this.watcher.on('error', () => this.stopWatching());
      } catch {
        // No watch (inotify limits): the timeout alone paces the caller, as the old poll did.
      }
    }
    // Written between the caller's read and the watch: no event will come for it.
    if (sizeOf(path.join(this.dir, file)) > offset) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.wakers.add(wake);
    });
  }

  private stopWatching() {
    this.watcher?.close();
    this.watcher = null;
  }

  async close(): Promise<void> {
    this.stopWatching();
    for (const wake of [...this.wakers]) wake();
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
