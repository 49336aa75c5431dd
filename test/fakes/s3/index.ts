/**
 * A wire-level S3 and IAM for tests: one node:http server on 127.0.0.1 (port 0). S3 is served
 * path-style (`/<bucket>/<key>`) in one region; IAM's query API is `POST /` signed for service
 * `iam` in us-east-1 (the two are told apart by the credential scope, as one endpoint serves both).
 * No S3-compatible server that keeps versions runs here: s3rver 3.7 answers NotImplemented to
 * versioning and lifecycle and has no ListObjectVersions, MinIO is not in Debian, and radosgw
 * needs a Ceph cluster.
 *
 * Every request must be SigV4-signed (the signature is verified) with the account's root key or
 * a key IAM created; an IAM user's key may only do what its inline policies allow. Errors are
 * S3's `<Error>` and IAM's `<ErrorResponse>` bodies with the vendors' codes and statuses.
 *
 * State is plain data changed directly by tests (`s3.buckets`, `iam.users`, `s3.write(...)`,
 * `addForeignBucket`); `requests` logs every request. Faults: `failNext` (the next N matching
 * requests answer 503 SlowDown, or another status and code).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FakeIam, IamError, iamErrorBody } from './iam.ts';
import { verifySigV4 } from './sigv4.ts';
import { FakeS3, S3Error, s3Operation, type Principal, type S3Reply } from './s3.ts';
import { escapeXml } from './xml.ts';

export type { FakeBucket, FakeObjectVersion, FakeCorsRule, FakeLifecycleRule } from './s3.ts';
export type { FakeIamUser, FakeAccessKey } from './iam.ts';

export const FAKE_ACCOUNT_ID = '123456789012';
const FOREIGN_ACCOUNT_ID = '210987654321';

export interface FakeObjectStoreOptions {
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Largest ListObjectVersions page the server gives (S3: 1000). */
  maxListKeys?: number;
}

export interface FakeRequest {
  service: 's3' | 'iam' | 'unknown';
  operation: string;
  bucket: string | null;
  accessKeyId: string | null;
  status: number;
}

interface Fault {
  remaining: number;
  status: number;
  code: string;
  service?: 's3' | 'iam';
  operation?: string;
}

