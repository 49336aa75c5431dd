/**
 * Loads a field for every object of a page in one statement instead of one per object. GraphQL
 * resolves the siblings of a list in the same tick, so the keys asked for before the next tick
 * form one batch. Nothing is cached past the batch: a subscription's context lives for many
 * events, and each event must read fresh rows.
 */
interface Pending<V> {
  keys: Set<string>;
  waiting: { key: string; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[];
}

const pendingByContext = new WeakMap<object, Map<string, Pending<unknown>>>();

export function loadBatched<V>(context: object, name: string, key: string, loadMany: (keys: string[]) => Promise<Map<string, V>>): Promise<V | undefined> {
  let batches = pendingByContext.get(context);
  if (!batches) pendingByContext.set(context, (batches = new Map()));
  let batch = batches.get(name) as Pending<V> | undefined;
  if (!batch) {
    const fresh: Pending<V> = { keys: new Set(), waiting: [] };
    batch = fresh;
    batches.set(name, fresh as Pending<unknown>);
    const group = batches;
    // After the promise jobs of this tick, as DataLoader does: resolvers of later siblings run first.
    void Promise.resolve().then(() =>
      process.nextTick(() => {
        group.delete(name);
        loadMany([...fresh.keys]).then(
          (found) => fresh.waiting.forEach((w) => w.resolve(found.get(w.key))),
          (error: unknown) => fresh.waiting.forEach((w) => w.reject(error)),
        );
      }),
    );
  }
  batch.keys.add(key);
  return new Promise<V | undefined>((resolve, reject) => batch.waiting.push({ key, resolve, reject }));
}
