import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/graphql.ts';
import { createAndSpawn, signedInSuite } from '../helpers/suite.ts';
import { config } from '../../server/src/settings.ts';

// Step deadlines are settings: a recipe that goes silent is killed after RECIPE_LINE_TIMEOUT,
// one that runs too long after RECIPE_TOTAL_TIMEOUT, and the app server fails cleanly.
const { api } = signedInSuite({ env: { SHELL_RECIPE_SCRIPT: path.resolve('test/fixtures/silent-recipe.sh'), RECIPE_LINE_TIMEOUT: '1' } });

async function spawnAndWait(subDomain: string) {
  const { instanceId, appServerId: id } = await createAndSpawn(api, subDomain);
  let result: any;
  await waitFor(
    api,
    instanceId,
    async () => {
      result = (await api.request(`query($id: ID!) { appServer(id: $id) { status isSteady failureReason } }`, { id })).data.appServer;
      return result.isSteady && result.status !== 'NEW';
    },
    'a steady app server',
    60_000,
  );
  const runner = await api.request(`query($id: ID!) { logEntries(target: $id) { text } }`, { id });
  return { ...result, lines: runner.data.logEntries.map((l: any) => l.text) };
}

describe('step deadlines', () => {
  it('kills a recipe that prints nothing for RECIPE_LINE_TIMEOUT and fails the app server', async () => {
    const a = await spawnAndWait('silent');
    expect(a.status).toBe('CONFIGURATION_FAILED');
    expect(a.failureReason).toMatch(/the recipe timed out: no output for 1 s/);
    expect(a.lines).toContain('starting, then silence');
  });

  it('kills a recipe still running after RECIPE_TOTAL_TIMEOUT', async () => {
    config().recipeLineTimeout = 3600;
    config().recipeTotalTimeout = 1;
    const a = await spawnAndWait('toolong');
    expect(a.status).toBe('CONFIGURATION_FAILED');
    expect(a.failureReason).toMatch(/still running after 1 s/);
  });
});
