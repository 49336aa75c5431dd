export type RabbitMqErrorKind =
  /** The API URL does not parse, or carries credentials (they are passed separately). */
  | 'invalid-url'
  /** A vhost or user name the broker would misread. */
  | 'invalid-name'
  /** The admin credentials were refused (401), or lack the administrator tag (403). */
  | 'unauthorized'
  /** The broker could not be reached, timed out, or kept answering 5xx after the retries. */
  | 'connection'
  /** Any other refusal (4xx). */
  | 'http';

/**
 * A management API call that failed. The message names the broker (origin only), the method and
 * path (vhost and user names, never a password) and the broker's `error`/`reason` fields.
 */
export class RabbitMqError extends Error {
  override readonly name = 'RabbitMqError';
  constructor(
    readonly kind: RabbitMqErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  get transient(): boolean {
    return this.kind === 'connection';
  }
}
