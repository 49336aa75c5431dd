import type { Config } from './config.ts';
import { S3ObjectStorage, type ObjectStorage } from './integrations/storage/index.ts';

// The object storage the composition root (product.ts) built from STORAGE_PROVIDER; null with
// `none` or when stopped. Allocation and delete use it for the instances' buckets (SPEC §9.6).
let storage: ObjectStorage | null = null;

export function objectStorage(): ObjectStorage | null {
  return storage;
}

export function setObjectStorage(next: ObjectStorage | null): void {
  storage = next;
}

/** S3 with the configured credentials, or nothing with STORAGE_PROVIDER=none. */
export function createObjectStorage(config: Config): ObjectStorage | null {
  if (config.storageProvider !== 's3' || !config.s3AccessKeyId || !config.s3SecretAccessKey) return null;
  return new S3ObjectStorage({
    region: config.s3Region,
    endpoint: config.s3EndpointUrl,
    forcePathStyle: config.s3ForcePathStyle,
    iamEndpoint: config.s3IamEndpointUrl,
    accessKeyId: config.s3AccessKeyId,
    secretAccessKey: config.s3SecretAccessKey,
    versionExpirationDays: config.s3VersionExpirationDays,
    perInstanceIam: config.s3PerInstanceIam,
  });
}
