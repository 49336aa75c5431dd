/**
 * Ledger hooks (SPEC §9.8), the same shape as the compute integration's, so one ledger serves
 * both: intent is recorded before the call that creates, the external reference after.
 */
export interface StorageLedgerCallbacks {
  onIntent(kind: StorageResourceKind, name: string): Promise<void> | void;
  onCreated(kind: StorageResourceKind, name: string, externalRef: string): Promise<void> | void;
  onDeleted?(kind: StorageResourceKind, name: string, externalRef: string): Promise<void> | void;
}

/** Ledger kinds, named like the other integrations' (`mysql-user`, `rabbitmq-vhost`). */
export const STORAGE_LEDGER_KINDS = { bucket: 's3-bucket', iamUser: 'iam-user', accessKey: 'iam-access-key' } as const;
/** The name of each is the bucket, or the IAM user (one access key per user, so the key is named after it too). */
export type StorageResourceKind = (typeof STORAGE_LEDGER_KINDS)[keyof typeof STORAGE_LEDGER_KINDS];

export interface ProvisionBucketInput {
  bucket: string;
  /**
   * Per-instance IAM: the access key id stored for this instance by an earlier run. IAM keeps it
   * when it still exists; any other key of the user is a leftover whose secret was never stored
   * (a crash after CreateAccessKey) and is deleted, and a new key is made when none is usable.
   */
  storedAccessKeyId?: string | null;
  ledger?: StorageLedgerCallbacks;
}

export interface ProvisionedBucket {
  bucket: string;
  region: string;
  /** The per-instance IAM user, or null when the instance uses the configured credentials. */
  iamUser: string | null;
  /** The key the instance uses: its own (per-instance IAM) or the configured one. */
  accessKeyId: string;
  /**
   * Only when this call created the key: its secret, which IAM never shows again. The caller
   * stores it encrypted and must not log it. Null when the stored key is still valid, and
   * without per-instance IAM (the configured secret is the caller's already).
   */
  newSecretAccessKey: string | null;
  /** What this call changed; empty on a rerun over a provisioned bucket. */
  changes: string[];
}

export interface DeprovisionBucketInput {
  bucket: string;
  /** Also delete the bucket's IAM user, its keys and policy; default: whether per-instance IAM is on. */
  iamUser?: boolean;
  ledger?: StorageLedgerCallbacks;
}

export interface DeprovisionedBucket {
  /** Object versions and delete markers removed. */
  versionsDeleted: number;
  bucketDeleted: boolean;
  iamUserDeleted: boolean;
}

/** An instance's object storage (SPEC §9.6): one bucket, optionally with its own IAM user. */
export interface ObjectStorage {
  readonly region: string;
  /** Creates or converges the bucket (and IAM user); reruns change nothing. */
  provisionBucket(input: ProvisionBucketInput): Promise<ProvisionedBucket>;
  /** Deletes every version and delete marker, the bucket, then the IAM user; what is gone counts as done. */
  deprovisionBucket(input: DeprovisionBucketInput): Promise<DeprovisionedBucket>;
}
