import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { chooseEncoding } from './console.ts';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Below this a compressed answer is not smaller by enough to pay for the work. */
const MIN_BYTES = 1024;
/** Quality 4: on a 2-core machine the answer must not wait for the compressor (11 costs ~50× more). */
const BROTLI_QUALITY = 4;

interface FetchApi {
  Response: typeof Response;
}

/**
 * Compresses the API's JSON answers when the client asks (Accept-Encoding: br or gzip). Streams
 * (server-sent events, multipart) pass through untouched: each event must leave at once. Request
 * bodies are never decompressed, so the 1 MB body limit stays a limit on what is parsed.
 */
export function useResponseCompression() {
  return {
    async onResponse({
      request,
      response,
      setResponse,
      fetchAPI,
    }: {
      request: Request;
      response: Response;
      setResponse(r: Response): void;
      fetchAPI: FetchApi;
    }): Promise<void> {
      const encoding = chooseEncoding(request.headers.get('accept-encoding') ?? undefined);
      const type = response.headers.get('content-type') ?? '';
      if (!encoding || !response.body || response.headers.has('content-encoding') || !/json/i.test(type)) return;
      const raw = Buffer.from(await response.arrayBuffer());
      // The same headers object: set-cookie lines stay as they are.
      const headers = response.headers;
      headers.append('vary', 'accept-encoding');
      if (raw.length < MIN_BYTES) {
        setResponse(new fetchAPI.Response(raw, { status: response.status, statusText: response.statusText, headers }));
        return;
      }
      const body =
        encoding === 'br'
          ? await brotli(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
          : await gzipped(raw, { level: 6 });
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(body.length));
      setResponse(new fetchAPI.Response(body, { status: response.status, statusText: response.statusText, headers }));
    },
  };
}
