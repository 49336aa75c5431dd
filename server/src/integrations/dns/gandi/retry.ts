// Pure pieces of the Gandi client's retry policy, kept apart so they are tested without a server.

/** The wait before retry number `retry` (1 for the first retry): base, then doubled each time. */
export function backoffMs(retry: number, baseMs: number): number {
  return baseMs * 2 ** (retry - 1);
}

/**
 * A Retry-After header as milliseconds from `now`: either delay-seconds or an HTTP date.
 * Undefined when absent or unreadable; never negative.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (header == null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Runs functions one after another per key; different keys run concurrently. */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // A failed write must not block the ones queued behind it.
    const result = previous.then(fn);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests and diagnostics). */
  get busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}
