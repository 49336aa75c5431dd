import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { pool, withTx } from '../db.ts';
import { insertLogLines } from '../logs.ts';
import type { Config } from '../config.ts';
import { config } from '../settings.ts';

export type StepOwner = { appServerId: string } | { deploymentId: string };

export class LeaseLost extends Error {
  constructor(step: string) {
    super(`step ${step} was taken over by a newer run`);
  }
}

export interface StepRow {
  id: string;
  name: string;
  status: string;
  startedAt: Date;
  deadline: Date | null;
  cursor: any;
  lease: string;
}

/**
 * One run of a pipeline step. Claiming writes a fresh lease; every later write of this run is
 * compare-and-set on it, so a stale run that wakes up (a redelivered job, a duplicate) changes nothing.
 */
export class StepRun {
  constructor(readonly row: StepRow) {}

  get lease(): string {
    return this.row.lease;
  }

  /** Commits `fn` together with this step's success, if the lease still holds. */
  async complete<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTx(async (client) => {
      await this.assertLease(client, `status = 'SUCCEEDED', "finishedAt" = now(), error = NULL`);
      const result = await fn(client);
      await logStepEnd(client, this.row.id);
      return result;
    });
  }

  async fail<T>(error: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTx(async (client) => {
      await this.assertLease(client, `status = 'FAILED', "finishedAt" = now(), error = $3`, [error]);
      const result = await fn(client);
      await logStepEnd(client, this.row.id);
      return result;
    });
  }

  /** Writes progress (cursor, deadline) inside the caller's transaction; throws LeaseLost if superseded. */
  async save(client: pg.PoolClient, patch: { cursor?: unknown; deadline?: Date }): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [];
    if (patch.cursor !== undefined) {
      values.push(JSON.stringify(patch.cursor));
      sets.push(`cursor = $${values.length + 2}::jsonb`);
      this.row.cursor = patch.cursor;
    }
    if (patch.deadline !== undefined) {
      values.push(patch.deadline);
      sets.push(`deadline = $${values.length + 2}`);
      this.row.deadline = patch.deadline;
    }
    if (sets.length) await this.assertLease(client, sets.join(', '), values);
  }

  /** Sets this run's outcome inside the caller's transaction; PENDING leaves the step waiting for another run. */
  async settle(client: pg.PoolClient, status: 'SUCCEEDED' | 'PENDING'): Promise<void> {
    await this.assertLease(client, `status = $3::"StepStatus", "finishedAt" = CASE WHEN $3 = 'SUCCEEDED' THEN now() END`, [status]);
  }

  /** Fences a write made in the middle of a step: the transaction fails if this run was superseded. */
  async fence(client: pg.PoolClient): Promise<void> {
    await this.assertLease(client, 'lease = lease');
  }

  async stillOwned(): Promise<boolean> {
    const res = await pool.query(`SELECT 1 FROM provisioning_step WHERE id = $1 AND lease = $2 AND status = 'RUNNING'`, [this.row.id, this.row.lease]);
    return res.rowCount === 1;
  }

  private async assertLease(client: pg.PoolClient, set: string, extra: unknown[] = []): Promise<void> {
    const res = await client.query(`UPDATE provisioning_step SET ${set}, "updatedAt" = now() WHERE id = $1 AND lease = $2 AND status = 'RUNNING'`, [
      this.row.id,
      this.row.lease,
      ...extra,
    ]);
    if (res.rowCount !== 1) throw new LeaseLost(this.row.name);
  }
}

// Margin past a step's own timeouts: the step fails itself first, with its own reason, while
// its worker lives; the deadline sweeper only ends steps whose run was lost.
const DEADLINE_MARGIN_SECONDS = 600;

/**
 * How long a step may take in all, retries and redeliveries included, before the deadline sweeper
 * fails it; null for a step that may wait indefinitely (a deployment queued for capacity).
 */
