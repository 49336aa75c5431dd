import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  ListObjectVersionsCommand,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  S3Client,
  type BucketLocationConstraint,
  type CORSRule,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { BucketOwnedElsewhereError, StorageError } from './errors.ts';
import { bucketPolicy, IAM_POLICY_NAME, iamUserName } from './names.ts';
import {
  STORAGE_LEDGER_KINDS as KINDS,
  type DeprovisionBucketInput,
  type DeprovisionedBucket,
  type ObjectStorage,
  type ProvisionBucketInput,
  type ProvisionedBucket,
  type StorageLedgerCallbacks,
} from './types.ts';

export interface S3StorageOptions {
  /** Where buckets are created and requests are signed for (`S3_REGION`). */
  region: string;
  /** A non-AWS S3 endpoint; unset for AWS. */
  endpoint?: string;
  /** Path-style addressing, which most non-AWS servers need. */
  forcePathStyle?: boolean;
  /** IAM's endpoint; unset for AWS. Only used with per-instance IAM. */
  iamEndpoint?: string;
  /** IAM is global; AWS signs it for us-east-1. */
  iamRegion?: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Noncurrent object versions expire after this many days (`S3_VERSION_EXPIRATION_DAYS`). */
  versionExpirationDays: number;
  /** Each instance gets its own IAM user limited to its bucket (`S3_PER_INSTANCE_IAM`). */
  perInstanceIam: boolean;
  /** Attempts per call, the SDK's backoff between them (5xx, SlowDown, network errors); default 4. */
  maxAttempts?: number;
  /** Per request; default 30 s. */
  requestTimeoutMs?: number;
  /** Versions asked for per ListObjectVersions page; default (and S3's maximum) 1000. */
  listPageSize?: number;
}

/** S3 refuses a DeleteObjects of more keys than this. */
const DELETE_BATCH = 1000;
const LIFECYCLE_RULE_ID = 'expire-noncurrent-versions';
const CORS_RULES: CORSRule[] = [{ AllowedHeaders: ['*'], AllowedMethods: ['GET', 'PUT', 'POST', 'HEAD'], AllowedOrigins: ['*'], ExposeHeaders: ['ETag'] }];
const noLedger: StorageLedgerCallbacks = { onIntent() {}, onCreated() {} };

/** Object storage on any S3-compatible server, with AWS IAM for per-instance users. */
export class S3ObjectStorage implements ObjectStorage {
  readonly region: string;
  private readonly s3: S3Client;
  /** Built whatever the setting, so an instance provisioned with IAM can be cleaned up after it is turned off. */
  private readonly iam: IAMClient;
  private readonly listPageSize: number;
  /** Every secret this object has seen, scrubbed from error messages. */
  private readonly secrets = new Set<string>();

