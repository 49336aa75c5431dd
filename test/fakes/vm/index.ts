/**
 * A fake cloud VM that the product cannot tell from a real one: its own address, Debian's real
 * sshd with the host key injected through user_data, its own port 80, and a reboot that restarts
 * sshd and the services installed under `~/boot.d/`.
 *
 * Each VM is a set of namespaces on this machine (root required):
 * - network: `ip netns` with a veth pair and a private /30 in 10.213.0.0/16 (VM at .2, this
 *   machine at .1), unprivileged ports from 0 so the VM user can serve port 80; without netns,
 *   a fallback on its own 127.0.0.x (boot.d services then get CAP_NET_BIND_SERVICE);
 * - mount: the VM's own /etc/passwd, group, shadow and sudoers.d bound over the real ones, so
 *   every VM has its own user (same name, own uid, own home) with password-less sudo, and
 *   nothing is added to this machine's accounts;
 * - pid: sshd is the VM's PID 1 (it reaps orphans like an init); killing it ends every process
 *   of the VM, sudo'd ones included, which is what reboot and stop do.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync, chownSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const SSHD = '/usr/sbin/sshd';
const REGISTRY = '/run/im-fake-vm';
const NETNS_PREFIX = 'imvm';
const NETNS_SLOTS = 16384; // /30s in 10.213.0.0/16

export interface FakeVmOptions {
  /** OpenSSH private key of the VM's host key (what cloud-init's `ssh_keys.ed25519_private` carries). */
  hostPrivateKey: string;
  hostPublicKey?: string;
  /** More host keys (OpenSSH private keys of other types), as a cloud VM has. */
  extraHostPrivateKeys?: string[];
  /** Public key(s) allowed to log in as `username`. */
  authorizedKey: string | string[];
  /** The VM's login user (`ubuntu` on Ubuntu cloud images). */
  username?: string;
  /** `auto` (default): netns when it works here, else loopback. */
  network?: 'auto' | 'netns' | 'loopback';
}

export interface VmProcess {
  /** As seen inside the VM (its own pid namespace). */
  pid: number;
  pgid: number;
  user: string;
  command: string;
}

export interface FakeVm {
  address: string;
  sshPort: number;
  httpPort: 80;
  username: string;
  /** The VM user's home directory on this machine. */
  home: string;
  network: 'netns' | 'loopback';
  /** The network namespace's name (`ip netns`), netns mode only. */
  netns?: string;
  /** Everything sshd wrote (`-e`, LogLevel VERBOSE), across boots. */
  sshdLog(): string;
  /** Kills every process of the VM, then boots it again; resolves when sshd accepts connections. */
  reboot(): Promise<void>;
  /** Kills everything and removes the namespaces and files. Safe to call twice. */
  stop(): Promise<void>;
  runningProcesses(): Promise<VmProcess[]>;
}

/** Whether fake VMs can run here; `reason` says why not. */
export function fakeVmSupport(): { ok: true } | { ok: false; reason: string } {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'fake VMs need root (namespaces, sshd)' };
  if (!existsSync(SSHD)) return { ok: false, reason: `${SSHD} is missing (apt-get install openssh-server)` };
  for (const tool of ['/usr/bin/unshare', '/usr/bin/nsenter', '/usr/bin/setpriv']) {
    if (!existsSync(tool)) return { ok: false, reason: `${tool} is missing (util-linux)` };
  }
  if (!existsSync('/usr/bin/sudo')) return { ok: false, reason: '/usr/bin/sudo is missing (apt-get install sudo)' };
  if (!existsSync('/usr/bin/ps')) return { ok: false, reason: '/usr/bin/ps is missing (apt-get install procps)' };
  return { ok: true };
}

interface Slot {
  kind: 'netns' | 'loopback';
  id: string;
  address: string;
  uid: number;
  netns?: string;
  vethHost?: string;
}

interface RegistryEntry {
  ownerPid: number;
  dir: string;
  slot: Slot;
  initPid?: number;
}

const live = new Map<string, { entry: RegistryEntry; kill: () => void }>();
let exitHookInstalled = false;

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function trySh(cmd: string, args: string[]): boolean {
  try {
    sh(cmd, args);
    return true;
  } catch {
    return false;
  }
}

function registryFile(id: string) {
  return path.join(REGISTRY, `${id}.json`);
}

