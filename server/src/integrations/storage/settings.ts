export interface StorageSettingsInput {
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A non-AWS S3 endpoint (e.g. https://s3.example.com); unset for AWS. */
  endpoint?: string | null;
  /** Path-style addressing (non-AWS servers usually need it). */
  forcePathStyle?: boolean;
}

const S3_STORAGE_CLASS = 'storages.backends.s3boto3.S3Boto3Storage';

/** The generated settings (SPEC §7.2) that carry secrets: the settings renderer masks them. */
export const STORAGE_SECRET_SETTINGS = [
  'EDXAPP_AWS_SECRET_ACCESS_KEY',
  'XQUEUE_AWS_SECRET_ACCESS_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_S3_LOGS_SECRET_KEY',
] as const;

/**
 * The app server's object-storage settings for the ansible recipe, named as the original named
 * them: edx-platform's file storage, grades, course import/export, uploads and profile images,
 * xqueue uploads and tracking-log sync all go to the instance's bucket, each under its own prefix.
 */
export function storageSettings(input: StorageSettingsInput): Record<string, unknown> {
  const { bucket, region, accessKeyId, secretAccessKey } = input;
  const endpoint = input.endpoint ? input.endpoint.replace(/\/+$/, '') : null;
  // django-storages builds public URLs as https://<custom domain>/<key>: a path-style endpoint's
  // "domain" is its host followed by the bucket.
  const customDomain = endpoint
    ? input.forcePathStyle
      ? `${new URL(endpoint).host}/${bucket}`
      : `${bucket}.${new URL(endpoint).host}`
    : `${bucket}.s3.${region}.amazonaws.com`;
  const authExtra: Record<string, string> = { AWS_STORAGE_BUCKET_NAME: bucket, AWS_S3_REGION_NAME: region };
  if (endpoint) authExtra.AWS_S3_ENDPOINT_URL = endpoint;
  return {
    COMMON_ENABLE_AWS_INTEGRATION: true,
    COMMON_ENABLE_AWS_ROLE: true,
    aws_region: region,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,

    EDXAPP_DEFAULT_FILE_STORAGE: S3_STORAGE_CLASS,
    EDXAPP_AWS_ACCESS_KEY_ID: accessKeyId,
    EDXAPP_AWS_SECRET_ACCESS_KEY: secretAccessKey,
    EDXAPP_AWS_STORAGE_BUCKET_NAME: bucket,
    EDXAPP_AWS_S3_CUSTOM_DOMAIN: customDomain,
    EDXAPP_AUTH_EXTRA: authExtra,
    EDXAPP_IMPORT_EXPORT_BUCKET: bucket,
    EDXAPP_FILE_UPLOAD_STORAGE_BUCKET_NAME: bucket,
    EDXAPP_FILE_UPLOAD_STORAGE_PREFIX: 'submissions_attachments',
    EDXAPP_PROFILE_IMAGE_BACKEND: { class: S3_STORAGE_CLASS, options: { location: 'profile-images' } },

    EDXAPP_GRADE_STORAGE_CLASS: S3_STORAGE_CLASS,
    EDXAPP_GRADE_STORAGE_TYPE: 's3',
    EDXAPP_GRADE_BUCKET: bucket,
    EDXAPP_GRADE_ROOT_PATH: 'grades-download',
    EDXAPP_GRADE_STORAGE_KWARGS: { bucket_name: bucket, location: 'grades-download' },

    XQUEUE_AWS_ACCESS_KEY_ID: accessKeyId,
    XQUEUE_AWS_SECRET_ACCESS_KEY: secretAccessKey,
    XQUEUE_UPLOAD_BUCKET: bucket,
    XQUEUE_UPLOAD_PATH_PREFIX: 'xqueue',

    COMMON_OBJECT_STORE_LOG_SYNC: true,
    COMMON_OBJECT_STORE_LOG_SYNC_BUCKET: bucket,
    COMMON_OBJECT_STORE_LOG_SYNC_PREFIX: 'logs/tracking/',
    AWS_S3_LOGS: true,
    AWS_S3_LOGS_ACCESS_KEY_ID: accessKeyId,
    AWS_S3_LOGS_SECRET_KEY: secretAccessKey,
  };
}
