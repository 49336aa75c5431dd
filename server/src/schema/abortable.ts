/**
 * Wraps a generator so that a client's unsubscribe aborts it even while it waits for the next
 * event: an async generator's return() would otherwise wait until it next yields.
 */
export function abortable<T>(start: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const gen = start(controller.signal);
  return {
    next: () => gen.next(),
    return: async (value?: unknown) => {
      controller.abort();
      return gen.return(value as T);
    },
    throw: async (e?: unknown) => {
      controller.abort();
      return gen.throw(e);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
