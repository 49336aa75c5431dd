import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNER_SCRIPT } from '../../server/src/integrations/remote/runner.ts';
import {
  generateHostKeyPair,
  HostKeyMismatchError,
  probeSsh,
  SshConnectError,
  SshConnectionClosedError,
  SshHost,
  SshTimeoutError,
  type SshHostOptions,
} from '../../server/src/integrations/ssh/index.ts';
import { FakeOpenStack, type FakeServer } from '../fakes/openstack/index.ts';
import { fakeVmSupport, startFakeVm, vmFromUserData, type FakeVm } from '../fakes/vm/index.ts';
import { launchVmsFor } from '../fakes/vm/openstack.ts';

const support = fakeVmSupport();
if (!support.ok) {
  if (process.env.CI === 'true') throw new Error(`SSH integration tests cannot run: ${support.reason}`);
  console.warn(`\n\n*** SKIPPING the SSH integration tests: ${support.reason} ***\n\n`);
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!support.ok)('SSH to a fake VM', () => {
  const hostKey = generateHostKeyPair();
  const clientKey = generateHostKeyPair();
  const otherKey = generateHostKeyPair();
  let vm: FakeVm;
  const hosts: SshHost[] = [];
  const vms: FakeVm[] = [];
  let workDirs = 0;

  function sshHost(overrides: Partial<SshHostOptions> = {}): SshHost {
    const host = new SshHost({
      host: vm.address,
      port: vm.sshPort,
      username: 'ubuntu',
      privateKey: clientKey.privateKey,
      workDir: `im/app-server-${++workDirs}`,
      expectedHostKey: hostKey.publicKey,
      ...overrides,
    });
    hosts.push(host);
    return host;
  }

  async function runnerFinished(host: SshHost): Promise<string> {
    return waitFor('the exit code', async () => (await host.read('exit_code', 0, 100))?.toString('utf8'));
  }

  beforeAll(async () => {
    vm = await startFakeVm({
      hostPrivateKey: hostKey.privateKey,
      hostPublicKey: hostKey.publicKey,
      authorizedKey: clientKey.publicKey,
      username: 'ubuntu',
    });
    vms.push(vm);
  });

  afterAll(async () => {
    await Promise.allSettled(hosts.map((h) => h.close()));
    await Promise.allSettled(vms.map((v) => v.stop()));
  });

  it('logs in when the VM shows the injected host key, with password-less sudo', async () => {
    const host = sshHost();
    const r = await host.exec('whoami; sudo -n id -u', { timeoutMs: 10_000 });
    expect(r).toMatchObject({ code: 0, stdout: 'ubuntu\n0\n' });
  });

  it('refuses a VM that shows another host key, before authenticating', async () => {
    const before = vm.sshdLog();
    const closedPreauth = (log: string) => log.split('\n').filter((l) => /^(Connection closed by|Disconnected from) .*\[preauth\]$/.test(l)).length;
    const host = sshHost({ expectedHostKey: otherKey.publicKey });
    const err = await host.exec('true').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    expect(err).toMatchObject({ expected: otherKey.publicKey, actual: hostKey.publicKey, host: vm.address });
    // sshd logs the pre-auth disconnect; no key was offered and no session opened.
    await waitFor('sshd to log the disconnect', async () => closedPreauth(vm.sshdLog()) > closedPreauth(before));
    // Lines about connections already open before this attempt (an earlier test's session
    // closing late) are not this attempt's: sshd names each connection by its client port.
    const portOf = (line: string) => / port (\d+)/.exec(line)?.[1];
    const earlierPorts = new Set(before.split('\n').map(portOf).filter(Boolean));
    const added = vm
      .sshdLog()
      .slice(before.length)
      .split('\n')
      .filter((line) => !earlierPorts.has(portOf(line)))
      .join('\n');
    expect(added).toMatch(/\[preauth\]/);
    expect(added).not.toMatch(/publickey|Accepted|session/i);
    // Never replaced: the next attempt fails the same way.
    await expect(host.exec('true')).rejects.toBeInstanceOf(HostKeyMismatchError);
  });

  it('asks a VM with several host keys for the type it pinned', async () => {
    const ecdsa = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 });
    const multiKeyVm = await startFakeVm({
      hostPrivateKey: hostKey.privateKey,
      extraHostPrivateKeys: [ecdsa.private],
      authorizedKey: clientKey.publicKey,
    });
    vms.push(multiKeyVm);
    for (const pinned of [ecdsa.public, hostKey.publicKey]) {
      const host = sshHost({ host: multiKeyVm.address, port: multiKeyVm.sshPort, expectedHostKey: pinned });
      expect((await host.exec('echo ok')).stdout).toBe('ok\n');
      expect(await probeSsh(multiKeyVm.address, multiKeyVm.sshPort, pinned, 5_000)).toBe(true);
      await host.close();
    }
    await multiKeyVm.stop();
  });

  it('trusts the first host key when none is expected and reports it for pinning', async () => {
    const seen: string[] = [];
    const host = sshHost({ expectedHostKey: null, onFirstHostKey: (key) => void seen.push(key) });
    expect((await host.exec('echo ok')).stdout).toBe('ok\n');
    expect(seen).toEqual([hostKey.publicKey]);
  });

  it('uploads files with their modes and any bytes, and reads them back from byte offsets', async () => {
    const host = sshHost();
    const binary = Buffer.alloc(300_000);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7 + (i >> 8)) & 0xff;
    const text = 'réglages: ünïcödé ✓ 設定\n'.repeat(50);
    await host.upload([
      { path: 'settings.yml', content: text, mode: 0o600 },
      { path: 'bin/blob', content: binary, mode: 0o755 },
      { path: "quote's & $(name).txt", content: '' },
    ]);
    const modes = await host.exec(`stat -c '%a %s %n' settings.yml bin/blob "quote's & \\$(name).txt"`, { inWorkDir: true });
    expect(modes.stdout.split('\n')).toEqual([
      `600 ${Buffer.byteLength(text)} settings.yml`,
      `755 ${binary.length} bin/blob`,
      `644 0 quote's & $(name).txt`,
      '',
    ]);
    expect((await host.read('bin/blob', 0, binary.length))!.equals(binary)).toBe(true);
    expect((await host.read('bin/blob', 123_457, 70_000))!.equals(binary.subarray(123_457, 193_457))).toBe(true);
    // An offset inside a multibyte character returns exactly those bytes.
    const textBytes = Buffer.from(text, 'utf8');
    expect((await host.read('settings.yml', 11, 9))!.equals(textBytes.subarray(11, 20))).toBe(true);
    expect(await host.read('bin/blob', binary.length, 100)).toEqual(Buffer.alloc(0));
    expect(await host.read('missing.log', 0, 100)).toBeNull();
    // Replacing keeps the mode asked for.
    await host.upload([{ path: 'settings.yml', content: 'v2\n', mode: 0o600 }]);
    expect((await host.read('settings.yml', 0, 100))!.toString()).toBe('v2\n');
  });

  it('runs the detached runner: tagged output lines and the exit code', async () => {
    const host = sshHost();
    await host.upload([{ path: 'runner.sh', content: RUNNER_SCRIPT, mode: 0o755 }]);
    const pgid = await host.startDetached(`bash runner.sh bash -c 'echo out; echo err >&2; exit 3'`);
    expect(pgid).toBeGreaterThan(1);
    expect(await runnerFinished(host)).toBe('3\n');
    expect((await host.read('runner.pid', 0, 100))!.toString()).toBe(`${pgid}\n`);
    const lines = (await host.read('output.log', 0, 10_000))!.toString('utf8').split('\n');
    expect(lines.sort()).toEqual(['', 'Eerr', 'Oout']);
    await waitFor('the runner group to end', async () => !(await host.isAlive(pgid)));
  });

  it('keeps a detached command running after the connection closes; a new connection re-attaches at its offset', async () => {
    const first = sshHost();
    await first.upload([{ path: 'runner.sh', content: RUNNER_SCRIPT, mode: 0o755 }]);
    const pgid = await first.startDetached(`bash runner.sh bash -c 'echo first; while [ ! -e go ]; do sleep 0.05; done; echo second; echo done >&2'`);
    const head = await waitFor('the first line', async () => {
      const b = await first.read('output.log', 0, 1000);
      return b && b.toString().includes('\n') ? b : null;
    });
    expect(head.toString()).toBe('Ofirst\n');
    await first.close();
    await expect(first.read('output.log', 0, 10)).rejects.toBeInstanceOf(SshConnectionClosedError);

    const second = sshHost({ workDir: first.workDir });
    expect(await second.isAlive(pgid)).toBe(true);
    await second.upload([{ path: 'go', content: '' }]);
    expect(await runnerFinished(second)).toBe('0\n');
    const rest = (await second.read('output.log', head.length, 1000))!.toString().split('\n');
    expect(rest.sort()).toEqual(['', 'Edone', 'Osecond']);
  });

  it('kills a process group: TERM first, KILL for what ignores it; a gone group is no error', async () => {
    const host = sshHost({ killGraceMs: 600 });
    const polite = await host.startDetached('sleep 300');
    const stubborn = await host.startDetached(`trap '' TERM; while :; do sleep 0.1; done`);
    // As the Ansible recipe does: root processes inside the user's group.
    const sudoed = await host.startDetached(`sudo -n bash -c "trap '' TERM; sleep 300; sleep 300"`);
    await waitFor('the sudo command to start', async () =>
      (await vm.runningProcesses()).some((p) => p.pgid === sudoed && p.user === 'root' && p.command === 'sleep 300'),
    );
    for (const g of [polite, stubborn, sudoed]) expect(await host.isAlive(g)).toBe(true);
    await Promise.all([host.kill(polite), host.kill(stubborn), host.kill(sudoed)]);
    const groups = [polite, stubborn, sudoed];
    await waitFor('the groups to end', async () => (await Promise.all(groups.map((g) => host.isAlive(g)))).every((a) => !a));
    const left = (await vm.runningProcesses()).filter((p) => groups.includes(p.pgid));
    expect(left).toEqual([]);
    await host.kill(polite);
    expect(await host.isAlive(polite)).toBe(false);
  });

  it('fails pending operations at once when closed', async () => {
    const host = sshHost();
    const pending = host.exec('sleep 30', { timeoutMs: 60_000 });
    await waitFor('the command to start', async () => (await vm.runningProcesses()).some((p) => p.command.includes('sleep 30')));
    const outcome = pending.catch((e: unknown) => e);
    const started = Date.now();
    await host.close();
    expect(await outcome).toBeInstanceOf(SshConnectionClosedError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out a command that runs too long, and the connection stays usable', async () => {
    const host = sshHost();
    await expect(host.exec('sleep 30', { timeoutMs: 300 })).rejects.toBeInstanceOf(SshTimeoutError);
    expect((await host.exec('echo still here')).stdout).toBe('still here\n');
  });

  it('reports a key the VM does not authorize as an authentication failure', async () => {
    const host = sshHost({ privateKey: otherKey.privateKey });
    const err = await host.exec('true').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshConnectError);
    expect(err).toMatchObject({ level: 'client-authentication' });
  });

  it('probes SSH: the expected key, another key, a closed port, a port that never answers', async () => {
    expect(await probeSsh(vm.address, vm.sshPort, hostKey.publicKey, 5_000)).toBe(true);
    await expect(probeSsh(vm.address, vm.sshPort, otherKey.publicKey, 5_000)).rejects.toBeInstanceOf(HostKeyMismatchError);
    expect(await probeSsh(vm.address, 2222, hostKey.publicKey, 5_000)).toBe(false);
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const { port } = silent.address() as net.AddressInfo;
      expect(await probeSsh('127.0.0.1', port, hostKey.publicKey, 300)).toBe(false);
    } finally {
      silent.close();
    }
  });

  it('reboot restarts sshd and the boot.d services, ends every other process, keeps the host key', async () => {
    const host = sshHost();
    const web = `#!/bin/bash
exec ${process.execPath} -e "require('http').createServer((q, s) => s.end('hello from ' + process.getuid())).listen(80, '${vm.address}')"
`;
    const put = await host.exec('mkdir -p boot.d && cat > boot.d/web && chmod 755 boot.d/web', { stdin: web });
    expect(put.code).toBe(0);
    const leftover = await host.startDetached('sleep 300');
    const { stdout: uid } = await host.exec('id -u');

    await vm.reboot();

    const body = await waitFor('the boot.d web server', async () => {
      try {
        const res = await fetch(`http://${vm.address}/`, { signal: AbortSignal.timeout(1_000) });
        return res.ok ? await res.text() : null;
      } catch {
        return null;
      }
    });
    expect(body).toBe(`hello from ${uid.trim()}`);
    expect(await probeSsh(vm.address, vm.sshPort, hostKey.publicKey, 5_000)).toBe(true);
    // The dropped connection is re-opened by the next operation.
    const after = await waitFor('a new SSH connection', () =>
      host.exec('echo back').catch((e: unknown) => (e instanceof SshConnectionClosedError ? null : Promise.reject(e))),
    );
    expect(after.stdout).toBe('back\n');
    expect(await host.isAlive(leftover)).toBe(false);
    const commands = (await vm.runningProcesses()).map((p) => p.command);
    expect(commands.some((c) => c.includes('createServer'))).toBe(true);
    expect(commands.some((c) => c.includes('sleep 300'))).toBe(false);
  });

  it('starts a VM from cloud-config user data and removes all of it on stop', async () => {
    const injected = generateHostKeyPair();
    const userData = Buffer.from(
      `#cloud-config\nssh_keys:\n  ed25519_private: |\n${injected.privateKey
        .trim()
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}\n  ed25519_public: ${injected.publicKey}\n`,
    ).toString('base64');
    const cloudVm = await vmFromUserData(userData, { authorizedKey: clientKey.publicKey });
    vms.push(cloudVm);
    expect(cloudVm.address).not.toBe(vm.address);
    expect(await probeSsh(cloudVm.address, cloudVm.sshPort, injected.publicKey, 5_000)).toBe(true);
    const host = sshHost({ host: cloudVm.address, port: cloudVm.sshPort, expectedHostKey: injected.publicKey });
    // The same user name on two VMs, each its own account.
    expect((await host.exec('whoami; echo $HOME')).stdout).toBe(`ubuntu\n${cloudVm.home}\n`);
    await host.close();

    await cloudVm.stop();
    expect(existsSync(cloudVm.home)).toBe(false);
    expect(await probeSsh(cloudVm.address, cloudVm.sshPort, injected.publicKey, 1_000)).toBe(false);
    if (cloudVm.netns) {
      expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toMatch(new RegExp(`^${cloudVm.netns}\\b`, 'm'));
    }
  });

  it('gives each OpenStack fake server its own VM: started when ACTIVE, rebooted, stopped on delete', async () => {
    const fake = new FakeOpenStack();
    fake.keypairs.set('instance-manager', clientKey.publicKey);
    const launched = launchVmsFor(fake);
    try {
      const injected = generateHostKeyPair();
      const server = {
        id: 'srv-1',
        name: 'edxapp-demo-1',
        keyName: 'instance-manager',
        userData: `#cloud-config\n${JSON.stringify({ ssh_keys: { ed25519_private: injected.privateKey, ed25519_public: injected.publicKey } })}\n`,
        metadata: {},
      } as unknown as FakeServer;
      const { address } = await fake.onServerActive(server, { userData: server.userData, metadata: {} });
      const cloudVm = launched.vms.get('srv-1')!;
      expect(cloudVm.address).toBe(address);
      const host = sshHost({ host: address, port: cloudVm.sshPort, expectedHostKey: injected.publicKey });
      expect((await host.exec('whoami')).stdout).toBe('ubuntu\n');
      const sleeper = await host.startDetached('sleep 300');
      await fake.onServerReboot(server);
      await waitFor('the VM to come back', async () => !(await host.isAlive(sleeper).catch(() => true)));
      await fake.onServerDeleted(server);
      expect(launched.vms.size).toBe(0);
      expect(await probeSsh(address, cloudVm.sshPort, injected.publicKey, 1_000)).toBe(false);
    } finally {
      await launched.stopAll();
    }
  });

  it('falls back to its own 127.0.0.x address, port 80 included', async () => {
    const loopVm = await startFakeVm({
      hostPrivateKey: hostKey.privateKey,
      authorizedKey: clientKey.publicKey,
      username: 'ubuntu',
      network: 'loopback',
    });
    vms.push(loopVm);
    expect(loopVm.address).toMatch(/^127\.0\.0\.\d+$/);
    const host = sshHost({ host: loopVm.address, port: loopVm.sshPort });
    const web = `#!/bin/bash
exec ${process.execPath} -e "require('http').createServer((q, s) => s.end('loopback')).listen(80, '${loopVm.address}')"
`;
    expect((await host.exec('mkdir -p boot.d && cat > boot.d/web && chmod 755 boot.d/web', { stdin: web })).code).toBe(0);
    await loopVm.reboot();
    const body = await waitFor('the boot.d web server', async () => {
      try {
        const res = await fetch(`http://${loopVm.address}/`, { signal: AbortSignal.timeout(1_000) });
        return res.ok ? await res.text() : null;
      } catch {
        return null;
      }
    });
    expect(body).toBe('loopback');
    await loopVm.stop();
  });
});
