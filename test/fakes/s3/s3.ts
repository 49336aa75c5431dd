// S3's REST XML API (path-style) for the calls the storage integration makes and the few a test
// needs to fill a bucket, with S3's status codes and error codes.
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { child, children, childText, parseXml, toXml, XmlSyntaxError, type XmlElement, type XmlValue } from './xml.ts';

export interface FakeObjectVersion {
  key: string;
  /** 'null' for objects written while versioning was never enabled, as S3 does. */
  versionId: string;
  deleteMarker: boolean;
  body: Buffer;
  etag: string;
  lastModified: Date;
  /** Order of writes across the bucket: newest has the highest. */
  seq: number;
}

export interface FakeCorsRule {
  ID?: string;
  AllowedHeader: string[];
  AllowedMethod: string[];
  AllowedOrigin: string[];
  ExposeHeader: string[];
  MaxAgeSeconds?: number;
}

export interface FakeLifecycleRule {
  ID?: string;
  Status: string;
  Prefix: string;
  NoncurrentDays?: number;
  ExpirationDays?: number;
}

export interface FakeBucket {
  name: string;
  ownerAccount: string;
  region: string;
  createdAt: Date;
  versioning?: 'Enabled' | 'Suspended';
  cors?: FakeCorsRule[];
  lifecycle?: FakeLifecycleRule[];
  versions: FakeObjectVersion[];
}

