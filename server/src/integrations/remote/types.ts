/**
 * A machine the recipe runs on: the VM over SSH, or a directory on this machine for the local
 * provider. Paths are relative to the app server's working directory.
 */
export interface RemoteHost {
  /** Writes files into the working directory (created if needed). */
  upload(files: { path: string; content: string; mode?: number }[]): Promise<void>;
  /** Starts a command detached in its own process group; returns its process group id. */
  startDetached(command: string): Promise<number>;
  /** Reads a file from `offset`; null when it does not exist. */
  read(path: string, offset: number, maxBytes: number): Promise<Buffer | null>;
  /** Kills a process group (no error if it is gone). */
  kill(pgid: number): Promise<void>;
  isAlive(pgid: number): Promise<boolean>;
  /** Runs a short command to its end (the recipe's `services start|stop`), from the working directory when `inWorkDir`. */
  exec(command: string, opts?: { timeoutMs?: number; inWorkDir?: boolean }): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /**
   * Resolves once `path` may hold bytes past `offset` (or the working directory changed), at the
   * latest after `timeoutMs`; never rejects. A persistent follower, so that a line reaches the
   * log as it is written instead of at the next poll; the caller still reads through `read`.
   * `untilPid` bounds a follower left on the machine to the life of that process.
   */
  waitForOutput(path: string, offset: number, timeoutMs: number, untilPid?: number): Promise<void>;
  close(): Promise<void>;
}
