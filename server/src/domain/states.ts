// State machines of SPEC.md §4: declared states and the transitions allowed between them.

export const APP_SERVER_STATES = {
  NEW: { steady: true, healthy: true },
  WAITING_FOR_SERVER: { steady: false, healthy: true },
  CONFIGURING_SERVER: { steady: false, healthy: true },
  RUNNING: { steady: true, healthy: true },
  CONFIGURATION_FAILED: { steady: true, healthy: false },
  ERROR: { steady: true, healthy: false },
  TERMINATED: { steady: true, healthy: true },
} as const;
export type AppServerState = keyof typeof APP_SERVER_STATES;

const APP_SERVER_TRANSITIONS: Record<AppServerState, AppServerState[]> = {
  NEW: ['WAITING_FOR_SERVER', 'ERROR', 'TERMINATED'],
  WAITING_FOR_SERVER: ['CONFIGURING_SERVER', 'ERROR', 'TERMINATED'],
  CONFIGURING_SERVER: ['RUNNING', 'CONFIGURATION_FAILED', 'ERROR', 'TERMINATED'],
  RUNNING: ['TERMINATED'],
  CONFIGURATION_FAILED: ['TERMINATED'],
  ERROR: ['TERMINATED'],
  TERMINATED: [],
};

export const SERVER_STATES = {
  PENDING: { steady: false, vmAvailable: false, acceptsSsh: false, healthy: false },
  BUILDING: { steady: false, vmAvailable: false, acceptsSsh: false, healthy: false },
  BOOTING: { steady: false, vmAvailable: true, acceptsSsh: false, healthy: false },
  READY: { steady: true, vmAvailable: true, acceptsSsh: true, healthy: true },
  BUILD_FAILED: { steady: true, vmAvailable: false, acceptsSsh: false, healthy: false },
  UNKNOWN: { steady: false, vmAvailable: false, acceptsSsh: false, healthy: false },
  TERMINATED: { steady: true, vmAvailable: false, acceptsSsh: false, healthy: false },
} as const;
export type ServerState = keyof typeof SERVER_STATES;

const SERVER_TRANSITIONS: Record<ServerState, ServerState[]> = {
  PENDING: ['BUILDING', 'BUILD_FAILED', 'TERMINATED'],
  BUILDING: ['BOOTING', 'BUILD_FAILED', 'UNKNOWN', 'TERMINATED'],
  BOOTING: ['READY', 'BUILD_FAILED', 'UNKNOWN', 'TERMINATED'],
  READY: ['BOOTING', 'UNKNOWN', 'TERMINATED'],
  BUILD_FAILED: ['TERMINATED'],
  UNKNOWN: ['BUILDING', 'BOOTING', 'READY', 'BUILD_FAILED', 'TERMINATED'],
  TERMINATED: [],
};

export function canTransitionAppServer(from: AppServerState, to: AppServerState): boolean {
  return APP_SERVER_TRANSITIONS[from].includes(to);
}

export function canTransitionServer(from: ServerState, to: ServerState): boolean {
  return SERVER_TRANSITIONS[from].includes(to);
}

/** Human names used in log lines ("Status: New → WaitingForServer"). */
export const APP_SERVER_STATE_NAMES: Record<AppServerState, string> = {
  NEW: 'New',
  WAITING_FOR_SERVER: 'WaitingForServer',
  CONFIGURING_SERVER: 'ConfiguringServer',
  RUNNING: 'Running',
  CONFIGURATION_FAILED: 'ConfigurationFailed',
  ERROR: 'Error',
  TERMINATED: 'Terminated',
};

export const SERVER_STATE_NAMES: Record<ServerState, string> = {
  PENDING: 'Pending',
  BUILDING: 'Building',
  BOOTING: 'Booting',
  READY: 'Ready',
  BUILD_FAILED: 'BuildFailed',
  UNKNOWN: 'Unknown',
  TERMINATED: 'Terminated',
};

export type DeploymentState = 'QUEUED' | 'PROVISIONING' | 'HEALTHY' | 'UNHEALTHY' | 'OFFLINE' | 'FAILED' | 'CANCELLED';

export interface DeploymentFacts {
  cancelled: boolean;
  finished: boolean;
  targetCount: number;
  numAttempts: number;
  appServers: { slot: number; attempt: number; status: AppServerState; reachedRunning: boolean }[];
}

/** SPEC.md §4.3: the first rule that matches. */
export function deploymentStatus(d: DeploymentFacts): DeploymentState {
  if (d.cancelled) return 'CANCELLED';
  const servers = d.appServers;
  if (!d.finished && servers.every((s) => s.status === 'NEW')) return 'QUEUED';
  const inFlight = servers.some((s) => s.status === 'NEW' || s.status === 'WAITING_FOR_SERVER' || s.status === 'CONFIGURING_SERVER');
  if (inFlight || (!d.finished && failedSlotsWithAttemptsLeft(d).length > 0)) return 'PROVISIONING';
  const running = servers.filter((s) => s.status === 'RUNNING').length;
  if (running >= d.targetCount) return 'HEALTHY';
  if (running >= 1) return 'UNHEALTHY';
  if (servers.length > 0 && servers.every((s) => s.status === 'TERMINATED') && servers.some((s) => s.reachedRunning)) return 'OFFLINE';
  return 'FAILED';
}

/** Slots whose newest attempt failed and that may still try again. */
export function failedSlotsWithAttemptsLeft(d: DeploymentFacts): number[] {
  const slots: number[] = [];
  for (let slot = 0; slot < d.targetCount; slot++) {
    const attempts = d.appServers.filter((s) => s.slot === slot);
    if (attempts.length === 0) continue;
    const newest = attempts.reduce((a, b) => (b.attempt > a.attempt ? b : a));
    const failed = newest.status === 'ERROR' || newest.status === 'CONFIGURATION_FAILED';
    if (failed && newest.attempt < d.numAttempts) slots.push(slot);
  }
  return slots;
}