function writeRegistry(id: string, entry: RegistryEntry) {
  writeFileSync(registryFile(id), JSON.stringify(entry));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes what a VM left behind: its processes, network namespace, files and registry entry. */
function destroySync(entry: RegistryEntry) {
  const { slot } = entry;
  if (entry.initPid && pidAlive(entry.initPid)) {
    try {
      process.kill(entry.initPid, 'SIGKILL');
    } catch {}
  }
  if (slot.kind === 'netns' && slot.netns) {
    try {
      for (const pid of sh('ip', ['netns', 'pids', slot.netns]).split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {}
      }
    } catch {}
    if (slot.vethHost) trySh('ip', ['link', 'del', slot.vethHost]);
    trySh('ip', ['netns', 'del', slot.netns]);
  }
  rmSync(entry.dir, { recursive: true, force: true });
  rmSync(registryFile(slot.id), { force: true });
}

/** VMs of test processes that died without stopping them. */
function sweepStale() {
  mkdirSync(REGISTRY, { recursive: true });
  for (const name of readdirSync(REGISTRY)) {
    if (!name.endsWith('.json')) continue;
    let entry: RegistryEntry;
    try {
      entry = JSON.parse(readFileSync(path.join(REGISTRY, name), 'utf8'));
    } catch {
      continue; // being written right now
    }
    if (!pidAlive(entry.ownerPid)) destroySync(entry);
  }
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const { kill } of live.values()) kill();
  });
}

function freePortOn(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function anyFreePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: address, port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function allocateNetns(): Slot {
  for (let attempt = 0; attempt < 50; attempt++) {
    const n = randomInt(NETNS_SLOTS);
    const netns = `${NETNS_PREFIX}${n}`;
    // `ip netns add` fails when the name exists: the slot's lock across processes.
    if (!trySh('ip', ['netns', 'add', netns])) continue;
    const base = n * 4;
    const prefix = `10.213.${base >> 8}.`;
    const hostAddress = `${prefix}${(base & 255) + 1}`;
    const address = `${prefix}${(base & 255) + 2}`;
    const vethHost = `${netns}h`;
    const vethVm = `${netns}v`;
    const slot: Slot = { kind: 'netns', id: netns, address, uid: 200_000 + n, netns, vethHost };
    try {
      sh('ip', ['link', 'add', vethHost, 'type', 'veth', 'peer', 'name', vethVm]);
      sh('ip', ['link', 'set', vethVm, 'netns', netns]);
      sh('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', vethHost]);
      sh('ip', ['link', 'set', vethHost, 'up']);
      const inVm = (...args: string[]) => sh('ip', ['netns', 'exec', netns, ...args]);
      inVm('ip', 'link', 'set', 'lo', 'up');
      inVm('ip', 'addr', 'add', `${address}/30`, 'dev', vethVm);
      inVm('ip', 'link', 'set', vethVm, 'up');
      inVm('ip', 'route', 'add', 'default', 'via', hostAddress);
      // The VM's user may serve port 80, as root-run web servers do on a real VM.
      inVm('sysctl', '-q', '-w', 'net.ipv4.ip_unprivileged_port_start=0');
      return slot;
    } catch (err) {
      trySh('ip', ['link', 'del', vethHost]);
      trySh('ip', ['netns', 'del', netns]);
      throw new Error(`could not set up the VM's network namespace: ${(err as Error).message}`);
    }
  }
  throw new Error('no free fake-VM network slot after 50 tries');
}

function allocateLoopback(): Slot {
  for (let attempt = 0; attempt < 50; attempt++) {
    const x = 2 + randomInt(253);
    const id = `lo-${x}`;
    try {
      closeSync(openSync(registryFile(id), 'wx')); // the address's lock across processes
    } catch {
      continue;
    }
    return { kind: 'loopback', id, address: `127.0.0.${x}`, uid: 199_000 + x };
  }
  throw new Error('no free 127.0.0.x address after 50 tries');
}

function netnsWorks(): boolean {
  return existsSync('/usr/sbin/ip') || existsSync('/usr/bin/ip') ? trySh('ip', ['netns', 'list']) : false;
}

function withoutUser(file: string, username: string): string {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith(`${username}:`))
    .join('\n');
}

const INIT_SCRIPT = `#!/bin/bash
# The VM's boot: its own accounts, then boot.d services, then sshd as PID 1.
# usage: init.sh <vm dir> <user> <uid> <home> <ambient caps: yes|no>
set -e
vm=$1 user=$2 uid=$3 home=$4 caps=$5
for f in passwd group shadow; do mount --bind "$vm/etc/$f" "/etc/$f"; done
mount --bind "$vm/etc/sudoers.d" /etc/sudoers.d
mkdir -p /run/sshd
set +e
capargs=()
[ "$caps" = yes ] && capargs=(--inh-caps +net_bind_service --ambient-caps +net_bind_service)
mkdir -p "$vm/logs"
for f in "$home"/boot.d/*; do
  [ -f "$f" ] && [ -x "$f" ] || continue
  ( cd "$home" && exec setsid setpriv --reuid="$uid" --regid="$uid" --init-groups "\${capargs[@]}" \\
      env -i HOME="$home" USER="$user" LOGNAME="$user" SHELL=/bin/bash PATH=/usr/local/bin:/usr/bin:/bin "$f" \\
  ) </dev/null >>"$vm/logs/boot.d-$(basename "$f").log" 2>&1 &
done
echo "booted: sshd starting"
exec ${SSHD} -D -e -f "$vm/sshd_config"
`;

