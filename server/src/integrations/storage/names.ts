import { createHash } from 'node:crypto';
import { InvalidBucketNameError } from './errors.ts';

const MAX_BUCKET_NAME = 63;
const HASH_LENGTH = 8;

/**
 * The instance's bucket (SPEC §9.6): `<prefix>-<databaseName with _ → ->`, lower-case. Anything
 * S3 refuses becomes a hyphen; dots too, since a dotted name breaks virtual-hosted TLS. A name
 * over 63 characters keeps its start and ends with a hash of the whole, so two long names that
 * share their first 54 characters still get different buckets, and the same input always gets
 * the same bucket.
 */
export function bucketName(prefix: string, databaseName: string): string {
  const wanted = `${prefix}-${databaseName.replace(/_/g, '-')}`.toLowerCase();
  let name = wanted
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+/, '')
    .replace(/-+$/, '');
  if (name.length > MAX_BUCKET_NAME) {
    const hash = createHash('sha256').update(wanted).digest('hex').slice(0, HASH_LENGTH);
    name = `${name.slice(0, MAX_BUCKET_NAME - HASH_LENGTH - 1).replace(/-+$/, '')}-${hash}`;
  }
  if (!isValidBucketName(name)) throw new InvalidBucketNameError(wanted);
  return name;
}

/** S3's rules for a bucket name in any region, minus dots (see bucketName). */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.startsWith('sthree-') &&
    !name.endsWith('-s3alias') &&
    !name.endsWith('--ol-s3')
  );
}

/** The per-instance IAM user is named after its bucket: a bucket name is a valid IAM user name (≤ 64). */
export function iamUserName(bucket: string): string {
  return bucket;
}

export const IAM_POLICY_NAME = 'allow_access_s3_bucket';

/**
 * The instance user's only permissions: everything on its bucket and the objects in it. The
 * original granted no ListAllMyBuckets either, so the user cannot even see other buckets' names.
 */
export function bucketPolicy(bucket: string): { Version: string; Statement: { Effect: 'Allow'; Action: string; Resource: string[] }[] } {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }],
  };
}