  constructor(private readonly options: S3StorageOptions) {
    this.region = options.region;
    this.listPageSize = Math.min(Math.max(1, options.listPageSize ?? 1000), 1000);
    this.secrets.add(options.secretAccessKey);
    // Every option the SDK would otherwise look up in the environment or ~/.aws is given here:
    // integrations take their settings from the composition root only.
    const common = {
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      maxAttempts: options.maxAttempts ?? 4,
      retryMode: 'standard',
      // AWS_ENDPOINT_URL* and FIPS/dual-stack switches from the environment must not redirect us.
      ignoreConfiguredEndpointUrls: true,
      useFipsEndpoint: false,
      useDualstackEndpoint: false,
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000, connectionTimeout: options.requestTimeoutMs ?? 30_000 },
    } as const;
    this.s3 = new S3Client({
      ...common,
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      // Checksums only where S3 demands one: several S3-compatible servers reject the newer headers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.iam = new IAMClient({ ...common, region: options.iamRegion ?? 'us-east-1', endpoint: options.iamEndpoint });
  }

  async provisionBucket(input: ProvisionBucketInput): Promise<ProvisionedBucket> {
    const { bucket } = input;
    const ledger = input.ledger ?? noLedger;
    const changes: string[] = [];
    await ledger.onIntent(KINDS.bucket, bucket);
    await this.createBucket(bucket, changes);
    await ledger.onCreated(KINDS.bucket, bucket, bucket);
    await this.convergeVersioning(bucket, changes);
    await this.convergeCors(bucket, changes);
    await this.convergeLifecycle(bucket, changes);

    if (!this.options.perInstanceIam) {
      return { bucket, region: this.region, iamUser: null, accessKeyId: this.options.accessKeyId, newSecretAccessKey: null, changes };
    }
    const user = iamUserName(bucket);
    await ledger.onIntent(KINDS.iamUser, user);
    const arn = await this.ensureIamUser(this.iam, user, changes);
    await ledger.onCreated(KINDS.iamUser, user, arn);
    await this.convergeUserPolicy(this.iam, user, bucket, changes);
    const key = await this.ensureAccessKey(this.iam, user, input.storedAccessKeyId ?? null, ledger, changes);
    return { bucket, region: this.region, iamUser: user, accessKeyId: key.accessKeyId, newSecretAccessKey: key.secretAccessKey, changes };
  }

  async deprovisionBucket(input: DeprovisionBucketInput): Promise<DeprovisionedBucket> {
    const { bucket } = input;
    const ledger = input.ledger ?? noLedger;
    const versionsDeleted = await this.emptyBucket(bucket);
    const bucketDeleted = await this.deleteBucket(bucket);
    await ledger.onDeleted?.(KINDS.bucket, bucket, bucket);

    let iamUserDeleted = false;
    if (input.iamUser ?? this.options.perInstanceIam) {
      iamUserDeleted = await this.deleteIamUser(this.iam, iamUserName(bucket), ledger);
    }
    return { versionsDeleted, bucketDeleted, iamUserDeleted };
  }

  private async createBucket(bucket: string, changes: string[]): Promise<void> {
    // us-east-1 is S3's default and refuses to be named as a location constraint.
    const configuration = this.region === 'us-east-1' ? undefined : { LocationConstraint: this.region as BucketLocationConstraint };
    try {
      await this.call('CreateBucket', bucket, () => this.s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: configuration })));
      changes.push('bucket created');
    } catch (err) {
      if (err instanceof StorageError && err.code === 'BucketAlreadyOwnedByYou') return;
      if (err instanceof StorageError && err.code === 'BucketAlreadyExists') throw new BucketOwnedElsewhereError(bucket);
      throw err;
    }
  }

  private async convergeVersioning(bucket: string, changes: string[]): Promise<void> {
    const current = await this.call('GetBucketVersioning', bucket, () => this.s3.send(new GetBucketVersioningCommand({ Bucket: bucket })));
    if (current.Status === 'Enabled') return;
    await this.call('PutBucketVersioning', bucket, () =>
      this.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } })),
    );
    changes.push('versioning enabled');
  }

  private async convergeCors(bucket: string, changes: string[]): Promise<void> {
    const current = await this.optional('GetBucketCors', bucket, ['NoSuchCORSConfiguration'], () => this.s3.send(new GetBucketCorsCommand({ Bucket: bucket })));
    if (current && sameJson(current.CORSRules?.map(normalCorsRule), CORS_RULES.map(normalCorsRule))) return;
    await this.call('PutBucketCors', bucket, () => this.s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: CORS_RULES } })));
    changes.push('CORS set');
  }

  private async convergeLifecycle(bucket: string, changes: string[]): Promise<void> {
    const wanted: LifecycleRule[] = [
      {
        ID: LIFECYCLE_RULE_ID,
        Status: 'Enabled',
        Filter: { Prefix: '' },
        NoncurrentVersionExpiration: { NoncurrentDays: this.options.versionExpirationDays },
      },
    ];
    const current = await this.optional('GetBucketLifecycleConfiguration', bucket, ['NoSuchLifecycleConfiguration'], () =>
      this.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })),
    );
    if (current && sameJson(current.Rules?.map(normalLifecycleRule), wanted.map(normalLifecycleRule))) return;
    await this.call('PutBucketLifecycleConfiguration', bucket, () =>
      this.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: wanted } })),
    );
    changes.push('lifecycle set');
  }

  private async ensureIamUser(iam: IAMClient, user: string, changes: string[]): Promise<string> {
    const found = await this.optional('GetUser', user, ['NoSuchEntity'], () => iam.send(new GetUserCommand({ UserName: user })));
    if (found?.User?.Arn) return found.User.Arn;
    try {
      const created = await this.call('CreateUser', user, () => iam.send(new CreateUserCommand({ UserName: user })));
      changes.push('IAM user created');
      return created.User?.Arn ?? user;
    } catch (err) {
      // Another run created it between the lookup and the create.
      if (!(err instanceof StorageError && err.code === 'EntityAlreadyExists')) throw err;
      const again = await this.call('GetUser', user, () => iam.send(new GetUserCommand({ UserName: user })));
      return again.User?.Arn ?? user;
    }
  }

  private async convergeUserPolicy(iam: IAMClient, user: string, bucket: string, changes: string[]): Promise<void> {
    const wanted = bucketPolicy(bucket);
    const current = await this.optional('GetUserPolicy', user, ['NoSuchEntity'], () =>
      iam.send(new GetUserPolicyCommand({ UserName: user, PolicyName: IAM_POLICY_NAME })),
    );
    if (current?.PolicyDocument && sameJson(parsePolicyDocument(current.PolicyDocument), wanted)) return;
    await this.call('PutUserPolicy', user, () =>
      iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: IAM_POLICY_NAME, PolicyDocument: JSON.stringify(wanted) })),
    );
    changes.push('IAM policy set');
  }

  private async ensureAccessKey(
    iam: IAMClient,
    user: string,
    storedAccessKeyId: string | null,
    ledger: StorageLedgerCallbacks,
    changes: string[],
  ): Promise<{ accessKeyId: string; secretAccessKey: string | null }> {
    const listed = await this.call('ListAccessKeys', user, () => iam.send(new ListAccessKeysCommand({ UserName: user })));
    const keyIds = (listed.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId!).filter(Boolean);
    for (const keyId of keyIds) {
      if (keyId === storedAccessKeyId) continue;
      // A key whose secret nobody stored can never be used, and IAM allows only two per user.
      await this.optional('DeleteAccessKey', user, ['NoSuchEntity'], () => iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: keyId })));
      changes.push('unusable access key deleted');
    }
    if (storedAccessKeyId && keyIds.includes(storedAccessKeyId)) return { accessKeyId: storedAccessKeyId, secretAccessKey: null };

    await ledger.onIntent(KINDS.accessKey, user);
    const created = await this.call('CreateAccessKey', user, () => iam.send(new CreateAccessKeyCommand({ UserName: user })));
    const accessKeyId = created.AccessKey?.AccessKeyId;
    const secretAccessKey = created.AccessKey?.SecretAccessKey;
    if (!accessKeyId || !secretAccessKey) throw new StorageError('CreateAccessKey', user, null, null, 'IAM answered without a key');
    this.secrets.add(secretAccessKey);
    await ledger.onCreated(KINDS.accessKey, user, accessKeyId);
    changes.push('access key created');
    return { accessKeyId, secretAccessKey };
  }

  /**
   * Deletes every version and delete marker. Each round lists from the start and deletes what it
   * got, so versions written meanwhile are caught by the next round and no list marker can point
   * at a version already deleted. Returns how many were deleted.
   */
  private async emptyBucket(bucket: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const page = await this.optional('ListObjectVersions', bucket, ['NoSuchBucket'], () =>
        this.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: this.listPageSize })),
      );
      if (!page) return deleted;
      const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
      if (entries.length === 0) return deleted;
      for (let i = 0; i < entries.length; i += DELETE_BATCH) {
        const batch = entries.slice(i, i + DELETE_BATCH);
        const result = await this.optional('DeleteObjects', bucket, ['NoSuchBucket'], () =>
          this.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } })),
        );
        if (!result) return deleted;
        const failed = result.Errors ?? [];
        if (failed.length > 0) {
          const first = failed[0]!;
          throw new StorageError(
            'DeleteObjects',
            bucket,
            first.Code ?? null,
            null,
            `${failed.length} of ${batch.length} versions not deleted, e.g. ${first.Key}: ${this.scrub(first.Message ?? '')}`,
          );
        }
        deleted += batch.length;
      }
    }
  }

  private async deleteBucket(bucket: string): Promise<boolean> {
    // A writer still using the bucket can refill it between the emptying and the delete: a
    // couple more rounds, then the error.
    for (let round = 1; ; round++) {
      try {
        await this.call('DeleteBucket', bucket, () => this.s3.send(new DeleteBucketCommand({ Bucket: bucket })));
        return true;
      } catch (err) {
        if (err instanceof StorageError && err.code === 'NoSuchBucket') return false;
        if (!(err instanceof StorageError && err.code === 'BucketNotEmpty') || round >= 3) throw err;
        await this.emptyBucket(bucket);
      }
    }
  }

  private async deleteIamUser(iam: IAMClient, user: string, ledger: StorageLedgerCallbacks): Promise<boolean> {
    const keys = await this.optional('ListAccessKeys', user, ['NoSuchEntity'], () => iam.send(new ListAccessKeysCommand({ UserName: user })));
    for (const key of keys?.AccessKeyMetadata ?? []) {
      if (!key.AccessKeyId) continue;
      const keyId = key.AccessKeyId;
      await this.optional('DeleteAccessKey', user, ['NoSuchEntity'], () => iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: keyId })));
      await ledger.onDeleted?.(KINDS.accessKey, user, keyId);
    }
    // IAM refuses to delete a user that still has keys or policies: they go first.
    await this.optional('DeleteUserPolicy', user, ['NoSuchEntity'], () =>
      iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: IAM_POLICY_NAME })),
    );
    const deleted = await this.optional('DeleteUser', user, ['NoSuchEntity'], () => iam.send(new DeleteUserCommand({ UserName: user })));
    await ledger.onDeleted?.(KINDS.iamUser, user, user);
    return deleted !== null;
  }

  /** Runs one SDK call; any failure becomes a StorageError without secrets. */
  private async call<T>(operation: string, resource: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw this.toStorageError(operation, resource, err);
    }
  }

  /** Like call, with null for the error codes that mean "not there". */
  private async optional<T>(operation: string, resource: string, absentCodes: string[], send: () => Promise<T>): Promise<T | null> {
    try {
      return await this.call(operation, resource, send);
    } catch (err) {
      if (err instanceof StorageError && err.code && absentCodes.includes(err.code)) return null;
      throw err;
    }
  }

  private toStorageError(operation: string, resource: string, err: unknown): StorageError {
    const e = err as { name?: string; message?: string; Code?: string; code?: string; $metadata?: { httpStatusCode?: number } };
    const status = e?.$metadata?.httpStatusCode ?? null;
    // The SDK names service errors after their code; network errors carry a Node code instead.
    const code = status !== null ? (e.Code ?? e.name ?? null) : (e.code ?? e.name ?? null);
    return new StorageError(operation, resource, code, status, this.scrub(e?.message ?? String(err)));
  }

  private scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (secret) out = out.split(secret).join('[redacted]');
    return out;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sorted(list: string[] | undefined): string[] {
  return [...(list ?? [])].sort();
}

function normalCorsRule(rule: CORSRule) {
  return {
    headers: sorted(rule.AllowedHeaders),
    methods: sorted(rule.AllowedMethods),
    origins: sorted(rule.AllowedOrigins),
    expose: sorted(rule.ExposeHeaders),
    maxAge: rule.MaxAgeSeconds ?? null,
  };
}

function normalLifecycleRule(rule: LifecycleRule) {
  const filterPrefix = rule.Filter && 'Prefix' in rule.Filter ? rule.Filter.Prefix : undefined;
  return {
    id: rule.ID ?? null,
    status: rule.Status,
    prefix: filterPrefix ?? rule.Prefix ?? '',
    noncurrentDays: rule.NoncurrentVersionExpiration?.NoncurrentDays ?? null,
    expiration: rule.Expiration ?? null,
    transitions: rule.Transitions ?? null,
  };
}

/** IAM returns policy documents URL-encoded. */
function parsePolicyDocument(document: string): unknown {
  try {
    return JSON.parse(decodeURIComponent(document));
  } catch {
    return null;
  }
}
