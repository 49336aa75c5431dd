import type { JobDefinition } from './queue.ts';
import { deploymentStart } from './deployment-start.ts';
import { deploymentDispatch } from './deployment-dispatch.ts';
import { instanceAllocate } from './instance-allocate.ts';
import { appserverPrepare } from './appserver-prepare.ts';
import { appserverSecurityGroups } from './appserver-security-groups.ts';
import { appserverCreateVm } from './appserver-create-vm.ts';
import { appserverWaitVm } from './appserver-wait-vm.ts';
import { appserverRunRecipe } from './appserver-run-recipe.ts';
import { appserverHealthCheck } from './appserver-health-check.ts';
import { deploymentEvaluate } from './deployment-evaluate.ts';
import { appserverTerminate } from './appserver-terminate.ts';
import { instanceArchive } from './instance-archive.ts';
import { deadlineSweep } from './deadline-sweep.ts';
import { appserverStopServices } from './appserver-stop-services.ts';

export const JOBS: JobDefinition<any>[] = [
  deploymentStart,
  deploymentDispatch,
  instanceAllocate,
  appserverPrepare,
  appserverSecurityGroups,
  appserverCreateVm,
  appserverWaitVm,
  appserverRunRecipe,
  appserverHealthCheck,
  deploymentEvaluate,
  appserverTerminate,
  instanceArchive,
  deadlineSweep,
  appserverStopServices,
];
