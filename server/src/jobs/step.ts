import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { pool, withTx } from '../db.ts';
import {
  claimStepLease,
  failStepIfLeaseHeld,
  finishedStepSummary,
  insertSkippedStep,
  leaseStillHeld,
  saveStepIfLeaseHeld,
  settleStepIfLeaseHeld,
  stepStillOwned,
  succeedStepIfLeaseHeld,
} from '../data/provisioning-steps.ts';
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
      this.assertLease(await succeedStepIfLeaseHeld(client, this.row.id, this.row.lease));
      const result = await fn(client);
      await logStepEnd(client, this.row.id);
      return result;
    });
  }

  async fail<T>(error: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTx(async (client) => {
      this.assertLease(await failStepIfLeaseHeld(client, this.row.id, this.row.lease, error));
      const result = await fn(client);
      await logStepEnd(client, this.row.id);
      return result;
    });
  }

  /** Writes progress (cursor, deadline) inside the caller's transaction; throws LeaseLost if superseded. */
  async save(client: pg.PoolClient, patch: { cursor?: unknown; deadline?: Date }): Promise<void> {
    if (patch.cursor !== undefined) this.row.cursor = patch.cursor;
    if (patch.deadline !== undefined) this.row.deadline = patch.deadline;
    if (patch.cursor !== undefined || patch.deadline !== undefined) this.assertLease(await saveStepIfLeaseHeld(client, this.row.id, this.row.lease, patch));
  }

  /** Sets this run's outcome inside the caller's transaction; PENDING leaves the step waiting for another run. */
  async settle(client: pg.PoolClient, status: 'SUCCEEDED' | 'PENDING'): Promise<void> {
    this.assertLease(await settleStepIfLeaseHeld(client, this.row.id, this.row.lease, status));
  }

  /** Fences a write made in the middle of a step: the transaction fails if this run was superseded. */
  async fence(client: pg.PoolClient): Promise<void> {
    this.assertLease(await leaseStillHeld(client, this.row.id, this.row.lease));
  }

  async stillOwned(): Promise<boolean> {
    return stepStillOwned(pool, this.row.id, this.row.lease);
  }

  private assertLease(held: boolean): void {
    if (!held) throw new LeaseLost(this.row.name);
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
  const s = await finishedStepSummary(client, stepId);
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
  // The first claim sets the deadline; a redelivered or re-polled run keeps it.
  const row = await claimStepLease(pool, ownerColumn(owner), { name, attempt, lease: randomUUID(), budgetSeconds: stepBudgetSeconds(name, config()) });
  return row ? new StepRun(row) : null;
}

function ownerColumn(owner: StepOwner): { column: 'appServerId' | 'deploymentId'; id: string } {
  return 'appServerId' in owner ? { column: 'appServerId', id: owner.appServerId } : { column: 'deploymentId', id: owner.deploymentId };
}

/** Marks a step skipped (nothing to do with this provider) and runs `fn` in the same transaction. */
export async function skipStep<T>(client: pg.PoolClient, owner: StepOwner, name: string, fn?: () => Promise<T>): Promise<void> {
  await insertSkippedStep(client, ownerColumn(owner), name);
  await fn?.();
}
