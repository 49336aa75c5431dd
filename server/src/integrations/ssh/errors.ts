/** The server showed a host key other than the one we expect: never replaced automatically. */
export class HostKeyMismatchError extends Error {
  override readonly name = 'HostKeyMismatchError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`SSH host key of ${host}:${port} does not match the expected key (got ${actual}, expected ${expected})`);
  }
}

/** The connection was closed (by `close()` or by the network) while an operation was pending. */
export class SshConnectionClosedError extends Error {
  override readonly name = 'SshConnectionClosedError';
}

export class SshTimeoutError extends Error {
  override readonly name = 'SshTimeoutError';
}

/** Could not open (or authenticate) the connection; `code` is the socket's (ECONNREFUSED, …). */
export class SshConnectError extends Error {
  override readonly name = 'SshConnectError';
  readonly code?: string;
  /** ssh2's stage: client-socket, client-timeout, client-authentication, protocol, … */
  readonly level?: string;
  constructor(message: string, cause?: Error & { code?: string; level?: string }) {
    super(message, cause ? { cause } : undefined);
    this.code = cause?.code;
    this.level = cause?.level;
  }
}