export async function startFakeVm(opts: FakeVmOptions): Promise<FakeVm> {
  const support = fakeVmSupport();
  if (!support.ok) throw new Error(support.reason);
  const username = opts.username ?? 'ubuntu';
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(username)) throw new Error(`bad VM username: ${username}`);
  sweepStale();
  installExitHook();

  const mode = opts.network ?? 'auto';
  const slot = mode === 'loopback' ? allocateLoopback() : mode === 'netns' || netnsWorks() ? allocateNetns() : allocateLoopback();
  const dir = mkdtempSync(path.join(tmpdir(), 'im-fake-vm-'));
  const entry: RegistryEntry = { ownerPid: process.pid, dir, slot };
  writeRegistry(slot.id, entry);
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const killSync = () => destroySync(entry);
  live.set(slot.id, { entry, kill: killSync });

  try {
    // The VM user must be able to walk into its home; the rest of the directory is root's.
    chmodSync(dir, 0o711);
    const home = path.join(dir, 'home');
    const uid = slot.uid;
    const sshPort = slot.kind === 'netns' ? 22 : (await freePortOn(slot.address, 22)) ? 22 : await anyFreePort(slot.address);

    mkdirSync(path.join(dir, 'etc', 'sudoers.d'), { recursive: true });
    writeFileSync(path.join(dir, 'etc', 'passwd'), `${withoutUser('/etc/passwd', username)}\n${username}:x:${uid}:${uid}:fake VM user:${home}:/bin/bash\n`);
    writeFileSync(path.join(dir, 'etc', 'group'), `${withoutUser('/etc/group', username)}\n${username}:x:${uid}:\n`);
    // '*' (no password) rather than '!' (locked): sshd refuses locked accounts even for keys.
    writeFileSync(path.join(dir, 'etc', 'shadow'), `${withoutUser('/etc/shadow', username)}\n${username}:*:20000:0:99999:7:::\n`, {
      mode: 0o640,
    });
    writeFileSync(path.join(dir, 'etc', 'sudoers.d', `90-${username}`), `${username} ALL=(ALL) NOPASSWD:ALL\n`, { mode: 0o440 });

    mkdirSync(path.join(home, '.ssh'), { recursive: true });
    mkdirSync(path.join(home, 'boot.d'), { recursive: true });
    const keys = Array.isArray(opts.authorizedKey) ? opts.authorizedKey : [opts.authorizedKey];
    writeFileSync(path.join(home, '.ssh', 'authorized_keys'), keys.map((k) => k.trim()).join('\n') + '\n', { mode: 0o600 });
    for (const p of [home, path.join(home, '.ssh'), path.join(home, '.ssh', 'authorized_keys'), path.join(home, 'boot.d')]) {
      chownSync(p, uid, uid);
    }
    chmodSync(home, 0o755);
    chmodSync(path.join(home, '.ssh'), 0o700);

    writeFileSync(path.join(dir, 'ssh_host_ed25519_key'), opts.hostPrivateKey.trim() + '\n', { mode: 0o600 });
    const extraKeys = (opts.extraHostPrivateKeys ?? []).map((key, i) => {
      const file = path.join(dir, `ssh_host_extra${i}_key`);
      writeFileSync(file, key.trim() + '\n', { mode: 0o600 });
      return file;
    });
    if (opts.hostPublicKey) writeFileSync(path.join(dir, 'ssh_host_ed25519_key.pub'), opts.hostPublicKey.trim() + '\n');
    writeFileSync(
      path.join(dir, 'sshd_config'),
      [
        `Port ${sshPort}`,
        `ListenAddress ${slot.address}`,
        `HostKey ${path.join(dir, 'ssh_host_ed25519_key')}`,
        ...extraKeys.map((file) => `HostKey ${file}`),
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'AuthorizedKeysFile .ssh/authorized_keys',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin no',
        `AllowUsers ${username}`,
        'PrintMotd no',
        'LogLevel VERBOSE',
        'Subsystem sftp internal-sftp',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'init.sh'), INIT_SCRIPT, { mode: 0o700 });
    const logFile = path.join(dir, 'sshd.log');
    writeFileSync(logFile, '');

    const boot = async () => {
      const logFd = openSync(logFile, 'a');
      const unshare = [
        '/usr/bin/unshare',
        '--mount',
        '--pid',
        '--fork',
        '--mount-proc',
        '--kill-child',
        '--propagation',
        'private',
        '/bin/bash',
        path.join(dir, 'init.sh'),
        dir,
        username,
        String(uid),
        home,
        slot.kind === 'loopback' ? 'yes' : 'no',
      ];
      const argv = slot.kind === 'netns' ? ['ip', 'netns', 'exec', slot.netns!, ...unshare] : unshare;
      const proc = spawn(argv[0], argv.slice(1), { stdio: ['ignore', logFd, logFd] });
      closeSync(logFd);
      child = proc;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      let gone = false;
      void exited.then(() => (gone = true));
      const deadline = Date.now() + 15_000;
      while (!(await canConnect(slot.address, sshPort))) {
        if (gone) throw new Error(`fake VM's sshd exited at boot:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`fake VM's sshd did not listen within 15 s:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      entry.initPid = initPidOf(proc.pid!);
      writeRegistry(slot.id, entry);
    };

    const shutdown = async () => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      // SIGKILL to the VM's PID 1 ends its whole pid namespace; unshare exits once all are gone.
      const init = entry.initPid ?? initPidOf(proc.pid!);
      if (init) {
        try {
          process.kill(init, 'SIGKILL');
        } catch {}
      } else proc.kill('SIGKILL');
      await exited;
      entry.initPid = undefined;
    };

    await boot();

    let stopped = false;
    return {
      address: slot.address,
      sshPort,
      httpPort: 80,
      username,
      home,
      network: slot.kind,
      netns: slot.netns,
      // sshd -e ends its lines with CRLF.
      sshdLog: () => readFileSync(logFile, 'utf8').replace(/\r\n/g, '\n'),
      async reboot() {
        if (stopped) throw new Error('fake VM is stopped');
        await shutdown();
        await boot();
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await shutdown();
        destroySync(entry);
        live.delete(slot.id);
      },
      async runningProcesses() {
        if (!entry.initPid) return [];
        const out = sh('nsenter', ['-t', String(entry.initPid), '-m', '-p', 'ps', '-e', '-o', 'pid=,pgid=,user:32=,args=']);
        return out
          .split('\n')
          .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/))
          .filter((m): m is RegExpMatchArray => m !== null)
          .map((m) => ({ pid: Number(m[1]), pgid: Number(m[2]), user: m[3], command: m[4] }))
          .filter((p) => !/^ps -e -o/.test(p.command));
      },
    };
  } catch (err) {
    const proc = child as ChildProcess | null;
    if (proc && proc.exitCode === null) {
      const init = entry.initPid ?? (proc.pid ? initPidOf(proc.pid) : undefined);
      if (init) process.kill(init, 'SIGKILL');
      else proc.kill('SIGKILL');
      await exited;
    }
    destroySync(entry);
    live.delete(slot.id);
    throw err;
  }
}

