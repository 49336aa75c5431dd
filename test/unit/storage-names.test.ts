import { describe, expect, it } from 'vitest';
import { isCredentialKey } from '../../server/src/domain/settings.ts';
import {
  bucketName,
  InvalidBucketNameError,
  isValidBucketName,
  STORAGE_SECRET_SETTINGS,
  storageSettings,
} from '../../server/src/integrations/storage/index.ts';

describe('instance bucket names', () => {
  it('joins the prefix and the database name with hyphens for underscores', () => {
    expect(bucketName('im-prod', 'pr7_sandbox_example_com')).toBe('im-prod-pr7-sandbox-example-com');
  });

  it('lower-cases and turns characters S3 refuses (dots included) into hyphens', () => {
    expect(bucketName('IM.Prod', 'My_Site')).toBe('im-prod-my-site');
    expect(bucketName('-im', 'site_')).toBe('im-site');
  });

  it('cuts a long name to 63 characters ending in a hash of the whole, the same on every call', () => {
    const database = `${'a'.repeat(20)}_${'b'.repeat(50)}`;
    const name = bucketName('instance-manager', database);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^instance-manager-a{20}-b{16}-[0-9a-f]{8}$/);
    expect(bucketName('instance-manager', database)).toBe(name);
    expect(isValidBucketName(name)).toBe(true);
  });

  it('keeps two long names apart when they differ only past the cut', () => {
    const first = bucketName('instance-manager', `${'x'.repeat(60)}_one`);
    const second = bucketName('instance-manager', `${'x'.repeat(60)}_two`);
    expect(first).not.toBe(second);
    expect(first.slice(0, 54)).toBe(second.slice(0, 54));
  });

  it('keeps names of exactly 63 characters as they are', () => {
    const database = 'd'.repeat(63 - 'im-'.length);
    expect(bucketName('im', database)).toBe(`im-${database}`);
  });

  it('refuses input that leaves no valid name', () => {
    expect(() => bucketName('', '_')).toThrow(InvalidBucketNameError);
    expect(() => bucketName('xn', '-site')).toThrow(InvalidBucketNameError);
  });
});

describe('app server storage settings', () => {
  const base = { bucket: 'im-site', region: 'eu-west-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-value' };

  it('points every edx-platform, xqueue and log-sync bucket setting at the instance bucket', () => {
    const s = storageSettings(base);
    for (const key of [
      'EDXAPP_AWS_STORAGE_BUCKET_NAME',
      'EDXAPP_IMPORT_EXPORT_BUCKET',
      'EDXAPP_FILE_UPLOAD_STORAGE_BUCKET_NAME',
      'EDXAPP_GRADE_BUCKET',
      'XQUEUE_UPLOAD_BUCKET',
      'COMMON_OBJECT_STORE_LOG_SYNC_BUCKET',
    ]) {
      expect(s[key], key).toBe('im-site');
    }
    expect(s.EDXAPP_AWS_ACCESS_KEY_ID).toBe('AKIAEXAMPLE');
    expect(s.EDXAPP_AWS_S3_CUSTOM_DOMAIN).toBe('im-site.s3.eu-west-1.amazonaws.com');
    expect(s.EDXAPP_AUTH_EXTRA).toEqual({ AWS_STORAGE_BUCKET_NAME: 'im-site', AWS_S3_REGION_NAME: 'eu-west-1' });
    expect(s.aws_region).toBe('eu-west-1');
  });

  it('names the endpoint for a non-AWS server and builds the public domain path-style', () => {
    const s = storageSettings({ ...base, endpoint: 'https://objects.example.net/', forcePathStyle: true });
    expect(s.EDXAPP_AWS_S3_CUSTOM_DOMAIN).toBe('objects.example.net/im-site');
    expect(s.EDXAPP_AUTH_EXTRA).toMatchObject({ AWS_S3_ENDPOINT_URL: 'https://objects.example.net' });
    expect(storageSettings({ ...base, endpoint: 'https://objects.example.net' }).EDXAPP_AWS_S3_CUSTOM_DOMAIN).toBe('im-site.objects.example.net');
  });

  it('lists every setting that carries the secret, so the renderer can mask them all', () => {
    const s = storageSettings(base);
    const holding = Object.entries(s)
      .filter(([, v]) => JSON.stringify(v).includes(base.secretAccessKey))
      .map(([k]) => k)
      .sort();
    expect(holding).toEqual([...STORAGE_SECRET_SETTINGS].sort());
    // The settings view masks by key name: each of them must be one it recognises.
    for (const key of STORAGE_SECRET_SETTINGS) expect(isCredentialKey(key), key).toBe(true);
  });
});
