// Verifies AWS Signature Version 4 the way S3 and IAM do: the credential scope names a known
// key, the service and the region; the signature over the canonical request matches.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SignedRequest {
  method: string;
  /** The request target exactly as received (path and query, still percent-encoded). */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type SigV4Check =
  { ok: true; accessKeyId: string; region: string; service: string } | { ok: false; status: number; code: string; message: string; accessKeyId?: string };

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      return [encodeRfc3986(decodeURIComponent(key)), encodeRfc3986(decodeURIComponent(value))] as const;
    })
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

export function verifySigV4(
  request: SignedRequest,
  secretFor: (accessKeyId: string) => string | undefined,
  expect: { service: string; region: string },
): SigV4Check {
  const authorization = headerValue(request.headers, 'authorization');
  if (!authorization) return { ok: false, status: 403, code: 'AccessDenied', message: 'Anonymous access is forbidden for this operation' };
  const parsed = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
    authorization,
  );
  if (!parsed) return { ok: false, status: 400, code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed' };
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = parsed as unknown as [string, string, string, string, string, string, string];
  const secret = secretFor(accessKeyId);
  if (secret === undefined)
    return { ok: false, status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.', accessKeyId };
  if (service !== expect.service || region !== expect.region) {
    return {
      ok: false,
      status: 400,
      code: 'AuthorizationHeaderMalformed',
      message: `The authorization header is malformed; the credential scope is for ${region}/${service}, expecting ${expect.region}/${expect.service}`,
      accessKeyId,
    };
  }
  const amzDate = headerValue(request.headers, 'x-amz-date') ?? '';
  if (!amzDate.startsWith(date))
    return { ok: false, status: 403, code: 'SignatureDoesNotMatch', message: 'x-amz-date does not match the credential scope date', accessKeyId };

  const declaredPayloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  const bodyHash = sha256Hex(request.body);
  if (declaredPayloadHash && /^[0-9a-f]{64}$/.test(declaredPayloadHash) && declaredPayloadHash !== bodyHash) {
    return {
      ok: false,
      status: 400,
      code: 'XAmzContentSHA256Mismatch',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      accessKeyId,
    };
  }
  const payloadHash = declaredPayloadHash ?? bodyHash;

  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) return { ok: false, status: 403, code: 'SignatureDoesNotMatch', message: 'the host header must be signed', accessKeyId };
  const queryAt = request.rawUrl.indexOf('?');
  const path = queryAt < 0 ? request.rawUrl : request.rawUrl.slice(0, queryAt);
  const query = queryAt < 0 ? '' : request.rawUrl.slice(queryAt + 1);
  const canonicalRequest = [
    request.method,
    path || '/',
    canonicalQuery(query),
    signedHeaders.map((h) => `${h}:${headerValue(request.headers, h) ?? ''}\n`).join(''),
    signedHeaderList,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    return {
      ok: false,
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided.',
      accessKeyId,
    };
  }
  return { ok: true, accessKeyId, region, service };
}
