// The SDK against (1) the real server, through the example script run as a child process, and
// (2) a stand-in graphql-ws endpoint that drops the connection, to check that tailLogs resumes
// from the last id it saw.
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { buildSchema, execute, parse, subscribe, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SdkError, Viewer, createClient, type LogLine } from '../../client/sdk/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = fileURLToPath(new URL('../../client/sdk/examples/spawn-and-tail.ts', import.meta.url));

describe('SDK against the real server', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.createSuperuser('sdk-admin', `Pw-${randomBytes(8).toString('hex')}`);
    token = await app.createToken('sdk-admin');
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('runs the example: creates, spawns, follows the log, activates, and the LMS serves the instance', async () => {
    const subDomain = `sdk-${randomBytes(3).toString('hex')}`;
    const name = `SDK Example ${subDomain}`;
    const run = await runExample({ IM_URL: app.url, IM_TOKEN: token, IM_SUBDOMAIN: subDomain, IM_INSTANCE_NAME: name }, 240_000);

    expect(run.stderr, run.stdout).not.toMatch(/error/i);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(`created ${name}`);
    // Log lines are printed as "<createdAt> <LEVEL> <text>" while the app server is provisioned.
    const logLines = run.stdout.split('\n').filter((line) => /^\d{4}-\d\d-\d\dT\S+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) /.test(line));
    expect(logLines.length, run.stdout).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/^activated AppServer \d+$/m);
    expect(run.stdout).toMatch(new RegExp(`^LMS: \\S*${subDomain}\\.`, 'm'));

    // The local load balancer routes <sub>.localhost:<port> to the active app server.
    const page = await get(app.port, `${subDomain}.localhost:${app.port}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(name);
  }, 300_000);

  it('reports a bad token as UNAUTHENTICATED', async () => {
    const im = createClient({ url: app.url, token: 'im_not-a-real-token' });
    try {
      const error = await im.request(Viewer).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SdkError);
      expect((error as SdkError).code).toBe('UNAUTHENTICATED');

      // The WebSocket refuses the connection; the SDK reports it once, without retrying.
      const refused = await new Promise<SdkError>((resolve) => im.tailLogs('QXBwU2VydmVyOng=', () => {}, { onError: resolve }));
      expect(refused).toBeInstanceOf(SdkError);
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(refused.code);
    } finally {
      await im.close();
    }
  });

  it('exits 1 with the message of a typed error', async () => {
    const run = await runExample({ IM_URL: app.url, IM_TOKEN: token, IM_SUBDOMAIN: 'Not A Valid Subdomain!' }, 60_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \(ValidationError\): .+/m);
  }, 90_000);
});

describe('tailLogs across a dropped connection', () => {
  // A stand-in for the server's logLines: stored lines after afterId (or all), then live ones.
  const lines: LogLine[] = [];
  const live = new Set<(line: LogLine) => void>();
  const afterIds: Array<string | null> = [];
  let http: Server;
  let wss: WebSocketServer;
  let url: string;

  const append = (n: number) => {
    for (let i = 0; i < n; i++) {
      const line: LogLine = { id: String(lines.length + 1), level: 'INFO', text: `line ${lines.length + 1}`, createdAt: new Date().toISOString() };
      lines.push(line);
      live.forEach((deliver) => deliver(line));
    }
  };

  beforeAll(async () => {
    const schema = buildSchema(readFileSync(`${root}/schema.graphql`, 'utf8'));
    const subscription = {
      logLines: ({ afterId }: { target: string; afterId?: string | null }) => {
        afterIds.push(afterId ?? null);
        const queue: LogLine[] = lines.filter((line) => afterId == null || Number(line.id) > Number(afterId));
        let wake: (() => void) | undefined;
        const deliver = (line: LogLine) => (queue.push(line), wake?.());
        return (async function* () {
          live.add(deliver);
          try {
            for (;;) {
              while (queue.length) yield { logLines: queue.shift() };
              await new Promise<void>((resolve) => (wake = resolve));
            }
          } finally {
            live.delete(deliver);
          }
        })();
      },
    };
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', async () => {
        const { query, variables } = JSON.parse(body);
        const result = await execute({
          schema,
          document: parse(query),
          variableValues: variables,
          rootValue: { viewer: () => ({ id: 'VXNlcjox', username: 'stub', isSuperuser: false }) },
        });
        res.setHeader('content-type', 'application/json').end(JSON.stringify(result));
      });
    });
    wss = new WebSocketServer({ server: http, path: '/graphql' });
    // Pass graphql's functions: vitest may load graphql's ESM build while graphql-ws gets the CJS one.
    useServer({ schema, roots: { subscription }, execute, subscribe, validate }, wss);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await new Promise((resolve) => http.close(resolve));
  });

  it('resubscribes with afterId = the last id and delivers every line once, in order', async () => {
    append(3); // stored before the tail starts
    const im = createClient({ url });
    const seen: string[] = [];
    let failure: SdkError | undefined;
    const stop = im.tailLogs('QXBwU2VydmVyOjE=', (line) => seen.push(line.id), { onError: (e) => (failure = e) });
    try {
      await until(() => seen.length === 3);
      append(2);
      await until(() => seen.length === 5);

      for (const client of wss.clients) client.terminate(); // the connection drops (1006)
      append(4); // written while the client is away
      await until(() => seen.length === 9, 15_000);
      append(1);
      await until(() => seen.length === 10);

      expect(failure).toBeUndefined();
      expect(seen).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      expect(afterIds).toEqual([null, '5']);
    } finally {
      stop();
      await im.close();
    }
  }, 30_000);

  it('HTTP requests are typed and sent as POST JSON', async () => {
    const im = createClient({ url: `${url}/graphql` });
    const { viewer } = await im.request(Viewer);
    expect(viewer.username).toBe('stub');
    await im.close();
  });
});

async function runExample(env: Record<string, string>, timeoutMs: number) {
  // process.execPath is the Node 24 that runs vitest; tsx is loaded as an import hook.
  const child = spawn(process.execPath, ['--import', 'tsx', example], { cwd: root, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

function get(port: number, host: string) {
  // Node's fetch cannot resolve *.localhost names: connect to 127.0.0.1 and name the host.
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

async function until(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
