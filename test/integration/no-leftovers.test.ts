// scripts/no-leftovers.sh wraps the test run (`npm test`): a process started by the run that
// outlives it is named, killed, and fails the run.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/no-leftovers.sh', import.meta.url));

function wrapped(command: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, 'bash', '-c', command], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** Pids of running processes whose command line contains `text`. */
function running(text: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

it('passes a clean run through with its own exit status', async () => {
  expect(await wrapped('exit 0')).toEqual({ code: 0, stderr: '' });
  expect((await wrapped('exit 3')).code).toBe(3);
});

it('fails a run that leaves processes behind, names and kills them, even one that dropped its environment', async () => {
  const marker = `im-leftover-${process.pid}-${Date.now()}`;
  // One keeps the run's environment; the other clears it but works in the run's TMPDIR.
  const result = await wrapped(`exec -a ${marker}-a sleep 300 & d=$(mktemp -d); cd "$d"; env -i bash -c 'exec -a ${marker}-b sleep 300' & exit 0`);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/FAILED: 2 process\(es\) started by the tests outlived them/);
  expect(result.stderr).toContain(`${marker}-a`);
  expect(result.stderr).toContain(`${marker}-b`);
  expect(running(marker)).toEqual([]);
}, 30_000);