/** unshare's one child: the VM's PID 1, as this machine numbers it. */
function initPidOf(unsharePid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/);
    const pid = Number(children[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    sock.setTimeout(1_000);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', () => resolve(false));
  });
}

/**
 * One VM per Nova server, for the OpenStack fake: the host key comes from the base64 user data's
 * cloud-config (`ssh_keys.ed25519_private/_public`); authorized keys from the options, plus
 * any `ssh_authorized_keys` the cloud-config carries.
 */
export async function vmFromUserData(
  userData: string,
  opts: { authorizedKey: string | string[]; username?: string; network?: FakeVmOptions['network'] },
): Promise<FakeVm> {
  const config = parseCloudConfig(userData);
  const keys = config.ssh_keys as Record<string, unknown> | undefined;
  const hostPrivateKey = keys?.ed25519_private;
  if (typeof hostPrivateKey !== 'string') {
    throw new Error('user data has no ssh_keys.ed25519_private: the VM would have no known host key');
  }
  const extra = Array.isArray(config.ssh_authorized_keys) ? config.ssh_authorized_keys.filter((k): k is string => typeof k === 'string') : [];
  const given = Array.isArray(opts.authorizedKey) ? opts.authorizedKey : [opts.authorizedKey];
  return startFakeVm({
    hostPrivateKey,
    hostPublicKey: typeof keys?.ed25519_public === 'string' ? keys.ed25519_public : undefined,
    authorizedKey: [...given, ...extra],
    username: opts.username,
    network: opts.network,
  });
}

/** Nova's user_data is base64; a plain `#cloud-config` text is accepted too. */
export function parseCloudConfig(userData: string): Record<string, unknown> {
  const text = userData.trimStart().startsWith('#cloud-config') ? userData : Buffer.from(userData, 'base64').toString('utf8');
  if (!text.trimStart().startsWith('#cloud-config')) throw new Error('user data is not a #cloud-config document');
  const parsed: unknown = parseYaml(text);
  if (!parsed || typeof parsed !== 'object') throw new Error('user data cloud-config is empty');
  return parsed as Record<string, unknown>;
}
