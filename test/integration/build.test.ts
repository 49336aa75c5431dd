// `npm start` builds the console and the Prisma client only when their inputs changed, and a
// rebuild never leaves a server running from this checkout without its files.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const link = `${root}client/build`;

function build(...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/build.mjs', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  const first = await build('--if-changed', 'prisma', 'console');
  expect(first.code, first.output).toBe(0);
}, 180_000);

it('does nothing when neither the console nor the Prisma schema changed', async () => {
  const before = readlinkSync(link);
  const again = await build('--if-changed', 'prisma', 'console');
  expect(again.code, again.output).toBe(0);
  expect(again.output).toBe('');
  expect(readlinkSync(link)).toBe(before);
}, 60_000);

it('rebuilds when the inputs differ from the stamp, swapping the build in whole', async () => {
  const before = readlinkSync(link);
  // What a changed source looks like to the script: a stamp that no longer matches the hash.
  writeFileSync(`${link}/.build-stamp`, 'stale\n');
  let missing = 0;
  let reads = 0;
  let running = true;
  // A server reading the console throughout the rebuild always finds index.html.
  const reader = (async () => {
    while (running) {
      try {
        if (!readFileSync(`${link}/index.html`, 'utf8').includes('<html')) missing++;
      } catch {
        missing++;
      }
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const rebuilt = await build('--if-changed', 'console');
  running = false;
  await reader;
  expect(rebuilt.code, rebuilt.output).toBe(0);
  expect(rebuilt.output).toMatch(/^Console built in [\d.]+ s\.$/m);
  expect(reads).toBeGreaterThan(10);
  expect(missing).toBe(0);
  const after = readlinkSync(link);
  expect(after).not.toBe(before);
  expect(readFileSync(`${link}/.build-stamp`, 'utf8')).not.toBe('stale\n');
  // The build before stays for pages that loaded it; older ones are removed.
  expect(existsSync(`${root}client/${before}/index.html`)).toBe(true);
  expect((await build('--if-changed', 'console')).output).toBe('');
}, 180_000);
