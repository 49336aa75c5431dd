/**
 * The HAProxy integration end to end: Debian's real HAProxy runs on a fake VM (the load
 * balancer), configured through its real sshd by the applier and the repository's
 * `deploy/haproxy-config`; app servers and the preliminary page are small HTTP(S) servers on
 * this machine, which the VM reaches over its veth pair.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HaproxyConfigError,
  HaproxySshApplier,
  LoadBalancerApplyError,
  renderHaproxyConfig,
  STICKINESS_COOKIE,
  type HaproxyInstance,
  type HaproxyState,
  type RenderedHaproxyConfig,
} from '../../server/src/integrations/lb/haproxy/index.ts';
import { generateHostKeyPair, HostKeyMismatchError, SshHost } from '../../server/src/integrations/ssh/index.ts';
import { fakeVmSupport, startFakeVm, type FakeVm } from '../fakes/vm/index.ts';
import { installHaproxyHost } from '../helpers/lb-vm.ts';

const HAPROXY = '/usr/sbin/haproxy';

function support(): { ok: true } | { ok: false; reason: string } {
  const vm = fakeVmSupport();
  if (!vm.ok) return vm;
  if (!existsSync(HAPROXY)) return { ok: false, reason: `${HAPROXY} is missing (apt-get install haproxy)` };
  if (!existsSync('/usr/bin/openssl')) return { ok: false, reason: '/usr/bin/openssl is missing (apt-get install openssl)' };
  if (!existsSync('/usr/bin/flock')) return { ok: false, reason: '/usr/bin/flock is missing (util-linux)' };
  return { ok: true };
}

const supported = support();
if (!supported.ok) {
  if (process.env.CI === 'true') throw new Error(`HAProxy integration tests cannot run: ${supported.reason}`);
  console.warn(`\n\n*** SKIPPING the HAProxy integration tests: ${supported.reason} ***\n\n`);
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Seen {
  server: string;
  host: string;
  authorization: string | null;
}

interface Answer {
  status: number;
  body: string;
  setCookie: string[];
  seen: Seen | null;
}

describe.skipIf(!supported.ok)('HAProxy load balancer on a fake VM', () => {
  const hostKey = generateHostKeyPair();
  const clientKey = generateHostKeyPair();
  const servers: (http.Server | https.Server)[] = [];
  let vm: FakeVm;
  let admin: SshHost;
  let tmp: string;
  /** This machine's address as the VM sees it: where app servers and the preliminary page listen. */
  let hostSide: string;
  let applyCommand: string;
  let lbDir: string;

  function applier(overrides: Partial<ConstructorParameters<typeof HaproxySshApplier>[0]> = {}): HaproxySshApplier {
    return new HaproxySshApplier({
      host: vm.address,
      port: vm.sshPort,
      username: vm.username,
      privateKey: clientKey.privateKey,
      expectedHostKey: hostKey.publicKey,
      applyCommand,
      ...overrides,
    });
  }

  /** An app server that says who it is and what it received; `/heartbeat` answers 200 for HAProxy's checks. */
  async function appServer(name: string): Promise<{ name: string; port: number }> {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/heartbeat') return void res.writeHead(200).end('ok');
        const seen: Seen = { server: name, host: req.headers.host ?? '', authorization: req.headers.authorization ?? null };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, hostSide, resolve));
    return { name, port: (server.address() as AddressInfo).port };
  }

  /** A request through the load balancer, as a browser for `host` would send it. */
  function viaLb(host: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: vm.address, port: 80, path: '/', method: opts.method ?? 'GET', headers: { host, ...opts.headers }, agent: false, timeout: 10_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            let seen: Seen | null = null;
            try {
              seen = JSON.parse(body) as Seen;
            } catch {}
            resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers['set-cookie'] ?? [], seen });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
  }

  async function reachesServer(host: string, name: string): Promise<Answer> {
    return waitFor(`${host} to reach ${name}`, async () => {
      const answer = await viaLb(host);
      return answer.seen?.server === name ? answer : null;
    });
  }

  function instance(databaseName: string, domains: string[], appServers: { name: string; port: number }[], n0 = 1): HaproxyInstance {
    return { databaseName, domains, appServers: appServers.map((s, i) => ({ n: n0 + i, publicIp: hostSide, httpPort: s.port })) };
  }

  function installation(postfix: string, instances: HaproxyInstance[], preliminary?: HaproxyState['preliminary']): RenderedHaproxyConfig {
    return renderHaproxyConfig({ fragmentName: `im-test-${postfix}`, backendPostfix: postfix, instances, preliminary });
  }

  /** A self-signed certificate for preliminary.test, as a CA file of its own. */
  function selfSigned(name: string): { keyFile: string; certFile: string } {
    const keyFile = path.join(tmp, `${name}.key`);
    const certFile = path.join(tmp, `${name}.crt`);
    const subject = ['-subj', '/CN=preliminary.test', '-addext', 'subjectAltName=DNS:preliminary.test'];
    const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile];
    execFileSync('/usr/bin/openssl', ['req', '-x509', ...key, '-days', '2', ...subject, '-out', certFile], { stdio: 'ignore' });
    return { keyFile, certFile };
  }

  beforeAll(async () => {
    vm = await startFakeVm({ hostPrivateKey: hostKey.privateKey, hostPublicKey: hostKey.publicKey, authorizedKey: clientKey.publicKey });
    // netns: the VM's default route is this machine's end of the veth pair, its /30's first address.
    hostSide = vm.network === 'netns' ? vm.address.replace(/\.(\d+)$/, (_m, last: string) => `.${Number(last) - 1}`) : '127.0.0.1';
    tmp = mkdtempSync(path.join(tmpdir(), 'im-haproxy-test-'));
    admin = new SshHost({
      host: vm.address,
      port: vm.sshPort,
      username: vm.username,
      privateKey: clientKey.privateKey,
      expectedHostKey: hostKey.publicKey,
      workDir: 'lb',
    });
    lbDir = path.join(vm.home, 'lb');
    // The example's frontend, moved to this VM's address when it has no network of its own.
    applyCommand = await installHaproxyHost(admin, lbDir, vm.network === 'netns' ? 'bind :80' : `bind ${vm.address}:80`);
    const first = await admin.exec(applyCommand.replace(/ apply$/, ' rebuild'));
    expect(first, first.stderr).toMatchObject({ code: 0 });
  });

  afterAll(async () => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    await admin?.close();
    // HAProxy runs inside the VM's pid namespace: stopping the VM ends it.
    await vm?.stop();
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
  });

  it('routes an instance domain to its app server, with the basic-auth header, and leaves no staged files', async () => {
    const app = await appServer('app-1');
    const config = installation('one', [
      { ...instance('acme', ['acme.example.com', 'Studio.Acme.Example.com'], [app]), basicAuth: { username: 'staff', password: 'secret pass' } },
    ]);
    await applier().apply(config);

    const answer = await reachesServer('acme.example.com', 'app-1');
    expect(answer.seen).toMatchObject({ host: 'acme.example.com', authorization: `Basic ${Buffer.from('staff:secret pass').toString('base64')}` });
    // Case and port of the Host header do not matter.
    expect((await viaLb('STUDIO.acme.example.com:80')).seen?.server).toBe('app-1');
    // A client's own credentials are passed through untouched.
    expect((await viaLb('acme.example.com', { headers: { authorization: 'Basic bWU6bWluZQ==' } })).seen?.authorization).toBe('Basic bWU6bWluZQ==');
    // An unknown host has no backend.
    expect((await viaLb('unknown.example.com')).status).toBe(503);

    const installed = await admin.exec(`cat ${lbDir}/etc/conf.d/im-test-one.cfg; ls -A im-haproxy`);
    expect(installed.stdout).toBe(config.fragment);
  });

  it('follows a re-apply to another app server', async () => {
    const [oldApp, newApp] = [await appServer('app-2-old'), await appServer('app-2-new')];
    await applier().apply(installation('two', [instance('beta', ['beta.example.com'], [oldApp])]));
    await reachesServer('beta.example.com', 'app-2-old');
    await applier().apply(installation('two', [instance('beta', ['beta.example.com'], [newApp], 2)]));
    await reachesServer('beta.example.com', 'app-2-new');
    // Settled: every later request goes to the new one.
    for (let i = 0; i < 5; i++) expect((await viaLb('beta.example.com')).seen?.server).toBe('app-2-new');
  });

  it('spreads over two checked app servers and keeps a client that POSTed on its server', async () => {
    const apps = [await appServer('sticky-a'), await appServer('sticky-b')];
    await applier().apply(installation('sticky', [instance('gamma', ['gamma.example.com'], apps)]));
    const names = new Set<string>();
    await waitFor('both app servers to get requests', async () => {
      const seen = (await viaLb('gamma.example.com')).seen?.server;
      if (seen) names.add(seen);
      return names.size === 2;
    });
    // postonly: the cookie comes with a POST's answer, never with a GET's.
    expect((await viaLb('gamma.example.com')).setCookie).toEqual([]);
    const post = await viaLb('gamma.example.com', { method: 'POST' });
    const cookie = post.setCookie.find((c) => c.startsWith(`${STICKINESS_COOKIE}=`));
    expect(cookie).toBeDefined();
    const pair = cookie!.split(';')[0];
    expect(pair).toBe(`${STICKINESS_COOKIE}=${post.seen!.server === 'sticky-a' ? 'appserver-1' : 'appserver-2'}`);
    for (let i = 0; i < 6; i++) {
      expect((await viaLb('gamma.example.com', { headers: { cookie: pair } })).seen?.server).toBe(post.seen!.server);
    }
  });

  it('refuses a broken fragment with HAProxy’s message and keeps serving the previous configuration', async () => {
    const app = await appServer('app-steady');
    const good = installation('broken', [instance('delta', ['delta.example.com'], [app])]);
    await applier().apply(good);
    await reachesServer('delta.example.com', 'app-steady');

    const broken: RenderedHaproxyConfig = {
      fragmentName: good.fragmentName,
      fragment: `${good.fragment}    no-such-keyword on\n    http-request set-header Authorization "Basic c3RhZmY6aHVudGVyMg=="\n`,
      map: 'other.example.com be-delta-broken\n',
    };
    const err = await applier()
      .apply(broken)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadBalancerApplyError);
    const applyError = err as LoadBalancerApplyError;
    expect(applyError.exitCode).toBe(1);
    expect(applyError.outputTail).toMatch(/unknown keyword 'no-such-keyword'/);
    expect(applyError.outputTail).toMatch(/previous files are back in place/);
    expect(applyError.message).not.toContain('c3RhZmY6aHVudGVyMg');

    // The old files are back and the old configuration still answers.
    const installed = await admin.exec(`cat ${lbDir}/etc/conf.d/im-test-broken.cfg; echo ---; cat ${lbDir}/etc/maps.d/im-test-broken.map`);
    expect(installed.stdout).toBe(`${good.fragment}---\n${good.map}`);
    expect((await admin.exec(`grep -c no-such-keyword ${lbDir}/etc/haproxy.cfg`)).stdout.trim()).toBe('0');
    for (let i = 0; i < 3; i++) expect((await viaLb('delta.example.com')).seen?.server).toBe('app-steady');
    expect((await viaLb('other.example.com')).status).toBe(503);
  });

  it('keeps two installations’ fragments live when they apply at the same time', async () => {
    const [east, west, east2] = [await appServer('east'), await appServer('west'), await appServer('east-2')];
    // Two installations sharing the LB, plus a second apply of the first one racing them.
    await Promise.all([
      applier().apply(installation('east', [instance('epsilon', ['epsilon.example.com'], [east])])),
      applier().apply(installation('west', [instance('epsilon', ['zeta.example.com'], [west])])),
    ]);
    await reachesServer('epsilon.example.com', 'east');
    await reachesServer('zeta.example.com', 'west');
    await Promise.all([
      applier().apply(installation('east', [instance('epsilon', ['epsilon.example.com'], [east2], 2)])),
      applier().apply(installation('west', [instance('epsilon', ['zeta.example.com'], [west])])),
    ]);
    await reachesServer('epsilon.example.com', 'east-2');
    expect((await viaLb('zeta.example.com')).seen?.server).toBe('west');
    const map = await admin.exec(`cat ${lbDir}/etc/backends.map`);
    expect(map.stdout).toContain('epsilon.example.com be-epsilon-east\n');
    expect(map.stdout).toContain('zeta.example.com be-epsilon-west\n');
  });

  it('waits for a run that holds the lock before changing anything', async () => {
    const app = await appServer('after-lock');
    const lock = `${lbDir}/etc/.haproxy-config.lock`;
    // Another run of the helper, as far as the lock goes: it says when it got the lock and when it lets go.
    const holder = admin.exec(`sudo -n flock ${lock} sh -c 'touch ${lbDir}/locked; sleep 2; date +%s%3N'`);
    await waitFor('the lock to be taken', async () => (await admin.exec(`test -e ${lbDir}/locked`)).code === 0);
    await applier().apply(installation('lock', [instance('theta', ['theta.example.com'], [app])]));
    const appliedAt = Date.now();
    const releasedAt = Number((await holder).stdout.trim());
    expect(releasedAt).toBeGreaterThan(0);
    expect(appliedAt).toBeGreaterThanOrEqual(releasedAt);
    await reachesServer('theta.example.com', 'after-lock');
  });

  it('removes one fragment and leaves the others live', async () => {
    const [keep, drop] = [await appServer('kept'), await appServer('dropped')];
    await applier().apply(installation('keep', [instance('iota', ['keep.example.com'], [keep])]));
    await applier().apply(installation('drop', [instance('iota', ['drop.example.com'], [drop])]));
    await reachesServer('drop.example.com', 'dropped');
    const r = await admin.exec(applyCommand.replace(/ apply$/, ' remove im-test-drop'));
    expect(r, r.stderr).toMatchObject({ code: 0 });
    await waitFor('drop.example.com to have no backend', async () => (await viaLb('drop.example.com')).status === 503);
    expect((await viaLb('keep.example.com')).seen?.server).toBe('kept');
    const refused = await admin.exec(applyCommand.replace(/ apply$/, ' remove ../haproxy'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/bad fragment name/);
  });

  it('sends an instance without active app servers to the preliminary page, or answers 503 without one', async () => {
    const { keyFile, certFile } = selfSigned('preliminary');
    const preliminary = https.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ server: 'preliminary', host: req.headers.host ?? '', authorization: null }));
    });
    servers.push(preliminary);
    await new Promise<void>((resolve) => preliminary.listen(443, hostSide, resolve));
    await admin.upload([{ path: 'preliminary-ca.pem', content: readFileSync(certFile) }]);

    const page = { serverIp: hostSide, hostname: 'preliminary.test', caFile: `${lbDir}/preliminary-ca.pem` };
    await applier().apply(installation('prelim', [instance('eta', ['eta.example.com', 'studio.eta.example.com'], [])], page));
    const answer = await reachesServer('eta.example.com', 'preliminary');
    expect(answer.seen?.host).toBe('preliminary.test');
    expect((await viaLb('studio.eta.example.com')).seen?.server).toBe('preliminary');

    // A certificate the CA file does not vouch for is refused: HAProxy verifies the page.
    await admin.upload([{ path: 'preliminary-ca.pem', content: readFileSync(selfSigned('decoy').certFile) }]);
    await applier().apply(installation('prelim', [instance('eta', ['eta.example.com'], [])], { ...page, hostname: 'preliminary.test' }));
    await waitFor('the unverifiable preliminary page to fail', async () => (await viaLb('eta.example.com')).status === 503);

    await applier().apply(installation('prelim', [instance('eta', ['eta.example.com'], [])]));
    await waitFor('no backend for eta', async () => (await viaLb('eta.example.com')).status === 503);
    expect((await admin.exec(`cat ${lbDir}/etc/maps.d/im-test-prelim.map`)).stdout).toBe('');
  });

  it('checks the load balancer’s host key: refuses another, pins the first one seen', async () => {
    const other = generateHostKeyPair();
    const config = installation('keys', []);
    await expect(applier({ expectedHostKey: other.publicKey }).apply(config)).rejects.toBeInstanceOf(HostKeyMismatchError);
    const seen: string[] = [];
    const trusting = applier({ expectedHostKey: null, onFirstHostKey: (key) => void seen.push(key) });
    await trusting.apply(config);
    await trusting.apply(config);
    expect(seen).toEqual([hostKey.publicKey]);
  });

  it('refuses a fragment name that is not a plain file name before connecting', async () => {
    const err = await applier()
      .apply({ fragmentName: '../etc/haproxy', fragment: '', map: '' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HaproxyConfigError);
  });

  it('reports a failing apply command with its exit code and output', async () => {
    const err = await applier({ applyCommand: 'sudo -n /nonexistent/haproxy-config apply' })
      .apply(installation('missing', []))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadBalancerApplyError);
    expect((err as LoadBalancerApplyError).exitCode).not.toBe(0);
    expect((err as LoadBalancerApplyError).outputTail).toMatch(/nonexistent/);
  });
});
