import type pg from 'pg';
import {
  appServerCreateVm,
  appServerHealthCheck,
  appServerPrepare,
  appServerRunRecipe,
  appServerSecurityGroups,
  appServerWaitVm,
  enqueue,
  type JobDefinition,
  type StepPayload,
} from '../queue.ts';
import { setCurrentStep } from '../data/app-servers.ts';
import { reportStepIn } from '../services/pr-sandboxes.ts';
import { loadAppServer, stopRequested, type LoadedAppServer } from './context.ts';
import { claimStep, type StepRun } from './step.ts';

/** The app-server pipeline, in order (SPEC §6 steps 3 to 8): each step enqueues the next as it completes. */
export const APP_SERVER_PIPELINE = [
  appServerPrepare,
  appServerSecurityGroups,
  appServerCreateVm,
  appServerWaitVm,
  appServerRunRecipe,
  appServerHealthCheck,
] as const;

export type AppServerStep = (typeof APP_SERVER_PIPELINE)[number];

// Steps that wait re-enqueue themselves with a poll counter; their first job is poll 0.
const POLLING: ReadonlySet<JobDefinition<StepPayload>> = new Set([appServerWaitVm, appServerHealthCheck]);

/** The step after `step`, or null after the last one (the deployment evaluates then). */
export function nextStep(step: AppServerStep): AppServerStep | null {
  const i = APP_SERVER_PIPELINE.indexOf(step);
  if (i < 0) throw new Error(`${step.name} is not a step of the app-server pipeline`);
  return APP_SERVER_PIPELINE[i + 1] ?? null;
}

/** Enqueues one run of `step` for the app server's attempt (a poll of a waiting step when `poll` is set). */
export async function enqueueStep(
  client: pg.PoolClient,
  step: AppServerStep,
  appServerId: string,
  attempt: number,
  extra: { poll?: number; startAfter?: number } = {},
): Promise<void> {
  await enqueue(client, step, { appServerId, attempt, poll: extra.poll }, { startAfter: extra.startAfter });
}

/** Starts the pipeline of a new app server (or of a new attempt). */
export async function startPipeline(client: pg.PoolClient, appServerId: string, attempt: number): Promise<void> {
  await enqueueStep(client, APP_SERVER_PIPELINE[0], appServerId, attempt);
}

/** Enqueues the step after `current`, in the caller's transaction; returns it. */
export async function enqueueNextStep(client: pg.PoolClient, current: AppServerStep, a: { id: string; attempt: number }): Promise<AppServerStep> {
  const next = nextStep(current);
  if (!next) throw new Error(`${current.name} is the last step of the app-server pipeline`);
  await enqueueStep(client, next, a.id, a.attempt, POLLING.has(next) ? { poll: 0 } : {});
  // The step in flight is what the console and the PR's pending status show (SPEC §10.6).
  await setCurrentStep(client, a.id, next.name);
  await reportStepIn(client, a.id);
  return next;
}

type WithServer = LoadedAppServer & { server: NonNullable<LoadedAppServer['server']> };

/**
 * Every step's preamble: loads the app server, stops when a terminate or cancel was asked for (or
 * its server is missing where the step needs one), and claims the step row with a fresh lease.
 * Null means there is nothing for this run to do.
 */
export async function beginStep(step: AppServerStep, appServerId: string, needs: 'server'): Promise<{ a: WithServer; step: StepRun } | null>;
export async function beginStep(step: AppServerStep, appServerId: string): Promise<{ a: LoadedAppServer; step: StepRun } | null>;
export async function beginStep(step: AppServerStep, appServerId: string, needs?: 'server'): Promise<{ a: LoadedAppServer; step: StepRun } | null> {
  const a = await loadAppServer(appServerId);
  if (!a || stopRequested(a) || (needs === 'server' && !a.server)) return null;
  const run = await claimStep({ appServerId }, step.name, a.attempt);
  return run ? { a, step: run } : null;
}
