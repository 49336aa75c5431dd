import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Settings that name a part not built yet stop the real server's start (npm start runs main.ts)
// with a message naming the setting, before it opens a database or a port.
const dataDir = mkdtempSync(path.join(tmpdir(), 'im-refusals-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['server/src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATA_DIR: dataDir, PORT: '0', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not stop by itself; stderr:\n${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('the start refuses settings that name something not built yet', () => {
  it.each([
    [{ DNS_PROVIDER: 'gandi' }, /Cannot start: .*GANDI_API_KEY.*required with DNS_PROVIDER=gandi/],
    [{ DEFAULT_RECIPE: 'tutor' }, /Cannot start: .*DEFAULT_RECIPE.*tutor recipe is not available yet/],
    [{ SHELL_RECIPE_SCRIPT: '/nonexistent/recipe.sh' }, /Cannot start: .*SHELL_RECIPE_SCRIPT.*no such file/],
    // A schedule pg-boss would refuse stops the start naming its setting (SPEC §13).
    [{ AVAILABILITY_CHECKS_SCHEDULE: '61 * * * *' }, /Cannot start: .*AVAILABILITY_CHECKS_SCHEDULE.*cron expression/],
  ])(
    '%o',
    async (env, message) => {
      const { code, stderr } = await start(env);
      expect(code).toBe(1);
      expect(stderr).toMatch(message);
    },
    90_000,
  );
});
