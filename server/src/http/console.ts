import type http from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePath } from './guards.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const CONSOLE_DIR = path.resolve(here, '../../../client/build');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

/** What the client accepts, brotli preferred; null for identity. Weights of 0 refuse an encoding. */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): 'br' | 'gzip' | null {
  const accepted = new Set(
    String(acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => !/;\s*q=0(\.0+)?\s*$/.test(part))
      .map((part) => part.split(';')[0]!.trim()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

/** Compressed once per file version: builds are immutable, index.html changes only with a new build. */
const compressed = new Map<string, { mtimeMs: number; body: Buffer }>();

function compressedFile(file: string, encoding: 'br' | 'gzip'): Buffer {
  const key = `${encoding}:${file}`;
  const mtimeMs = statSync(file).mtimeMs;
  const cached = compressed.get(key);
  if (cached && cached.mtimeMs === mtimeMs) return cached.body;
  const raw = readFileSync(file);
  const body =
    encoding === 'br'
      ? brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
      : gzipSync(raw, { level: 9 });
  compressed.set(key, { mtimeMs, body });
  return body;
}

/** The built console: a file under client/build, or index.html for the single-page app's own routes. */
export function serveConsole(pathname: string, res: http.ServerResponse, acceptEncoding?: string | string[]): void {
  const decoded = decodePath(pathname);
  if (decoded === null) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request: the URL path is not valid percent-encoding.');
    return;
  }
  const index = path.join(CONSOLE_DIR, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { 'content-type': 'text/plain' }).end('The console is not built: run `npm run build:console`.');
    return;
  }
  const file = path.resolve(CONSOLE_DIR, '.' + decoded);
  const inside = file.startsWith(CONSOLE_DIR + path.sep);
  const target = inside && existsSync(file) && statSync(file).isFile() ? file : index;
  const immutable = target.includes(`${path.sep}_app${path.sep}immutable${path.sep}`);
  const headers = {
    'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'accept-encoding',
  };
  const encoding = COMPRESSIBLE.has(path.extname(target)) ? chooseEncoding(acceptEncoding) : null;
  if (encoding) {
    res.writeHead(200, { ...headers, 'content-encoding': encoding }).end(compressedFile(target, encoding));
    return;
  }
  res.writeHead(200, headers).end(readFileSync(target));
}
