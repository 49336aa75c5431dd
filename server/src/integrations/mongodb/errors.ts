import { MongoError, MongoNetworkError, MongoParseError, MongoServerError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';

export type MongoFailure = 'invalid-input' | 'unreachable' | 'authentication' | 'unauthorized' | 'command';

/**
 * Everything this integration throws. Messages name the server (hosts only) and the operation,
 * never a password: they end up in job logs.
 */
export abstract class MongoIntegrationError extends Error {
  abstract readonly failure: MongoFailure;
  /** Worth trying again later (the server was unreachable or answered with a transient error). */
  readonly retryable: boolean = false;
  constructor(
    message: string,
    /** `host:port[,host:port…]` of the MongoDB server, without credentials. */
    readonly server: string,
    /** What was being done, e.g. `createUser alice@edx_example_com`. */
    readonly operation: string,
    /** MongoDB's error code and name when the server answered with an error. */
    readonly code?: number,
    readonly codeName?: string,
  ) {
    super(message);
  }
}

/** A bad server URL, database name or user name; nothing was sent. */
export class MongoInputError extends MongoIntegrationError {
  override readonly name = 'MongoInputError';
  readonly failure = 'invalid-input';
}

/** No answer within the timeout, connection refused or lost. */
export class MongoUnreachableError extends MongoIntegrationError {
  override readonly name = 'MongoUnreachableError';
  readonly failure = 'unreachable';
  override readonly retryable = true;
}

/** The admin credentials in the server URL were refused (code 18). */
export class MongoAuthenticationError extends MongoIntegrationError {
  override readonly name = 'MongoAuthenticationError';
  readonly failure = 'authentication';
}

/** The admin user lacks a privilege the operation needs (code 13). */
export class MongoUnauthorizedError extends MongoIntegrationError {
  override readonly name = 'MongoUnauthorizedError';
  readonly failure = 'unauthorized';
}

/** The server refused or failed a command for another reason. */
export class MongoCommandError extends MongoIntegrationError {
  override readonly name = 'MongoCommandError';
  readonly failure = 'command';
  override readonly retryable: boolean;
  constructor(message: string, server: string, operation: string, code?: number, codeName?: string, retryable = false) {
    super(message, server, operation, code, codeName);
    this.retryable = retryable;
  }
}

// Elections, shutdowns and interrupted operations: the same command succeeds a little later.
const TRANSIENT_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/** Replaces every secret (raw and URL-encoded) in `text`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) result = result.split(form).join('***');
  }
  return result;
}

/** Turns whatever the driver threw into one of the typed errors, with secrets removed. */
export function toMongoIntegrationError(error: unknown, server: string, operation: string, secrets: readonly string[]): MongoIntegrationError {
  if (error instanceof MongoIntegrationError) return error;
  const detail = scrub(error instanceof Error ? error.message : String(error), secrets);
  const message = `MongoDB ${server}: ${operation} failed: ${detail}`;
  if (error instanceof MongoServerError) {
    const code = typeof error.code === 'number' ? error.code : undefined;
    const codeName = error.codeName;
    if (code === 18) return new MongoAuthenticationError(message, server, operation, code, codeName);
    if (code === 13) return new MongoUnauthorizedError(message, server, operation, code, codeName);
    const retryable = (code !== undefined && TRANSIENT_CODES.has(code)) || error.hasErrorLabel('RetryableWriteError');
    return new MongoCommandError(message, server, operation, code, codeName, retryable);
  }
  if (error instanceof MongoParseError) return new MongoInputError(`MongoDB server URL is not valid: ${detail}`, server, operation);
  if (error instanceof MongoServerSelectionError || error instanceof MongoNetworkError || error instanceof MongoTopologyClosedError) {
    return new MongoUnreachableError(message, server, operation);
  }
  if (error instanceof MongoError) return new MongoCommandError(message, server, operation);
  return new MongoCommandError(message, server, operation);
}
