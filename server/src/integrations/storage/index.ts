export { BucketOwnedElsewhereError, InvalidBucketNameError, StorageError } from './errors.ts';
export { bucketName, bucketPolicy, IAM_POLICY_NAME, iamUserName, isValidBucketName } from './names.ts';
export { S3ObjectStorage, type S3StorageOptions } from './s3.ts';
export { STORAGE_SECRET_SETTINGS, storageSettings, type StorageSettingsInput } from './settings.ts';
export { STORAGE_LEDGER_KINDS } from './types.ts';
export type * from './types.ts';
