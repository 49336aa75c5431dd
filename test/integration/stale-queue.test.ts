import { describe, expect, it } from 'vitest';
import { rawId } from '../helpers/graphql.ts';
import { createInstance, signedInSuite, spawnAppServer } from '../helpers/suite.ts';

// A new deployment waits for capacity only behind deployments that wait for it too. One unit of
// capacity: a stale row ahead of it, if it counted, would take that unit and hold the new one back.
const { api, db } = signedInSuite({ env: { MAX_CONCURRENT_PROVISIONING: '1' } });

async function deploymentRow(id: string) {
  return (await db.query(`SELECT status::text, "startedAt" FROM deployment WHERE id = $1`, [id])).rows[0] as { status: string; startedAt: Date | null };
}

async function startedWithin(id: string, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if ((await deploymentRow(id)).startedAt) return true;
  }
  return false;
}

describe('deployment.start and deployments that will never start', () => {
  it('starts at once past a stale never-started deployment and one of an archived instance, which stay unstarted', async () => {
    const staleOwner = rawId(await createInstance(api, 'stale-owner'));
    const archived = rawId(await createInstance(api, 'stale-archived'));
    await db.query(`UPDATE instance SET "archivedAt" = now() WHERE id = $1`, [archived]);
    // Older than anything: first in the queue's order if it were counted.
    const stale = await db.query(
      `INSERT INTO deployment (id, "instanceId", type, "targetCount", status, "createdAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'USER', 1, 'FAILED', now() - interval '1 day', now()),
              (gen_random_uuid(), $2, 'USER', 1, 'QUEUED', now() - interval '1 day', now()) RETURNING id`,
      [staleOwner, archived],
    );
    const fresh = await spawnAppServer(api, await createInstance(api, 'stale-fresh'));
    expect(await startedWithin(rawId(fresh.deploymentId), 15_000)).toBe(true);
    for (const row of stale.rows) expect((await deploymentRow(row.id)).startedAt).toBeNull();
    const position = await api.request(`query($id: ID!) { node(id: $id) { ... on Deployment { status queuePosition } } }`, { id: fresh.deploymentId });
    expect(position.data.node.queuePosition).toBeNull();
  });
});
