// The demo site's web server: the page and /heartbeat from ./www.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const port = Number(process.argv[2]);
createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  try {
    if (path === '/heartbeat') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync('www/heartbeat'));
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync('www/index.html'));
    }
  } catch {
    res.writeHead(503).end('not ready');
  }
}).listen(port, '127.0.0.1');
