// Many pipelines at once on the local provider, in the one process that runs the worker.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SpawnAppServer, TerminateAppServer, ok, type Client } from '../client/sdk/index.ts';
import { createBenchInstance } from './server.ts';
import { now, sleep } from './lib/stats.ts';

export interface PipelineFigures {
  count: number;
  running: number;
  failed: number;
  seconds: number;
  rssMaxMb: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

export async function concurrentPipelines(im: Client, count: number, timeoutMs: number): Promise<PipelineFigures> {
  const instances = [];
  for (let i = 0; i < count; i++) instances.push(await createBenchInstance(im, `bench-many-${process.pid}-${i}`));
  const lag = monitorEventLoopDelay({ resolution: 10 });
  let rssMax = 0;
  const rss = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 100);
  lag.enable();
  const start = now();
  const appServers: string[] = [];
  try {
    // All requested together, as a burst of users would.
    const spawned = await Promise.all(instances.map((instance) => im.request(SpawnAppServer, { instanceId: instance.id })));
    for (const result of spawned) appServers.push(...ok(result.spawnAppServer).appServers.map((a) => a.id));
    const final = new Map<string, string>();
    const steady = new Set(['RUNNING', 'CONFIGURATION_FAILED', 'ERROR', 'FAILED', 'TERMINATED']);
    await Promise.all(
      appServers.map((id) =>
        im
          .waitForAppServer(id, (a) => steady.has(a.status), { timeoutMs, recheckMs: 1_000 })
          .then((a) => final.set(id, a.status))
          .catch(() => final.set(id, 'TIMED_OUT')),
      ),
    );
    const seconds = (now() - start) / 1000;
    lag.disable();
    clearInterval(rss);
    const running = [...final.values()].filter((s) => s === 'RUNNING').length;
    return {
      count,
      running,
      failed: count - running,
      seconds,
      rssMaxMb: rssMax / 1024 / 1024,
      lagP99Ms: lag.percentile(99) / 1e6,
      lagMaxMs: lag.max / 1e6,
    };
  } finally {
    lag.disable();
    clearInterval(rss);
    // Their process trees go now, and are gone before the next figure (their events would weigh on it).
    await Promise.allSettled(appServers.map((id) => im.request(TerminateAppServer, { id })));
    await Promise.allSettled(appServers.map((id) => im.waitForAppServer(id, (a) => a.status === 'TERMINATED', { timeoutMs: 60_000, recheckMs: 1_000 })));
    await sleep(500);
  }
}
