import {
  DeleteObjectCommand,
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BucketOwnedElsewhereError,
  bucketName,
  IAM_POLICY_NAME,
  S3ObjectStorage,
  StorageError,
  type S3StorageOptions,
  type StorageLedgerCallbacks,
} from '../../server/src/integrations/storage/index.ts';
import { FakeObjectStore, startFakeObjectStore } from '../fakes/s3/index.ts';

let fake: FakeObjectStore;

beforeAll(async () => {
  fake = await startFakeObjectStore({ region: 'eu-central-1' });
});

afterAll(async () => {
  await fake?.stop();
});

beforeEach(() => {
  fake.clearFaults();
});

let counter = 0;
function newBucket(): string {
  counter++;
  return bucketName('im-test', `instance_${counter}_example_com`);
}

function storage(overrides: Partial<S3StorageOptions> = {}): S3ObjectStorage {
  return new S3ObjectStorage({
    region: fake.region,
    endpoint: fake.url,
    forcePathStyle: true,
    iamEndpoint: fake.url,
    accessKeyId: fake.accessKeyId,
    secretAccessKey: fake.secretAccessKey,
    versionExpirationDays: 30,
    perInstanceIam: false,
    requestTimeoutMs: 5_000,
    ...overrides,
  });
}

/** A plain SDK client, as an app server would use one, to read back and fill buckets. */
function s3Client(accessKeyId = fake.accessKeyId, secretAccessKey = fake.secretAccessKey): S3Client {
  return new S3Client({
    region: fake.region,
    endpoint: fake.url,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Records ledger calls and, for each intent, whether the fake had already seen the creating call. */
function recordingLedger(): { events: string[]; ledger: StorageLedgerCallbacks } {
  const events: string[] = [];
  const creatingCall = { 's3-bucket': 'CreateBucket', 'iam-user': 'CreateUser', 'iam-access-key': 'CreateAccessKey' } as const;
  return {
    events,
    ledger: {
      onIntent(kind, name) {
        events.push(`intent ${kind} ${name} after ${fake.calls(creatingCall[kind]).length} ${creatingCall[kind]}`);
      },
      onCreated(kind, name, ref) {
        events.push(`created ${kind} ${name} ${ref}`);
      },
      onDeleted(kind, name) {
        events.push(`deleted ${kind} ${name}`);
      },
    },
  };
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('provisioning an instance bucket', () => {
  it('creates the bucket with CORS for any origin, versioning and noncurrent versions expiring after the configured days', async () => {
    const bucket = newBucket();
    const { events, ledger } = recordingLedger();
    const before = fake.calls('CreateBucket').length;
    const result = await storage({ versionExpirationDays: 45 }).provisionBucket({ bucket, ledger });

    expect(result).toMatchObject({ bucket, region: 'eu-central-1', iamUser: null, accessKeyId: fake.accessKeyId, newSecretAccessKey: null });
    expect(result.changes).toEqual(['bucket created', 'versioning enabled', 'CORS set', 'lifecycle set']);
    expect(events).toEqual([`intent s3-bucket ${bucket} after ${before} CreateBucket`, `created s3-bucket ${bucket} ${bucket}`]);

    const client = s3Client();
    const cors = await client.send(new GetBucketCorsCommand({ Bucket: bucket }));
    expect(cors.CORSRules).toHaveLength(1);
    expect([...cors.CORSRules![0]!.AllowedMethods!].sort()).toEqual(['GET', 'HEAD', 'POST', 'PUT']);
    expect(cors.CORSRules![0]!.AllowedOrigins).toEqual(['*']);
    expect((await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    const lifecycle = await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    expect(lifecycle.Rules).toHaveLength(1);
    expect(lifecycle.Rules![0]).toMatchObject({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 45 } });
    expect(fake.s3.buckets.get(bucket)?.region).toBe('eu-central-1');
  });

  it('changes nothing on a rerun, and repairs only what drifted', async () => {
    const bucket = newBucket();
    await storage().provisionBucket({ bucket });
    const seen = fake.requests.length;

    const rerun = await storage().provisionBucket({ bucket });
    expect(rerun.changes).toEqual([]);
    const writes = fake.requests.slice(seen).filter((r) => r.operation.startsWith('Put') && r.status < 300);
    expect(writes).toEqual([]);

    const state = fake.s3.buckets.get(bucket)!;
    state.versioning = 'Suspended';
    state.lifecycle![0]!.NoncurrentDays = 7;
    const repaired = await storage().provisionBucket({ bucket });
    expect(repaired.changes).toEqual(['versioning enabled', 'lifecycle set']);
    expect(state.versioning).toBe('Enabled');
    expect(state.lifecycle![0]!.NoncurrentDays).toBe(30);
  });

  it('refuses a bucket name another account owns with a typed error, before any IAM user exists', async () => {
    const bucket = newBucket();
    fake.addForeignBucket(bucket);
    const { events, ledger } = recordingLedger();
    const err = await errorOf(storage({ perInstanceIam: true }).provisionBucket({ bucket, ledger }));
    expect(err).toBeInstanceOf(BucketOwnedElsewhereError);
    expect((err as StorageError).code).toBe('BucketAlreadyExists');
    expect(fake.iam.users.has(bucket)).toBe(false);
    expect(events.filter((e) => e.startsWith('created'))).toEqual([]);
  });

  it('rides out 503 SlowDown answers through the SDK retries', async () => {
    const bucket = newBucket();
    fake.failNext({ count: 2, operation: 'CreateBucket' });
    fake.failNext({ count: 1, status: 500, code: 'InternalError', operation: 'PutBucketCors' });
    await storage().provisionBucket({ bucket });
    expect(
      fake
        .calls('CreateBucket')
        .filter((r) => r.bucket === bucket)
        .map((r) => r.status),
    ).toEqual([503, 503, 200]);
    expect(fake.s3.buckets.get(bucket)?.cors).toHaveLength(1);
  });
});

describe('per-instance IAM users', () => {
  it('creates a user limited to its bucket, with one access key whose secret is returned once', async () => {
    const bucket = newBucket();
    const { events, ledger } = recordingLedger();
    const result = await storage({ perInstanceIam: true }).provisionBucket({ bucket, ledger });

    const user = fake.iam.users.get(bucket)!;
    expect(result.iamUser).toBe(bucket);
    expect(user.accessKeys.map((k) => k.id)).toEqual([result.accessKeyId]);
    expect(result.newSecretAccessKey).toBe(user.accessKeys[0]!.secret);
    const policy = JSON.parse(user.policies.get(IAM_POLICY_NAME)!);
    expect(policy.Statement).toEqual([{ Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }]);
    expect(events).toContain(`intent iam-user ${bucket} after ${fake.calls('CreateUser').length - 1} CreateUser`);
    expect(events).toContain(`created iam-user ${bucket} ${user.arn}`);
    expect(events).toContain(`created iam-access-key ${bucket} ${result.accessKeyId}`);

    // The key works on its own bucket and nowhere else.
    const other = newBucket();
    await storage().provisionBucket({ bucket: other });
    const asInstance = s3Client(result.accessKeyId, result.newSecretAccessKey!);
    await asInstance.send(new PutObjectCommand({ Bucket: bucket, Key: 'static/logo.png', Body: 'png' }));
    const read = await asInstance.send(new GetObjectCommand({ Bucket: bucket, Key: 'static/logo.png' }));
    expect(await read.Body!.transformToString()).toBe('png');
    expect((await errorOf(asInstance.send(new PutObjectCommand({ Bucket: other, Key: 'x', Body: 'x' })))).name).toBe('AccessDenied');
    expect((await errorOf(asInstance.send(new ListBucketsCommand({})))).name).toBe('AccessDenied');
  });

  it('keeps the stored key on a rerun, and replaces a key whose secret was never stored: always exactly one', async () => {
    const bucket = newBucket();
    const first = await storage({ perInstanceIam: true }).provisionBucket({ bucket });
    const createdKeys = fake.calls('CreateAccessKey').length;

    const rerun = await storage({ perInstanceIam: true }).provisionBucket({ bucket, storedAccessKeyId: first.accessKeyId });
    expect(rerun).toMatchObject({ accessKeyId: first.accessKeyId, newSecretAccessKey: null, changes: [] });
    expect(fake.calls('CreateAccessKey')).toHaveLength(createdKeys);
    expect(fake.iam.users.get(bucket)!.accessKeys).toHaveLength(1);

    // A crash after CreateAccessKey lost the secret: the caller has no stored key id.
    const recovered = await storage({ perInstanceIam: true }).provisionBucket({ bucket, storedAccessKeyId: null });
    expect(recovered.newSecretAccessKey).toBeTruthy();
    expect(recovered.accessKeyId).not.toBe(first.accessKeyId);
    expect(fake.iam.users.get(bucket)!.accessKeys.map((k) => k.id)).toEqual([recovered.accessKeyId]);
    const withOldKey = await errorOf(s3Client(first.accessKeyId, first.newSecretAccessKey!).send(new GetBucketVersioningCommand({ Bucket: bucket })));
    expect(withOldKey.name).toBe('InvalidAccessKeyId');
  });
});

describe('deprovisioning an instance bucket', () => {
  it('deletes every version and delete marker over several pages, then the bucket, the IAM key, policy and user', async () => {
    const bucket = newBucket();
    const instance = storage({ perInstanceIam: true });
    const provisioned = await instance.provisionBucket({ bucket });
    const client = s3Client();
    for (const body of ['v1', 'v2', 'v3']) await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'courses/course.tar.gz', Body: body }));
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'courses/course.tar.gz' }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'grades/report.csv', Body: 'a,b' }));
    // Enough versions for more than one page of S3's 1000, one in ten a delete marker.
    for (let i = 0; i < 1100; i++) fake.s3.write(bucket, `uploads/file-${i % 150}`, i % 10 === 9 ? null : `content ${i}`);
    const total = fake.s3.buckets.get(bucket)!.versions.length;
    expect(total).toBe(1105);
    expect(fake.s3.buckets.get(bucket)!.versions.filter((v) => v.deleteMarker).length).toBe(111);

    const listsBefore = fake.calls('ListObjectVersions').length;
    const deletesBefore = fake.calls('DeleteObjects').length;
    const { events, ledger } = recordingLedger();
    const result = await instance.deprovisionBucket({ bucket, ledger });

    expect(result).toEqual({ versionsDeleted: total, bucketDeleted: true, iamUserDeleted: true });
    expect(fake.s3.buckets.has(bucket)).toBe(false);
    expect(fake.iam.users.has(bucket)).toBe(false);
    expect(fake.calls('ListObjectVersions').length - listsBefore).toBe(3);
    expect(fake.calls('DeleteObjects').length - deletesBefore).toBe(2);
    expect(events).toEqual([`deleted s3-bucket ${bucket}`, `deleted iam-access-key ${bucket}`, `deleted iam-user ${bucket}`]);
    expect((await errorOf(s3Client(provisioned.accessKeyId, provisioned.newSecretAccessKey!).send(new ListBucketsCommand({})))).name).toBe(
      'InvalidAccessKeyId',
    );
  });

  it('pages with whatever page size the server gives', async () => {
    const bucket = newBucket();
    await storage().provisionBucket({ bucket });
    for (let i = 0; i < 250; i++) fake.s3.write(bucket, `k${i % 7}`, i % 5 === 0 ? null : 'x');
    const lists = fake.calls('ListObjectVersions').length;
    const result = await storage({ listPageSize: 100 }).deprovisionBucket({ bucket });
    expect(result.versionsDeleted).toBe(250);
    expect(fake.calls('ListObjectVersions').length - lists).toBe(4);
    expect(fake.s3.buckets.has(bucket)).toBe(false);
  });

  it('removes an IAM user made while per-instance IAM was on, after the setting is turned off', async () => {
    const bucket = newBucket();
    await storage({ perInstanceIam: true }).provisionBucket({ bucket });
    expect((await storage().deprovisionBucket({ bucket })).iamUserDeleted).toBe(false);
    expect(fake.iam.users.has(bucket)).toBe(true);
    expect(await storage().deprovisionBucket({ bucket, iamUser: true })).toMatchObject({ bucketDeleted: false, iamUserDeleted: true });
    expect(fake.iam.users.has(bucket)).toBe(false);
  });

  it('counts an already deleted s3-bucket and IAM user as done', async () => {
    const bucket = newBucket();
    await storage({ perInstanceIam: true }).provisionBucket({ bucket });
    await storage({ perInstanceIam: true }).deprovisionBucket({ bucket });
    const again = await storage({ perInstanceIam: true }).deprovisionBucket({ bucket });
    expect(again).toEqual({ versionsDeleted: 0, bucketDeleted: false, iamUserDeleted: false });
  });

  it('stops with a typed error naming the key when S3 refuses to delete a version, and keeps the bucket', async () => {
    const bucket = newBucket();
    await storage().provisionBucket({ bucket });
    fake.s3.write(bucket, 'locked/object', 'x');
    fake.s3.undeletableKeys.add('locked/object');
    try {
      const err = await errorOf(storage().deprovisionBucket({ bucket }));
      expect(err).toBeInstanceOf(StorageError);
      expect(err.message).toContain('locked/object');
      expect((err as StorageError).code).toBe('AccessDenied');
      expect(fake.s3.buckets.has(bucket)).toBe(true);
    } finally {
      fake.s3.undeletableKeys.clear();
    }
  });
});

