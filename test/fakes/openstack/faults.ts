// Faults at the HTTP level, whatever the service: a matching request is failed, never answered,
// answered never (after taking effect), or held until the test releases it.

export type Matcher = { method?: string; path: string | RegExp };
interface Hold {
  arrived: Promise<void>;
  arrive(): void;
  released: Promise<void>;
  release(): void;
}
export interface Fault extends Matcher {
  remaining: number;
  kind: 'fail' | 'hang' | 'lose' | 'hold';
  status?: number;
  body?: string;
  hold?: Hold;
}

export class Faults {
  private list: Fault[] = [];

  /** The next `count` requests matching answer `status` (503 by default) with a proxy-like body. */
  failNext(match: Matcher & { count?: number; status?: number; body?: string }): void {
    this.list.push({ ...match, kind: 'fail', remaining: match.count ?? 1 });
  }

  /** The next `count` matching requests are never answered. */
  hangNext(match: Matcher & { count?: number }): void {
    this.list.push({ ...match, kind: 'hang', remaining: match.count ?? 1 });
  }

  /**
   * The next matching request waits, unanswered and not yet acted on, until `release()`; then it
   * takes effect and is answered as usual. `arrived` resolves when the request came in.
   */
  holdNext(match: Matcher): { arrived: Promise<void>; release(): void } {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((r) => (arrive = r));
    const released = new Promise<void>((r) => (release = r));
    this.list.push({ ...match, kind: 'hold', remaining: 1, hold: { arrived, arrive, released, release } });
    return { arrived, release };
  }

  /** The next matching request takes effect, but its answer never arrives. */
  loseResponseNext(match: Matcher & { count?: number }): void {
    this.list.push({ ...match, kind: 'lose', remaining: match.count ?? 1 });
  }

  /** Forgets every fault not yet used up (a test's leftovers must not reach the next test). */
  clear(): void {
    for (const f of this.list) f.hold?.release();
    this.list = [];
  }

  /** The first fault left for this request, used up by one. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.list.find(
      (f) => f.remaining > 0 && (!f.method || f.method === method) && (typeof f.path === 'string' ? path.startsWith(f.path) : f.path.test(path)),
    );
    if (fault) fault.remaining--;
    return fault;
  }
}
