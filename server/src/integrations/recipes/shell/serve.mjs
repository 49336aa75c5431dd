// The demo site's web server: the page and /heartbeat from ./www.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const port = Number(process.argv[2]);
createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  try {
    // Read before the status is set: a missing file must answer 503, not throw after a 200 began.
    if (path === '/heartbeat') {
      const body = readFileSync('www/heartbeat');
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else {
      const body = readFileSync('www/index.html');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    }
  } catch {
    res.writeHead(503).end('not ready');
  }
}).listen(port, '127.0.0.1');