describe('storage errors', () => {
  it('give up after the configured attempts with a transient typed error that names no secret', async () => {
    const bucket = newBucket();
    fake.failNext({ count: 5, operation: 'CreateBucket' });
    const err = await errorOf(storage({ maxAttempts: 2 }).provisionBucket({ bucket }));
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ code: 'SlowDown', status: 503, transient: true, operation: 'CreateBucket', resource: bucket });
    expect(fake.calls('CreateBucket').filter((r) => r.bucket === bucket)).toHaveLength(2);
    expect(`${err.message} ${err.stack} ${JSON.stringify(err)}`).not.toContain(fake.secretAccessKey);
  });

  it('report a request signed for another region as S3 does, as a permanent failure', async () => {
    const err = await errorOf(storage({ region: 'us-west-2' }).provisionBucket({ bucket: newBucket() }));
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ code: 'AuthorizationHeaderMalformed', status: 400, transient: false });
  });

  it('report a wrong secret as the vendor does, without the secret, and the instance key never appears either', async () => {
    const wrongSecret = 'wrong-secret-0123456789abcdefghijklmnopqrs';
    const err = await errorOf(storage({ secretAccessKey: wrongSecret }).provisionBucket({ bucket: newBucket() }));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403, transient: false });
    expect(`${err.message} ${err.stack} ${JSON.stringify(err)}`).not.toContain(wrongSecret);

    const bucket = newBucket();
    const instance = storage({ perInstanceIam: true });
    const provisioned = await instance.provisionBucket({ bucket });
    fake.failNext({ count: 10, service: 'iam' });
    const iamErr = await errorOf(storage({ perInstanceIam: true, maxAttempts: 1 }).deprovisionBucket({ bucket }));
    expect(iamErr).toBeInstanceOf(StorageError);
    expect(iamErr.message).toContain(bucket);
    for (const secret of [fake.secretAccessKey, provisioned.newSecretAccessKey!])
      expect(`${iamErr.message} ${iamErr.stack} ${JSON.stringify(iamErr)}`).not.toContain(secret);
  });
});
