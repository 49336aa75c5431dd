import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'im-exit-status-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string }> {
  // A clean environment for the inner vitest: the outer one's variables would make it a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.resume();
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

it('vitest exits non-zero when a test fails, with the product global setup; the report counts a file failing at import', async () => {
  const report = path.join(dir, 'vitest.json');
  const vitest = await run([
    'node_modules/vitest/vitest.mjs',
    'run',
    '--config',
    'test/faults/fixtures/vitest.config.ts',
    '--reporter=json',
    `--outputFile=${report}`,
  ]);
  expect(vitest.code).not.toBe(0);
  const summary = await run(['scripts/test-report.mjs', report]);
  expect(summary.code).toBe(1);
  expect(summary.stdout).toMatch(/^tests: 0 passed, 2 failed \(1 file\(s\) failed to load: fixtures\/fails-at-import\.check\.ts\), 0 skipped$/m);
}, 180_000);
