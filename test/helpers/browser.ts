// Debian's Chromium for the browser suites: a missing browser skips loudly on a laptop and
// fails under CI=true; launched headless with the flags that work on these machines.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is installed; throws under CI, warns naming `suite` otherwise. */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  console.warn(`SKIPPED: ${suite}: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Builds the console when no build exists yet, or always with E2E_BUILD_CONSOLE=1. */
export async function ensureConsoleBuilt(): Promise<void> {
  if (existsSync(`${root}client/build/index.html`) && process.env.E2E_BUILD_CONSOLE !== '1') return;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/build.mjs', 'console'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`console build exited with ${code}`))));
  });
}