/** The account a request acts for, and, for an IAM user's key, that user's inline policies. */
export interface Principal {
  accountId: string;
  accessKeyId: string;
  /** Undefined for the account's root key, which may do anything in its own account. */
  policies?: string[];
}

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface S3Request {
  method: string;
  bucket: string | null;
  key: string | null;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface S3Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CORS_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']);

function xmlReply(name: string, value: Record<string, XmlValue>, status = 200): S3Reply {
  const inner = Object.entries(value)
    .map(([k, v]) => toXml(k, v))
    .join('');
  return { status, headers: { 'content-type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<${name} xmlns="${NS}">${inner}</${name}>` };
}

/** Which S3 operation a request is, from its method, path and sub-resource. */
export function s3Operation(method: string, bucket: string | null, key: string | null, query: URLSearchParams): string {
  if (!bucket) return method === 'GET' ? 'ListBuckets' : 'Unsupported';
  if (key !== null)
    return ({ PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' } as Record<string, string>)[method] ?? 'Unsupported';
  const sub = ['versioning', 'cors', 'lifecycle', 'versions', 'delete', 'location'].find((s) => query.has(s));
  const table: Record<string, string> = {
    'PUT:': 'CreateBucket',
    'HEAD:': 'HeadBucket',
    'DELETE:': 'DeleteBucket',
    'GET:': 'ListObjects',
    'PUT:versioning': 'PutBucketVersioning',
    'GET:versioning': 'GetBucketVersioning',
    'PUT:cors': 'PutBucketCors',
    'GET:cors': 'GetBucketCors',
    'PUT:lifecycle': 'PutBucketLifecycleConfiguration',
    'GET:lifecycle': 'GetBucketLifecycleConfiguration',
    'GET:versions': 'ListObjectVersions',
    'POST:delete': 'DeleteObjects',
    'GET:location': 'GetBucketLocation',
  };
  return table[`${method}:${sub ?? ''}`] ?? 'Unsupported';
}

/** The IAM action an operation needs, and on which resource (for an IAM user's policy). */
function requiredPermission(operation: string, bucket: string | null, key: string | null): { action: string; resource: string } {
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const objectArn = `arn:aws:s3:::${bucket}/${key ?? '*'}`;
  const table: Record<string, [string, string]> = {
    ListBuckets: ['s3:ListAllMyBuckets', '*'],
    CreateBucket: ['s3:CreateBucket', bucketArn],
    HeadBucket: ['s3:ListBucket', bucketArn],
    ListObjects: ['s3:ListBucket', bucketArn],
    DeleteBucket: ['s3:DeleteBucket', bucketArn],
    GetBucketLocation: ['s3:GetBucketLocation', bucketArn],
    PutBucketVersioning: ['s3:PutBucketVersioning', bucketArn],
    GetBucketVersioning: ['s3:GetBucketVersioning', bucketArn],
    PutBucketCors: ['s3:PutBucketCORS', bucketArn],
    GetBucketCors: ['s3:GetBucketCORS', bucketArn],
    PutBucketLifecycleConfiguration: ['s3:PutLifecycleConfiguration', bucketArn],
    GetBucketLifecycleConfiguration: ['s3:GetLifecycleConfiguration', bucketArn],
    ListObjectVersions: ['s3:ListBucketVersions', bucketArn],
    DeleteObjects: ['s3:DeleteObjectVersion', objectArn],
    PutObject: ['s3:PutObject', objectArn],
    GetObject: ['s3:GetObject', objectArn],
    HeadObject: ['s3:GetObject', objectArn],
    DeleteObject: ['s3:DeleteObject', objectArn],
  };
  const [action, resource] = table[operation] ?? ['s3:Unsupported', '*'];
  return { action, resource };
}

function glob(pattern: string, flags = ''): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags,
  );
}

/** Allow-only evaluation of inline policies: enough to see that a user is limited to its bucket. */
export function policiesAllow(policies: string[], action: string, resource: string): boolean {
  for (const document of policies) {
    const statements = (JSON.parse(document) as { Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[] }).Statement;
    for (const s of statements) {
      if (s.Effect !== 'Allow') continue;
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
      const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
      if (actions.some((a) => glob(a, 'i').test(action)) && resources.some((r) => glob(r).test(resource))) return true;
    }
  }
  return false;
}

function header(req: S3Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** S3 demands an integrity check on these bodies (Content-MD5 or a flexible checksum) and verifies it. */
function checkBodyIntegrity(req: S3Request, required: boolean): void {
  const md5 = header(req, 'content-md5');
  const crc = header(req, 'x-amz-checksum-crc32');
  if (md5 !== undefined && createHash('md5').update(req.body).digest('base64') !== md5)
    throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  if (crc !== undefined) {
    const expected = Buffer.alloc(4);
    expected.writeUInt32BE(crc32(req.body));
    if (expected.toString('base64') !== crc) throw new S3Error(400, 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
  }
  const anyChecksum = md5 !== undefined || Object.keys(req.headers).some((h) => h.startsWith('x-amz-checksum-'));
  if (required && !anyChecksum) throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
}

function parseBody(req: S3Request, root: string): XmlElement {
  try {
    const doc = parseXml(req.body.toString('utf8'));
    if (doc.name !== root) throw new XmlSyntaxError(`root is ${doc.name}`);
    return doc;
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    throw err;
  }
}

export class FakeS3 {
  readonly buckets = new Map<string, FakeBucket>();
  private seq = 0;
  /** Object keys whose deletion through DeleteObjects is refused per key (AccessDenied), as a bucket policy could. */
  readonly undeletableKeys = new Set<string>();

  constructor(
    readonly region: string,
    /** Largest ListObjectVersions page this server gives, whatever the client asks (S3: 1000). */
    public maxListKeys = 1000,
  ) {}

  /** Adds a version (or a delete marker) as a PutObject / DeleteObject would, without a request. */
  write(bucketName: string, key: string, body: Buffer | string | null): FakeObjectVersion {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) throw new Error(`no bucket ${bucketName}`);
    const versioned = bucket.versioning === 'Enabled';
    if (!versioned) bucket.versions = bucket.versions.filter((v) => !(v.key === key && v.versionId === 'null'));
    if (body === null && !bucket.versioning)
      return { key, versionId: 'null', deleteMarker: true, body: Buffer.alloc(0), etag: '', lastModified: new Date(), seq: 0 };
    const content = body === null ? Buffer.alloc(0) : Buffer.from(body);
    const version: FakeObjectVersion = {
      key,
      versionId: versioned ? randomBytes(16).toString('base64url') : 'null',
      deleteMarker: body === null,
      body: content,
      etag: `"${createHash('md5').update(content).digest('hex')}"`,
      lastModified: new Date(),
      seq: ++this.seq,
    };
    bucket.versions.push(version);
    return version;
  }

  handle(req: S3Request, operation: string, principal: Principal): S3Reply {
    if (operation === 'Unsupported' || operation === 'ListObjects' || operation === 'HeadObject') {
      throw new S3Error(501, 'NotImplemented', 'A header or query you provided implies functionality that is not implemented.');
    }
    const { action, resource } = requiredPermission(operation, req.bucket, req.key);
    if (principal.policies && !policiesAllow(principal.policies, action, resource)) throw new S3Error(403, 'AccessDenied', 'Access Denied');
    if (operation === 'ListBuckets') return this.listBuckets(principal);
    const name = req.bucket!;
    if (operation === 'CreateBucket') return this.createBucket(req, name, principal);

    const bucket = this.buckets.get(name);
    if (!bucket) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
    if (bucket.ownerAccount !== principal.accountId) throw new S3Error(403, 'AccessDenied', 'Access Denied');

    switch (operation) {
      case 'HeadBucket':
        return { status: 200, headers: { 'x-amz-bucket-region': bucket.region } };
      case 'GetBucketLocation':
        return xmlReply('LocationConstraint', {});
      case 'DeleteBucket':
        if (bucket.versions.length > 0)
          throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.', {
            BucketName: name,
          });
        this.buckets.delete(name);
        return { status: 204 };
      case 'PutBucketVersioning': {
        const status = childText(parseBody(req, 'VersioningConfiguration'), 'Status');
        if (status !== 'Enabled' && status !== 'Suspended')
          throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
        bucket.versioning = status;
        return { status: 200 };
      }
      case 'GetBucketVersioning':
        return xmlReply('VersioningConfiguration', { Status: bucket.versioning });
      case 'PutBucketCors':
        checkBodyIntegrity(req, true);
        bucket.cors = this.parseCors(parseBody(req, 'CORSConfiguration'));
        return { status: 200 };
      case 'GetBucketCors':
        if (!bucket.cors) throw new S3Error(404, 'NoSuchCORSConfiguration', 'The CORS configuration does not exist', { BucketName: name });
        return xmlReply('CORSConfiguration', {
          CORSRule: bucket.cors.map((r) => ({
            ID: r.ID,
            AllowedHeader: r.AllowedHeader,
            AllowedMethod: r.AllowedMethod,
            AllowedOrigin: r.AllowedOrigin,
            ExposeHeader: r.ExposeHeader,
            MaxAgeSeconds: r.MaxAgeSeconds,
          })),
        });
      case 'PutBucketLifecycleConfiguration':
        checkBodyIntegrity(req, true);
        bucket.lifecycle = this.parseLifecycle(parseBody(req, 'LifecycleConfiguration'));
        return { status: 200 };
      case 'GetBucketLifecycleConfiguration':
        if (!bucket.lifecycle) throw new S3Error(404, 'NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', { BucketName: name });
        return xmlReply('LifecycleConfiguration', {
          Rule: bucket.lifecycle.map((r) => ({
            ID: r.ID,
            Filter: { Prefix: r.Prefix },
            Status: r.Status,
            Expiration: r.ExpirationDays === undefined ? undefined : { Days: r.ExpirationDays },
            NoncurrentVersionExpiration: r.NoncurrentDays === undefined ? undefined : { NoncurrentDays: r.NoncurrentDays },
          })),
        });
      case 'ListObjectVersions':
        return this.listVersions(bucket, req.query);
      case 'DeleteObjects':
        checkBodyIntegrity(req, true);
        return this.deleteObjects(bucket, parseBody(req, 'Delete'));
      case 'PutObject': {
        checkBodyIntegrity(req, false);
        const v = this.write(name, req.key!, req.body);
        return { status: 200, headers: { etag: v.etag, ...(bucket.versioning ? { 'x-amz-version-id': v.versionId } : {}) } };
      }
      case 'GetObject': {
        const versionId = req.query.get('versionId');
        const v = versionId ? bucket.versions.find((x) => x.key === req.key && x.versionId === versionId) : this.latest(bucket, req.key!);
        if (!v || v.deleteMarker) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: req.key! });
        return { status: 200, headers: { etag: v.etag, 'content-type': 'application/octet-stream' }, body: v.body };
      }
      case 'DeleteObject': {
        const versionId = req.query.get('versionId');
        if (versionId) {
          bucket.versions = bucket.versions.filter((x) => !(x.key === req.key && x.versionId === versionId));
          return { status: 204, headers: { 'x-amz-version-id': versionId } };
        }
        const marker = this.write(name, req.key!, null);
        return { status: 204, headers: bucket.versioning ? { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId } : {} };
      }
    }
    throw new S3Error(501, 'NotImplemented', 'not implemented');
  }

  private latest(bucket: FakeBucket, key: string): FakeObjectVersion | undefined {
    return bucket.versions.filter((v) => v.key === key).sort((a, b) => b.seq - a.seq)[0];
  }

  private listBuckets(principal: Principal): S3Reply {
    const owned = [...this.buckets.values()].filter((b) => b.ownerAccount === principal.accountId);
    return xmlReply('ListAllMyBucketsResult', {
      Owner: { ID: principal.accountId },
      Buckets: { Bucket: owned.map((b) => ({ Name: b.name, CreationDate: b.createdAt.toISOString() })) },
    });
  }

  private createBucket(req: S3Request, name: string, principal: Principal): S3Reply {
    if (!BUCKET_NAME.test(name) || name.includes('..')) throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
    const existing = this.buckets.get(name);
    if (existing) {
      if (existing.ownerAccount === principal.accountId)
        throw new S3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', {
          BucketName: name,
        });
      throw new S3Error(
        409,
        'BucketAlreadyExists',
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
        {
          BucketName: name,
        },
      );
    }
    const constraint = req.body.length > 0 ? (childText(parseBody(req, 'CreateBucketConfiguration'), 'LocationConstraint') ?? '') : '';
    // A regional endpoint creates buckets in its own region only; no constraint means us-east-1.
    if ((constraint || 'us-east-1') !== this.region) {
      throw new S3Error(
        400,
        'IllegalLocationConstraintException',
        `The ${constraint || 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    }
    this.buckets.set(name, { name, ownerAccount: principal.accountId, region: this.region, createdAt: new Date(), versions: [] });
    return { status: 200, headers: { location: `/${name}` } };
  }

  private parseCors(doc: XmlElement): FakeCorsRule[] {
    const rules = children(doc, 'CORSRule').map((r) => {
      const maxAge = childText(r, 'MaxAgeSeconds');
      return {
        ID: childText(r, 'ID'),
        AllowedHeader: children(r, 'AllowedHeader').map((c) => c.text),
        AllowedMethod: children(r, 'AllowedMethod').map((c) => c.text),
        AllowedOrigin: children(r, 'AllowedOrigin').map((c) => c.text),
        ExposeHeader: children(r, 'ExposeHeader').map((c) => c.text),
        MaxAgeSeconds: maxAge === undefined ? undefined : Number(maxAge),
      };
    });
    if (rules.length === 0 || rules.some((r) => r.AllowedMethod.length === 0 || r.AllowedOrigin.length === 0)) {
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    const bad = rules.flatMap((r) => r.AllowedMethod).find((m) => !CORS_METHODS.has(m));
    if (bad) throw new S3Error(400, 'InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${bad}`);
    return rules;
  }

  private parseLifecycle(doc: XmlElement): FakeLifecycleRule[] {
    const malformed = () => new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    const rules = children(doc, 'Rule').map((r) => {
      const status = childText(r, 'Status');
      const filter = child(r, 'Filter');
      const prefix = filter ? (childText(filter, 'Prefix') ?? '') : childText(r, 'Prefix');
      if ((status !== 'Enabled' && status !== 'Disabled') || prefix === undefined) throw malformed();
      const noncurrent = child(r, 'NoncurrentVersionExpiration');
      const expiration = child(r, 'Expiration');
      const noncurrentDays = noncurrent ? Number(childText(noncurrent, 'NoncurrentDays')) : undefined;
      const expirationDays = expiration ? Number(childText(expiration, 'Days')) : undefined;
      for (const days of [noncurrentDays, expirationDays]) {
        if (days !== undefined && !(Number.isInteger(days) && days > 0))
          throw new S3Error(400, 'InvalidArgument', "'Days' in the Expiration action must be a positive integer");
      }
      if (noncurrentDays === undefined && expirationDays === undefined)
        throw new S3Error(400, 'InvalidRequest', 'At least one action needs to be specified in a rule');
      return { ID: childText(r, 'ID'), Status: status, Prefix: prefix, NoncurrentDays: noncurrentDays, ExpirationDays: expirationDays };
    });
    if (rules.length === 0) throw malformed();
    return rules;
  }

  /** Keys ascending, each key's versions newest first; pages resume after (key-marker, version-id-marker). */
  private listVersions(bucket: FakeBucket, query: URLSearchParams): S3Reply {
    const prefix = query.get('prefix') ?? '';
    const keyMarker = query.get('key-marker') ?? '';
    const versionIdMarker = query.get('version-id-marker') ?? '';
    const asked = query.has('max-keys') ? Number(query.get('max-keys')) : 1000;
    if (!Number.isInteger(asked) || asked < 0) throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
    const maxKeys = Math.min(asked, this.maxListKeys);
    const all = bucket.versions.filter((v) => v.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.seq - a.seq));
    const newest = new Map<string, number>();
    for (const v of all) if (!newest.has(v.key)) newest.set(v.key, v.seq);
    let start = 0;
    if (keyMarker) {
      const at = versionIdMarker ? all.findIndex((v) => v.key === keyMarker && v.versionId === versionIdMarker) : -1;
      start = at >= 0 ? at + 1 : all.findIndex((v) => v.key > keyMarker);
      if (start < 0) start = all.length;
    }
    const page = all.slice(start, start + maxKeys);
    const truncated = start + maxKeys < all.length;
    const last = page.at(-1);
    const owner = { ID: bucket.ownerAccount, DisplayName: bucket.ownerAccount };
    // S3 interleaves Version and DeleteMarker elements in listing order; the builder keeps it.
    const entries = page
      .map((v) =>
        v.deleteMarker
          ? toXml('DeleteMarker', {
              Owner: owner,
              Key: v.key,
              VersionId: v.versionId,
              IsLatest: newest.get(v.key) === v.seq,
              LastModified: v.lastModified.toISOString(),
            })
          : toXml('Version', {
              Key: v.key,
              VersionId: v.versionId,
              IsLatest: newest.get(v.key) === v.seq,
              LastModified: v.lastModified.toISOString(),
              ETag: v.etag,
              Size: v.body.length,
              Owner: owner,
              StorageClass: 'STANDARD',
            }),
      )
      .join('');
    const head = {
      Name: bucket.name,
      Prefix: prefix,
      KeyMarker: keyMarker,
      VersionIdMarker: versionIdMarker,
      MaxKeys: maxKeys,
      IsTruncated: truncated,
      NextKeyMarker: truncated ? last?.key : undefined,
      NextVersionIdMarker: truncated ? last?.versionId : undefined,
    };
    const inner =
      Object.entries(head)
        .map(([k, v]) => toXml(k, v))
        .join('') + entries;
    return {
      status: 200,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult xmlns="${NS}">${inner}</ListVersionsResult>`,
    };
  }

  private deleteObjects(bucket: FakeBucket, doc: XmlElement): S3Reply {
    const objects = children(doc, 'Object');
    if (objects.length === 0 || objects.length > 1000)
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    const quiet = childText(doc, 'Quiet') === 'true';
    const deleted: XmlValue[] = [];
    const errors: XmlValue[] = [];
    for (const o of objects) {
      const key = childText(o, 'Key') ?? '';
      const versionId = childText(o, 'VersionId');
      if (this.undeletableKeys.has(key)) {
        errors.push({ Key: key, VersionId: versionId, Code: 'AccessDenied', Message: 'Access Denied' });
        continue;
      }
      if (versionId) {
        const gone = bucket.versions.find((v) => v.key === key && v.versionId === versionId);
        bucket.versions = bucket.versions.filter((v) => v !== gone);
        deleted.push({ Key: key, VersionId: versionId, DeleteMarker: gone?.deleteMarker || undefined });
      } else {
        const marker = this.write(bucket.name, key, null);
        deleted.push({ Key: key, DeleteMarker: bucket.versioning ? true : undefined, DeleteMarkerVersionId: bucket.versioning ? marker.versionId : undefined });
      }
    }
    return xmlReply('DeleteResult', { Deleted: quiet ? undefined : deleted, Error: errors });
  }
}
