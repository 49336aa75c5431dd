import type http from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
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

/** The built console: a file under client/build, or index.html for the single-page app's own routes. */
export function serveConsole(pathname: string, res: http.ServerResponse): void {
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
  res.writeHead(200, {
    'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(readFileSync(target));
}
