/**
 * Why a MySQL operation failed. Messages name the server, the statement's purpose and MySQL's
 * error code, never a password: neither the admin URL's nor a derived one (mysql2 puts the
 * interpolated SQL on its errors, so those are never passed on as a `cause`).
 */
export type MysqlErrorKind =
  /** A database or user name we refuse to send (not [A-Za-z0-9_], too long). */
  | 'invalid-name'
  /** The admin URL does not parse. */
  | 'invalid-url'
  /** TCP connect, DNS or TLS failed, or the server went away: worth retrying. */
  | 'connection'
  /** The admin credentials were refused. */
  | 'access-denied'
  /** A statement failed (missing privilege, server refusal). */
  | 'query';

export class MysqlError extends Error {
  override readonly name = 'MysqlError';
  constructor(
    readonly kind: MysqlErrorKind,
    message: string,
    /** MySQL's symbolic code (ER_ACCESS_DENIED_ERROR) or the socket's (ECONNREFUSED). */
    readonly code?: string,
  ) {
    super(message);
  }

  /** Whether running the same operation again later may succeed. */
  get transient(): boolean {
    return this.kind === 'connection';
  }
}
