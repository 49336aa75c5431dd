import { describe, expect, it } from 'vitest';
import { JOBS } from '../../server/src/jobs/index.ts';
import { APP_SERVER_PIPELINE, nextStep } from '../../server/src/jobs/pipeline.ts';
import {
  appServerHealthCheck,
  appServerPrepare,
  appServerStopServices,
  appServerTerminate,
  appServerWaitVm,
  deploymentDispatch,
  deploymentEvaluate,
  deploymentStart,
  instanceAllocate,
  instanceArchive,
  JOB_DEFINITIONS,
} from '../../server/src/queue.ts';

// SPEC §6, steps 3 to 8.
const SPEC_APP_SERVER_STEPS = [
  'appserver.prepare',
  'appserver.securityGroups',
  'appserver.createVm',
  'appserver.waitVm',
  'appserver.runRecipe',
  'appserver.healthCheck',
];

describe('the app-server pipeline', () => {
  it('runs its steps in the order of SPEC §6', () => {
    expect(APP_SERVER_PIPELINE.map((s) => s.name)).toEqual(SPEC_APP_SERVER_STEPS);
    const followed = [];
    for (let s: (typeof APP_SERVER_PIPELINE)[number] | null = APP_SERVER_PIPELINE[0]; s; s = nextStep(s)) followed.push(s.name);
    expect(followed).toEqual(SPEC_APP_SERVER_STEPS);
  });

  it('has a worker handler for every step, and every app-server job that is no step is known', () => {
    const handled = new Set(JOBS.map((h) => h.definition));
    for (const step of APP_SERVER_PIPELINE) expect(handled.has(step), step.name).toBe(true);
    const outside = JOBS.map((h) => h.definition).filter((d) => d.name.startsWith('appserver.') && !(APP_SERVER_PIPELINE as readonly unknown[]).includes(d));
    // Terminate and stopServices act on an app server outside provisioning; a new app-server job belongs in the list or here.
    expect(outside.map((d) => d.name).sort()).toEqual([appServerStopServices.name, appServerTerminate.name].sort());
  });

  it('gives every queue exactly one handler, under a name of its own', () => {
    expect(JOBS.map((h) => h.definition)).toHaveLength(JOB_DEFINITIONS.length);
    expect(new Set(JOBS.map((h) => h.definition))).toEqual(new Set(JOB_DEFINITIONS));
    expect(new Set(JOB_DEFINITIONS.map((d) => d.name)).size).toBe(JOB_DEFINITIONS.length);
  });
});

describe('singleton keys', () => {
  // Deduplication of redelivered and duplicate jobs rests on these strings staying the same.
  it('name the step, the app server, the attempt and the poll of a waiting step', () => {
    expect(appServerPrepare.singletonKey!({ appServerId: 'a1', attempt: 2 })).toBe('appserver.prepare:a1:2');
    expect(appServerWaitVm.singletonKey!({ appServerId: 'a1', attempt: 1, poll: 0 })).toBe('appserver.waitVm:a1:1:0');
    expect(appServerHealthCheck.singletonKey!({ appServerId: 'a1', attempt: 3, poll: 7 })).toBe('appserver.healthCheck:a1:3:7');
  });

  it('name the deployment, and for an evaluation the app server and its outcome', () => {
    expect(deploymentStart.singletonKey!({ deploymentId: 'd1' })).toBe('deployment.start:d1');
    expect(instanceAllocate.singletonKey!({ deploymentId: 'd1' })).toBe('instance.allocate:d1');
    expect(deploymentEvaluate.singletonKey!({ deploymentId: 'd1', appServerId: 'a1', outcome: 'CONFIGURATION_FAILED' })).toBe(
      'deployment.evaluate:d1:a1:CONFIGURATION_FAILED',
    );
    expect(deploymentDispatch.singletonKey).toBeUndefined();
  });

  it('name the app server or instance of a terminate, a services stop and an archive pass', () => {
    expect(appServerTerminate.singletonKey!({ appServerId: 'a1' })).toBe('appserver.terminate:a1');
    expect(appServerStopServices.singletonKey!({ appServerId: 'a1' })).toBe('appserver.stopServices:a1:failed');
    expect(instanceArchive.singletonKey!({ instanceId: 'i1' })).toBe('instance.archive:i1');
    expect(instanceArchive.singletonKey!({ instanceId: 'i1', poll: 2, retries: 1 })).toBe('instance.archive:i1:2');
  });
});
