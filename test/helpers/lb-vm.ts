import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { SshHost, generateHostKeyPair } from '../../server/src/integrations/ssh/index.ts';
import { fakeVmSupport, startFakeVm, type FakeVm } from '../fakes/vm/index.ts';

const HAPROXY = '/usr/sbin/haproxy';
const HELPER = path.resolve(import.meta.dirname, '../../deploy/haproxy-config');
const BASE_EXAMPLE = path.resolve(import.meta.dirname, '../../deploy/haproxy-base.cfg.example');

/**
 * Sets a fake VM up as its administrator would a load balancer: the repository's helper, the
 * example base configuration moved to `lbDir` (its frontend bound by `bindLine`), and a reload
 * that starts HAProxy the first time (no systemd in a fake VM: a daemon replaced with -sf, as
 * systemd's reload would). Returns the apply command; `ssh` must work in `lbDir`.
 */
export async function installHaproxyHost(ssh: SshHost, lbDir: string, bindLine: string): Promise<string> {
  const etc = `${lbDir}/etc`;
  const pidFile = `${lbDir}/haproxy.pid`;
  await ssh.upload([
    { path: 'bin/haproxy-config', content: readFileSync(HELPER), mode: 0o755 },
    { path: 'etc/haproxy-base.cfg', content: readFileSync(BASE_EXAMPLE, 'utf8').replaceAll('/etc/haproxy/', `${etc}/`).replace('bind :80', bindLine) },
    {
      path: 'reload',
      mode: 0o755,
      content: [
        '#!/bin/sh',
        // The daemon must not hold the SSH channel's output open: its messages go to a log.
        `log=${lbDir}/reload.log`,
        `if [ -s ${pidFile} ] && kill -0 "$(cat ${pidFile})" 2>/dev/null; then`,
        `  ${HAPROXY} -D -f ${etc}/haproxy.cfg -p ${pidFile} -sf $(cat ${pidFile}) </dev/null >"$log" 2>&1`,
        'else',
        `  ${HAPROXY} -D -f ${etc}/haproxy.cfg -p ${pidFile} </dev/null >"$log" 2>&1`,
        'fi',
        'status=$?',
        'cat "$log"',
        'exit $status',
        '',
      ].join('\n'),
    },
  ]);
  return `sudo -n env HAPROXY_CONFIG_DIR=${etc} HAPROXY_RELOAD_COMMAND=${lbDir}/reload ${lbDir}/bin/haproxy-config apply`;
}

/** Whether a load-balancer VM can run here: fake VMs with network namespaces (app VMs), HAProxy, flock. */
export function lbVmSupport(): { ok: true } | { ok: false; reason: string } {
  const vm = fakeVmSupport();
  if (!vm.ok) return vm;
  if (!existsSync(HAPROXY)) return { ok: false, reason: `${HAPROXY} is missing (apt-get install haproxy)` };
  if (!existsSync('/usr/bin/flock')) return { ok: false, reason: '/usr/bin/flock is missing (util-linux)' };
  return { ok: true };
}

/** Skips loudly, or fails under CI=true, as the fake-VM suites do. */
export function lbSuiteReady(suite: string): boolean {
  const s = lbVmSupport();
  if (s.ok) return true;
  if (process.env.CI === 'true') throw new Error(`${suite} cannot run: ${s.reason}`);
  console.warn(`\n\n*** SKIPPING ${suite}: ${s.reason} ***\n\n`);
  return false;
}

export interface LbVm {
  vm: FakeVm;
  /** Settings pointing the product at this load balancer. */
  env: Record<string, string>;
  /** GET / through HAProxy with this Host header. */
  get(host: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** The installed map file (this installation's routes). */
  installedMap(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A fake VM running Debian's HAProxy, set up as its administrator would with the repository's
 * `deploy/haproxy-config` and base configuration. It shares this machine's network (its own
 * 127.0.0.x), so it reaches app servers on this machine and in the fake VMs' namespaces alike.
 */
export async function startLbVm(authorizedKey: string, username = 'ubuntu'): Promise<LbVm> {
  const hostKey = generateHostKeyPair();
  const admin = generateHostKeyPair();
  const vm = await startFakeVm({
    hostPrivateKey: hostKey.privateKey,
    hostPublicKey: hostKey.publicKey,
    authorizedKey: [authorizedKey, admin.publicKey],
    username,
    network: 'loopback',
  });
  const ssh = new SshHost({ host: vm.address, port: vm.sshPort, username, privateKey: admin.privateKey, expectedHostKey: hostKey.publicKey, workDir: 'lb' });
  try {
    const lbDir = path.join(vm.home, 'lb');
    const applyCommand = await installHaproxyHost(ssh, lbDir, `bind ${vm.address}:80`);
    const first = await ssh.exec(applyCommand.replace(/ apply$/, ' rebuild'));
    if (first.code !== 0) throw new Error(`haproxy-config rebuild failed: ${first.stderr}`);
    return {
      vm,
      env: {
        DEFAULT_LOAD_BALANCING_SERVER: `${username}@${vm.address}`,
        LOAD_BALANCER_SSH_PORT: String(vm.sshPort),
        LOAD_BALANCER_APPLY_COMMAND: applyCommand,
      },
      get: (host, headers = {}) =>
        new Promise((resolve, reject) => {
          const req = http.request({ host: vm.address, port: 80, path: '/', headers: { host, ...headers }, agent: false, timeout: 10_000 }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          });
          req.on('timeout', () => req.destroy(new Error('timeout')));
          req.on('error', reject);
          req.end();
        }),
      async installedMap() {
        const r = await ssh.exec(`cat ${lbDir}/etc/backends.map`);
        return r.stdout;
      },
      async stop() {
        await ssh.close();
        await vm.stop();
      },
    };
  } catch (e) {
    await ssh.close();
    await vm.stop();
    throw e;
  }
}
