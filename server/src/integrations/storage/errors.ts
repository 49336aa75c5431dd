/**
 * A refusal or failure of the object store or of IAM. The message names the call, the resource
 * and the vendor's error code; it never carries a secret key (messages are scrubbed of every
 * secret the integration holds before they are used).
 */
export class StorageError extends Error {
  constructor(
    readonly operation: string,
    /** The bucket or IAM user the call was about. */
    readonly resource: string,
    /** The vendor's error code (`SlowDown`, `AccessDenied`, ...), or null without a response. */
    readonly code: string | null,
    /** HTTP status, or null when no response arrived (network error, timeout). */
    readonly status: number | null,
    detail: string,
  ) {
    super(`${operation} ${resource}: ${[code, status === null ? null : `HTTP ${status}`].filter(Boolean).join(', ')}${detail ? `: ${detail}` : ''}`);
    this.name = 'StorageError';
  }

  /** Worth retrying later: no response, throttling or a server-side failure. */
  get transient(): boolean {
    return this.status === null || this.status >= 500 || this.code === 'SlowDown' || this.code === 'Throttling';
  }
}

/** The bucket name is taken by another account: no rerun can fix it, only another name. */
export class BucketOwnedElsewhereError extends StorageError {
  constructor(bucket: string) {
    super('CreateBucket', bucket, 'BucketAlreadyExists', 409, 'the bucket name belongs to another account');
    this.name = 'BucketOwnedElsewhereError';
  }
}

/** The prefix and database name cannot make an S3 bucket name (empty, or nothing valid left). */
export class InvalidBucketNameError extends Error {
  constructor(readonly attempted: string) {
    super(`cannot derive a valid S3 bucket name from "${attempted}"`);
    this.name = 'InvalidBucketNameError';
  }
}
