import { describe, expect, it } from 'vitest';
import {
  APP_SERVER_STATES,
  SERVER_STATES,
  canTransitionAppServer,
  canTransitionServer,
  deploymentStatus,
  failedSlotsWithAttemptsLeft,
  type AppServerState,
  type DeploymentFacts,
  type ServerState,
} from '../../server/src/domain/states.ts';

// SPEC §4.1 and §4.2 written out again, independently of states.ts: every one of the 49 pairs of
// each machine is checked, so a transition added or dropped there fails here.
const APP_SERVER_TABLE: Record<AppServerState, AppServerState[]> = {
  NEW: ['WAITING_FOR_SERVER', 'ERROR', 'TERMINATED'],
  WAITING_FOR_SERVER: ['CONFIGURING_SERVER', 'ERROR', 'TERMINATED'],
  CONFIGURING_SERVER: ['RUNNING', 'CONFIGURATION_FAILED', 'ERROR', 'TERMINATED'],
  RUNNING: ['TERMINATED'],
  CONFIGURATION_FAILED: ['TERMINATED'],
  ERROR: ['TERMINATED'],
  TERMINATED: [],
};
const SERVER_TABLE: Record<ServerState, ServerState[]> = {
  PENDING: ['BUILDING', 'BUILD_FAILED', 'TERMINATED'],
  BUILDING: ['BOOTING', 'BUILD_FAILED', 'UNKNOWN', 'TERMINATED'],
  BOOTING: ['READY', 'BUILD_FAILED', 'UNKNOWN', 'TERMINATED'],
  READY: ['BOOTING', 'UNKNOWN', 'TERMINATED'],
  BUILD_FAILED: ['TERMINATED'],
  UNKNOWN: ['BUILDING', 'BOOTING', 'READY', 'BUILD_FAILED', 'TERMINATED'],
  TERMINATED: [],
};

describe('the whole transition tables of SPEC §4', () => {
  it('has the seven app server states and the seven server states', () => {
    expect(Object.keys(APP_SERVER_STATES).sort()).toEqual(Object.keys(APP_SERVER_TABLE).sort());
    expect(Object.keys(SERVER_STATES).sort()).toEqual(Object.keys(SERVER_TABLE).sort());
  });
  const appPairs = Object.keys(APP_SERVER_TABLE).flatMap((from) => Object.keys(APP_SERVER_TABLE).map((to) => [from, to] as [AppServerState, AppServerState]));
  it.each(appPairs)('app server %s → %s is allowed exactly when §4.1 lists it', (from, to) => {
    expect(canTransitionAppServer(from, to)).toBe(APP_SERVER_TABLE[from].includes(to));
  });
  const serverPairs = Object.keys(SERVER_TABLE).flatMap((from) => Object.keys(SERVER_TABLE).map((to) => [from, to] as [ServerState, ServerState]));
  it.each(serverPairs)('server %s → %s is allowed exactly when §4.2 lists it', (from, to) => {
    expect(canTransitionServer(from, to)).toBe(SERVER_TABLE[from].includes(to));
  });
});

describe('app server transitions', () => {
  it('allows the provisioning path and refuses skipping or leaving Terminated', () => {
    expect(canTransitionAppServer('NEW', 'WAITING_FOR_SERVER')).toBe(true);
    expect(canTransitionAppServer('WAITING_FOR_SERVER', 'CONFIGURING_SERVER')).toBe(true);
    expect(canTransitionAppServer('CONFIGURING_SERVER', 'RUNNING')).toBe(true);
    expect(canTransitionAppServer('NEW', 'RUNNING')).toBe(false);
    expect(canTransitionAppServer('RUNNING', 'CONFIGURING_SERVER')).toBe(false);
    expect(canTransitionAppServer('TERMINATED', 'NEW')).toBe(false);
    expect(canTransitionAppServer('RUNNING', 'ERROR')).toBe(false);
  });

  it('lets every failed or running app server be terminated', () => {
    for (const from of ['NEW', 'WAITING_FOR_SERVER', 'CONFIGURING_SERVER', 'RUNNING', 'ERROR', 'CONFIGURATION_FAILED'] as const) {
      expect(canTransitionAppServer(from, 'TERMINATED')).toBe(true);
    }
  });
});

describe('server transitions', () => {
  it('follows the provider and refuses impossible jumps', () => {
    expect(canTransitionServer('PENDING', 'BUILDING')).toBe(true);
    expect(canTransitionServer('BOOTING', 'READY')).toBe(true);
    expect(canTransitionServer('READY', 'BOOTING')).toBe(true);
    expect(canTransitionServer('UNKNOWN', 'READY')).toBe(true);
    expect(canTransitionServer('PENDING', 'READY')).toBe(false);
    expect(canTransitionServer('TERMINATED', 'READY')).toBe(false);
  });
});

function facts(partial: Partial<DeploymentFacts>): DeploymentFacts {
  return { cancelled: false, finished: false, targetCount: 1, numAttempts: 1, appServers: [], ...partial };
}
const as = (slot: number, attempt: number, status: any, reachedRunning = status === 'RUNNING') => ({ slot, attempt, status, reachedRunning });

describe('deployment status (first rule that matches)', () => {
  it('is CANCELLED once cancelled, whatever its app servers do', () => {
    expect(deploymentStatus(facts({ cancelled: true, appServers: [as(0, 1, 'RUNNING')] }))).toBe('CANCELLED');
  });
  it('is QUEUED while no app server has left New', () => {
    expect(deploymentStatus(facts({ appServers: [as(0, 1, 'NEW')] }))).toBe('QUEUED');
  });
  it('is PROVISIONING while one is on its way or a failed slot has attempts left', () => {
    expect(deploymentStatus(facts({ targetCount: 2, appServers: [as(0, 1, 'RUNNING'), as(1, 1, 'CONFIGURING_SERVER')] }))).toBe('PROVISIONING');
    expect(deploymentStatus(facts({ numAttempts: 2, appServers: [as(0, 1, 'ERROR')] }))).toBe('PROVISIONING');
  });
  it('is HEALTHY with enough Running, UNHEALTHY with some, FAILED with none', () => {
    expect(deploymentStatus(facts({ appServers: [as(0, 1, 'RUNNING')] }))).toBe('HEALTHY');
    expect(deploymentStatus(facts({ targetCount: 2, appServers: [as(0, 1, 'RUNNING'), as(1, 1, 'ERROR')] }))).toBe('UNHEALTHY');
    expect(deploymentStatus(facts({ appServers: [as(0, 1, 'CONFIGURATION_FAILED')] }))).toBe('FAILED');
  });
  it('is OFFLINE when all are terminated after one ran', () => {
    expect(deploymentStatus(facts({ appServers: [as(0, 1, 'TERMINATED', true)] }))).toBe('OFFLINE');
    expect(deploymentStatus(facts({ appServers: [as(0, 1, 'TERMINATED', false)] }))).toBe('FAILED');
  });
  it('retries only slots whose newest attempt failed, never a terminated one', () => {
    const f = facts({
      targetCount: 3,
      numAttempts: 2,
      appServers: [as(0, 1, 'ERROR'), as(1, 1, 'ERROR'), as(1, 2, 'CONFIGURATION_FAILED'), as(2, 1, 'TERMINATED')],
    });
    expect(failedSlotsWithAttemptsLeft(f)).toEqual([0]);
  });
});
