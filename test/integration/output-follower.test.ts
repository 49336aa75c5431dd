import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalHost } from '../../server/src/integrations/compute/local/host.ts';
import { generateHostKeyPair, SshHost } from '../../server/src/integrations/ssh/index.ts';
import type { RemoteHost } from '../../server/src/integrations/remote/types.ts';
import { fakeVmSupport, startFakeVm, type FakeVm } from '../fakes/vm/index.ts';

// The recipe's output is followed, not polled: a waiting reader wakes when the runner writes,
// long before its timeout, and only for bytes past what it has read.

const support = fakeVmSupport();
if (!support.ok) {
  if (process.env.CI === 'true') throw new Error(`SSH follower tests cannot run: ${support.reason}`);
  console.warn(`\n\n*** SKIPPING the SSH follower tests: ${support.reason} ***\n\n`);
}

const LONG = 5_000;

async function timed(wait: Promise<void>): Promise<number> {
  const start = performance.now();
  await wait;
  return performance.now() - start;
}

/** The same checks against either kind of host; `append` writes to its output.log. */
function followerChecks(hostOf: () => RemoteHost, append: (text: string) => Promise<void>) {
  it('wakes a waiting reader within milliseconds of a write, not at its timeout', async () => {
    const host = hostOf();
    await append('first\n');
    const size = 'first\n'.length;
    // Nothing past `size` yet: the wait lasts until the write below.
    const waiting = timed(host.waitForOutput('output.log', size, LONG));
    await new Promise((r) => setTimeout(r, 150));
    await append('second\n');
    const waited = await waiting;
    expect(waited).toBeGreaterThanOrEqual(100);
    expect(waited).toBeLessThan(LONG / 2);
    expect((await host.read('output.log', size, 100))?.toString()).toBe('second\n');
  });

  it('returns at once when bytes past the offset are already there, and waits its timeout when none come', async () => {
    const host = hostOf();
    const all = (await host.read('output.log', 0, 1000))!.length;
    expect(await timed(host.waitForOutput('output.log', all - 3, LONG))).toBeLessThan(LONG / 2);
    const idle = await timed(host.waitForOutput('output.log', all, 300));
    expect(idle).toBeGreaterThanOrEqual(250);
    expect(idle).toBeLessThan(LONG / 2);
  });
}

describe('the local host follows output.log with a directory watch', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'im-follower-'));
  const host = new LocalHost(dir, {});
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });
  followerChecks(
    () => host,
    async (text) => appendFileSync(path.join(dir, 'output.log'), text),
  );
});

describe.skipIf(!support.ok)('the SSH host follows output.log with one tail -F channel', () => {
  const hostKey = generateHostKeyPair();
  const clientKey = generateHostKeyPair();
  let vm: FakeVm;
  let host: SshHost;
  let writer: SshHost;

  beforeAll(async () => {
    vm = await startFakeVm({ hostPrivateKey: hostKey.privateKey, hostPublicKey: hostKey.publicKey, authorizedKey: clientKey.publicKey, username: 'ubuntu' });
    const open = () =>
      new SshHost({
        host: vm.address,
        port: vm.sshPort,
        username: 'ubuntu',
        privateKey: clientKey.privateKey,
        workDir: 'im/follow',
        expectedHostKey: hostKey.publicKey,
      });
    host = open();
    writer = open();
  });

  afterAll(async () => {
    await Promise.allSettled([host?.close(), writer?.close()]);
    await vm?.stop();
  });

  followerChecks(
    () => host,
    async (text) => {
      const r = await writer.exec(`printf '%b' '${text.replace(/\n/g, '\\n')}' >> output.log`, { inWorkDir: true });
      expect(r.code).toBe(0);
    },
  );

  it('ends the remote tail when the host closes', async () => {
    const left = async () => (await writer.exec(`pgrep -f 'tail -c [+]' || true`)).stdout.trim();
    expect(await left()).not.toBe('');
    await host.close();
    const deadline = Date.now() + 5_000;
    while ((await left()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await left()).toBe('');
  });
});
