// The console in Chromium: first-load JavaScript (gzip) and the instance list rendered.
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/helpers/browser.ts';
import { now } from './lib/stats.ts';

export interface ConsoleFigures {
  jsFiles: number;
  jsRawBytes: number;
  jsGzipBytes: number;
  /** Navigation to the first page of rows (100) on screen. */
  firstPageMs: number;
  /** Navigation to every instance on screen, pressing "Load more" as a user would. */
  allRowsMs: number;
  rows: number;
}

export async function consoleFigures(url: string, username: string, password: string, expectedRows: number): Promise<ConsoleFigures> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const scripts = new Map<string, Buffer>();
    page.on('response', (response) => {
      if (/\.m?js(\?|$)/.test(response.url()))
        void response
          .body()
          .then((body) => scripts.set(response.url(), body))
          .catch(() => {});
    });
    await page.goto(url);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username or email').waitFor();
    const firstLoad = new Map(scripts);
    const jsRawBytes = [...firstLoad.values()].reduce((n, b) => n + b.length, 0);
    const jsGzipBytes = [...firstLoad.values()].reduce((n, b) => n + gzipSync(b, { level: 6 }).length, 0);

    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();

    const rows = page.locator('table.cards tbody tr');
    const start = now();
    await page.goto(url);
    await page.waitForFunction((n) => document.querySelectorAll('table.cards tbody tr').length >= n, Math.min(100, expectedRows), { timeout: 60_000 });
    const firstPageMs = now() - start;
    const more = page.getByTestId('load-more');
    while ((await rows.count()) < expectedRows && (await more.count()) > 0) {
      const before = await rows.count();
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('table.cards tbody tr').length > n, before, { timeout: 30_000 });
    }
    const allRowsMs = now() - start;
    return { jsFiles: firstLoad.size, jsRawBytes, jsGzipBytes, firstPageMs, allRowsMs, rows: await rows.count() };
  } finally {
    await browser.close();
  }
}
