import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { computeProvider, localCompute } from '../../server/src/compute.ts';

// product.ts builds one compute provider per started product: a second product started in the
// same process must not reuse the first one's (its DATA_DIR and its servers).
let app: TestApp | null = null;

afterEach(async () => {
  await app?.stop();
  app = null;
});

describe('the composition root', () => {
  it('gives a product started after another one its own compute provider and data directory', async () => {
    app = await startTestApp();
    const firstDir = localCompute()!.dir({ id: 'probe' });
    expect(firstDir.startsWith(app.dataDir)).toBe(true);
    await app.stop();
    app = null;
    expect(() => computeProvider()).toThrow(/no compute provider/);

    app = await startTestApp();
    const secondDir = localCompute()!.dir({ id: 'probe' });
    expect(secondDir.startsWith(app.dataDir)).toBe(true);
    expect(secondDir).not.toBe(firstDir);
  }, 60_000);
});
