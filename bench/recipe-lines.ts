// A line printed by the recipe on a local app server -> a graphql-ws logLines subscriber.
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SpawnAppServer, TerminateAppServer, ok, type Client } from '../client/sdk/index.ts';
import { createBenchInstance } from './server.ts';
import { sleep, waitFor } from './lib/stats.ts';

/** Wall-clock milliseconds with sub-millisecond resolution, the same clock the recipe's Node stamps lines with. */
const wallClock = () => performance.timeOrigin + performance.now();

/**
 * The shell recipe the bench's product runs (SHELL_RECIPE_SCRIPT): for the "Bench lines"
 * instance it prints `bench-line <seq> <wall clock ms>` at the given rate with the product's
 * Node, then exits; any other instance gets the bundled demo recipe.
 */
export function writeBenchRecipe(dir: string, ratePerSec: number, seconds: number): string {
  const demo = readFileSync(new URL('../server/src/integrations/recipes/shell/demo.sh', import.meta.url), 'utf8');
  const emitter = `
const rate = ${ratePerSec}, seconds = ${seconds}, tick = 10, perTick = Math.round(rate * tick / 1000);
const start = performance.now(); let seq = 0;
const clock = () => performance.timeOrigin + performance.now();
function tickOnce(n) {
  const lines = [];
  for (let i = 0; i < perTick; i++) lines.push('bench-line ' + (seq++) + ' ' + clock().toFixed(3));
  require('fs').writeSync(1, lines.join('\\n') + '\\n');
  if (n + 1 < seconds * 1000 / tick) setTimeout(() => tickOnce(n + 1), Math.max(0, start + (n + 1) * tick - performance.now()));
}
tickOnce(0);`;
  // The local provider's app server is a directory on this machine: the recipe runs the emitter from here.
  const emitterFile = path.join(dir, 'bench-lines.cjs');
  writeFileSync(emitterFile, emitter);
  const file = path.join(dir, 'bench-recipe.sh');
  writeFileSync(
    file,
    `if [[ "\${IM_INSTANCE_NAME}" == "Bench bench-lines-"* ]]; then\n  echo "bench recipe: ${ratePerSec} lines/s for ${seconds} s"\n  exec "\${IM_NODE}" '${emitterFile}'\nfi\n${demo}`,
    { mode: 0o755 },
  );
  return file;
}

export async function recipeLineToSubscriber(
  im: Client,
  opts: { ratePerSec: number; seconds: number },
): Promise<{ latencies: number[]; expected: number; received: number }> {
  const instance = await createBenchInstance(im, `bench-lines-${process.pid}`);
  // createBenchInstance names it "Bench <subDomain>"; the recipe keys on that prefix.
  const deployment = ok((await im.request(SpawnAppServer, { instanceId: instance.id })).spawnAppServer);
  const appServerId = deployment.appServers[0]!.id;
  const latencies: number[] = [];
  const seen = new Set<number>();
  const stop = im.tailLogs(appServerId, (line) => {
    const at = wallClock();
    const m = /^bench-line (\d+) ([\d.]+)$/.exec(line.text);
    if (!m) return;
    const seq = Number(m[1]);
    if (seen.has(seq)) return;
    seen.add(seq);
    latencies.push(at - Number(m[2]));
  });
  const expected = Math.round((opts.ratePerSec * 10) / 1000) * Math.round((opts.seconds * 1000) / 10);
  try {
    await waitFor(() => seen.size >= expected, 60_000 + opts.seconds * 1000, 20);
    return { latencies, expected, received: seen.size };
  } finally {
    stop();
    ok((await im.request(TerminateAppServer, { id: appServerId })).terminateAppServer);
    await sleep(50);
  }
}