export function stepBudgetSeconds(name: string, cfg: Config): number | null {
  switch (name) {
    case 'deployment.start':
      return null;
    case 'appserver.waitVm':
      return cfg.vmBootTimeout + cfg.sshWaitTimeout + DEADLINE_MARGIN_SECONDS;
    case 'appserver.runRecipe':
      return cfg.recipeTotalTimeout + DEADLINE_MARGIN_SECONDS;
    case 'appserver.healthCheck':
      return cfg.sshWaitTimeout + cfg.heartbeatTimeout + DEADLINE_MARGIN_SECONDS;
    // Allocation, preparation, security groups, VM creation: outside calls with bounded retries.
    default:
      return 1800 + DEADLINE_MARGIN_SECONDS;
  }
}

/**
 * SPEC §12: one log line per finished step with its duration, on the app server or the deployment's
 * instance. A step that re-opened itself in `fn` (a queued deployment polling again) has not ended.
 */
async function logStepEnd(client: pg.PoolClient, stepId: string): Promise<void> {
  const res = await client.query(
    `SELECT s.name, s.attempt, s.status, s.error, s."appServerId", d."instanceId",
       extract(epoch FROM s."finishedAt" - s."startedAt")::float8 AS seconds
     FROM provisioning_step s LEFT JOIN deployment d ON d.id = s."deploymentId"
     WHERE s.id = $1 AND s.status IN ('SUCCEEDED', 'FAILED')`,
    [stepId],
  );
  const s = res.rows[0];
  if (!s) return;
  const target = s.appServerId ? { appServerId: s.appServerId as string } : s.instanceId ? { instanceId: s.instanceId as string } : null;
  if (!target) return;
  const took = `${(s.seconds as number).toFixed(1)} s`;
  const text = s.status === 'SUCCEEDED' ? `Step ${s.name} succeeded in ${took}.` : `Step ${s.name} failed after ${took}.`;
  await insertLogLines(client, [{ target, level: s.status === 'SUCCEEDED' ? 'INFO' : 'ERROR', text }]);
}

/**
 * Claims the step row for this run. Returns null when the step already finished: a redelivered
 * job then has nothing left to do (its successor was enqueued with its completion).
 */
export async function claimStep(owner: StepOwner, name: string, attempt = 1): Promise<StepRun | null> {
  const column = 'appServerId' in owner ? '"appServerId"' : '"deploymentId"';
  const ownerId = 'appServerId' in owner ? owner.appServerId : owner.deploymentId;
  // The first claim sets the deadline; a redelivered or re-polled run keeps it.
  const budget = stepBudgetSeconds(name, config());
  const res = await pool.query(
    `INSERT INTO provisioning_step (${column}, name, attempt, status, "startedAt", lease, deadline)
     VALUES ($1, $2, $3, 'RUNNING', now(), $4, now() + make_interval(secs => $5::int))
     ON CONFLICT (${column}, name, attempt) DO UPDATE
       SET lease = EXCLUDED.lease, status = 'RUNNING', "updatedAt" = now(),
         deadline = COALESCE(provisioning_step.deadline, EXCLUDED.deadline)
       WHERE provisioning_step.status IN ('PENDING', 'RUNNING')
     RETURNING id, name, status, "startedAt", deadline, cursor, lease`,
    [ownerId, name, attempt, randomUUID(), budget],
  );
  return res.rowCount === 1 ? new StepRun(res.rows[0]) : null;
}

/** Marks a step skipped (nothing to do with this provider) and runs `fn` in the same transaction. */
export async function skipStep<T>(client: pg.PoolClient, owner: StepOwner, name: string, fn?: () => Promise<T>): Promise<void> {
  const column = 'appServerId' in owner ? '"appServerId"' : '"deploymentId"';
  const ownerId = 'appServerId' in owner ? owner.appServerId : owner.deploymentId;
  await client.query(
    `INSERT INTO provisioning_step (${column}, name, attempt, status, "startedAt", "finishedAt")
     VALUES ($1, $2, 1, 'SKIPPED', now(), now()) ON CONFLICT DO NOTHING`,
    [ownerId, name],
  );
  await fn?.();
}
