import { GraphQLError } from 'graphql';
import { onListenerLost } from '../events.ts';

/**
 * Ends a subscription whose event source dropped: the client resumes from its last id. A
 * GraphQLError with a code, so the error masking lets it through on both transports.
 */
export class StreamInterrupted extends GraphQLError {
  constructor() {
    super('The database connection was lost, so events may have been missed: subscribe again (with afterId for log lines).', {
      extensions: { code: 'STREAM_INTERRUPTED' },
    });
  }
}

/**
 * Wraps a generator so that a client's unsubscribe aborts it even while it waits for the next
 * event: an async generator's return() would otherwise wait until it next yields. When the
 * event listener loses its connection, the stream ends with StreamInterrupted after the last
 * item already produced, so nothing is lost or sent twice on resume.
 */
export function abortable<T>(start: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const controller = new AbortController();
  let interrupted = false;
  const unwatch = onListenerLost(() => {
    interrupted = true;
    controller.abort();
  });
  const gen = start(controller.signal);
  return {
    next: async () => {
      let result: IteratorResult<T>;
      try {
        result = await gen.next();
      } catch (e) {
        unwatch();
        throw interrupted ? new StreamInterrupted() : e;
      }
      if (result.done) {
        unwatch();
        if (interrupted) throw new StreamInterrupted();
      }
      return result;
    },
    return: async (value?: unknown) => {
      unwatch();
      controller.abort();
      return gen.return(value as T);
    },
    throw: async (e?: unknown) => {
      unwatch();
      controller.abort();
      return gen.throw(e);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