export class FakeObjectStore {
  url = '';
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly s3: FakeS3;
  readonly iam = new FakeIam(FAKE_ACCOUNT_ID);
  readonly requests: FakeRequest[] = [];
  private faults: Fault[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(options: FakeObjectStoreOptions = {}) {
    this.region = options.region ?? 'eu-central-1';
    this.accessKeyId = options.accessKeyId ?? 'AKIAFAKEROOTKEY00001';
    this.secretAccessKey = options.secretAccessKey ?? 'fake-root-secret/K7MDENG+bPxRfiCYEXAMPLEKEY';
    this.s3 = new FakeS3(this.region, options.maxListKeys ?? 1000);
  }

  /** A bucket that another account owns: creating it answers BucketAlreadyExists. */
  addForeignBucket(name: string): void {
    this.s3.buckets.set(name, { name, ownerAccount: FOREIGN_ACCOUNT_ID, region: this.region, createdAt: new Date(), versions: [] });
  }

  /** The next `count` matching requests answer `status` with `code` (503 SlowDown by default) and change nothing. */
  failNext(fault: { count?: number; status?: number; code?: string; service?: 's3' | 'iam'; operation?: string } = {}): void {
    this.faults.push({
      remaining: fault.count ?? 1,
      status: fault.status ?? 503,
      code: fault.code ?? 'SlowDown',
      service: fault.service,
      operation: fault.operation,
    });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Requests of one operation, in order. */
  calls(operation: string): FakeRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private secretFor = (accessKeyId: string): string | undefined => {
    if (accessKeyId === this.accessKeyId) return this.secretAccessKey;
    const owned = this.iam.keyOwner(accessKeyId);
    return owned?.key.status === 'Active' ? owned.key.secret : undefined;
  };

  private principalFor(accessKeyId: string): Principal {
    if (accessKeyId === this.accessKeyId) return { accountId: FAKE_ACCOUNT_ID, accessKeyId };
    const owned = this.iam.keyOwner(accessKeyId)!;
    return { accountId: FAKE_ACCOUNT_ID, accessKeyId, policies: [...owned.user.policies.values()] };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const authorization = String(req.headers.authorization ?? '');
    const service = /\/\d{8}\/[^/]+\/iam\/aws4_request/.test(authorization) ? 'iam' : 's3';
    const url = new URL(rawUrl, 'http://fake');
    const segments = url.pathname.split('/').slice(1);
    const bucket = segments[0] ? decodeURIComponent(segments[0]) : null;
    // The SDK addresses a bucket as `/<bucket>/`: an empty key is the bucket itself.
    const key = segments.length > 1 && segments.slice(1).join('/') !== '' ? decodeURIComponent(segments.slice(1).join('/')) : null;
    const operation = service === 'iam' ? FakeIam.actionOf(body.toString('utf8')) : s3Operation(method, bucket, key, url.searchParams);
    const record: FakeRequest = { service, operation, bucket: service === 's3' ? bucket : null, accessKeyId: null, status: 0 };
    this.requests.push(record);
    const send = (status: number, headers: Record<string, string>, payload?: string | Buffer) => {
      record.status = status;
      res.writeHead(status, { 'x-amz-request-id': randomUUID(), ...headers });
      res.end(method === 'HEAD' ? undefined : payload);
    };

    const fault = this.faults.find((f) => f.remaining > 0 && (!f.service || f.service === service) && (!f.operation || f.operation === operation));
    if (fault) {
      fault.remaining--;
      if (service === 'iam')
        return send(fault.status, { 'content-type': 'text/xml' }, iamErrorBody(new IamError(fault.status, fault.code, 'Rate exceeded', 'Receiver')));
      return send(
        fault.status,
        { 'content-type': 'application/xml' },
        s3ErrorBody(new S3Error(fault.status, fault.code, 'Please reduce your request rate.'), rawUrl),
      );
    }

    const check = verifySigV4({ method, rawUrl, headers: req.headers, body }, this.secretFor, {
      service,
      region: service === 'iam' ? 'us-east-1' : this.region,
    });
    record.accessKeyId = check.ok ? check.accessKeyId : (check.accessKeyId ?? null);
    if (service === 'iam') {
      try {
        if (!check.ok) throw new IamError(check.status, check.code === 'InvalidAccessKeyId' ? 'InvalidClientTokenId' : check.code, check.message);
        if (check.accessKeyId !== this.accessKeyId) throw new IamError(403, 'AccessDenied', `User is not authorized to perform: iam:${operation}`);
        const reply = this.iam.handle(body.toString('utf8'));
        return send(reply.status, { 'content-type': 'text/xml' }, reply.body);
      } catch (err) {
        if (!(err instanceof IamError)) throw err;
        return send(err.status, { 'content-type': 'text/xml' }, iamErrorBody(err));
      }
    }
    try {
      if (!check.ok) throw new S3Error(check.status, check.code, check.message);
      const reply: S3Reply = this.s3.handle(
        { method, bucket, key, query: url.searchParams, headers: req.headers, body },
        operation,
        this.principalFor(check.accessKeyId),
      );
      return send(reply.status, reply.headers ?? {}, reply.body);
    } catch (err) {
      if (!(err instanceof S3Error)) throw err;
      return send(err.status, { 'content-type': 'application/xml' }, s3ErrorBody(err, rawUrl));
    }
  }
}

function s3ErrorBody(err: S3Error, resource: string): string {
  const extra = Object.entries(err.extra)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>${extra}<Resource>${escapeXml(resource.split('?')[0]!)}</Resource><RequestId>${randomUUID()}</RequestId></Error>`;
}

export async function startFakeObjectStore(options: FakeObjectStoreOptions = {}): Promise<FakeObjectStore> {
  const fake = new FakeObjectStore(options);
  await fake.start();
  return fake;
}
