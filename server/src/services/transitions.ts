import type { Queryable } from '../db.ts';
import { appServerOnServer, appServerStatus, compareAndSetAppServerStatus } from '../data/app-servers.ts';
import { markProvisioningFor } from '../data/deployments.ts';
import { compareAndSetServerStatus, lockServerStatus, serverStatus, updateServerColumns } from '../data/servers.ts';
import {
  APP_SERVER_STATE_NAMES,
  SERVER_STATE_NAMES,
  canTransitionAppServer,
  canTransitionServer,
  type AppServerState,
  type ServerState,
} from '../domain/states.ts';
import { InvalidStateError } from '../errors.ts';
import { insertLogLines, log } from '../logs.ts';
import { announce } from './notify.ts';

/**
 * Compare-and-set on the expected state: the update only happens if the row is still in `from`.
 * Logs the transition on the app server and announces it, all in the caller's transaction.
 */
export async function transitionAppServer(
  client: Queryable,
  id: string,
  from: AppServerState,
  to: AppServerState,
  extra: { failureReason?: string } = {},
): Promise<void> {
  if (!canTransitionAppServer(from, to))
    throw refusedAppServer(id, from, `An app server cannot go from ${APP_SERVER_STATE_NAMES[from]} to ${APP_SERVER_STATE_NAMES[to]}.`);
  const instanceId = await compareAndSetAppServerStatus(client, id, from, to, extra.failureReason ?? null);
  if (instanceId === null) {
    const now = await appServerStatus(client, id);
    if (now === null) throw new InvalidStateError('UNKNOWN', 'No such app server.');
    throw refusedAppServer(
      id,
      now,
      `Refused ${APP_SERVER_STATE_NAMES[from]} → ${APP_SERVER_STATE_NAMES[to]}: the app server is no longer ${APP_SERVER_STATE_NAMES[from]}.`,
    );
  }
  const level = to === 'ERROR' || to === 'CONFIGURATION_FAILED' ? 'ERROR' : 'INFO';
  const reason = extra.failureReason ? ` (${extra.failureReason})` : '';
  await insertLogLines(client, [
    { target: { appServerId: id }, level, text: `Status: ${APP_SERVER_STATE_NAMES[from]} → ${APP_SERVER_STATE_NAMES[to]}${reason}` },
  ]);
  await announce(client, 'APP_SERVER', id, instanceId);
  if (from === 'NEW' && to === 'WAITING_FOR_SERVER') {
    // SPEC §4.3: a deployment is QUEUED until one of its app servers leaves New on its way up.
    const deploymentId = await markProvisioningFor(client, id);
    if (deploymentId) await announce(client, 'DEPLOYMENT', deploymentId, instanceId);
  }
}

export async function transitionServer(client: Queryable, id: string, from: ServerState, to: ServerState, set: Record<string, unknown> = {}): Promise<void> {
  if (!canTransitionServer(from, to))
    throw await refusedServer(client, id, from, `A server cannot go from ${SERVER_STATE_NAMES[from]} to ${SERVER_STATE_NAMES[to]}.`);
  if (!(await compareAndSetServerStatus(client, id, from, to, set))) {
    const now = await serverStatus(client, id);
    if (now === null) throw new InvalidStateError('UNKNOWN', 'No such server.');
    throw await refusedServer(
      client,
      id,
      now,
      `Refused ${SERVER_STATE_NAMES[from]} → ${SERVER_STATE_NAMES[to]}: the server is no longer ${SERVER_STATE_NAMES[from]}.`,
    );
  }
  const owner = await appServerOnServer(client, id);
  if (owner) {
    await insertLogLines(client, [
      {
        target: { serverId: id, appServerId: owner.id },
        level: 'INFO',
        text: `Server status: ${SERVER_STATE_NAMES[from]} → ${SERVER_STATE_NAMES[to]}`,
      },
    ]);
    await announce(client, 'SERVER', id, owner.instanceId);
  }
}

/**
 * Moves a server to `to` from whatever state it is in now (read under a row lock), if the
 * machine allows it; already there is fine. For steps whose own earlier read may be stale.
 */
export async function moveServer(client: Queryable, id: string, to: ServerState, set: Record<string, unknown> = {}): Promise<void> {
  const now = (await lockServerStatus(client, id)) as ServerState | null;
  if (!now) return;
  if (now === to) {
    await updateServerColumns(client, id, set);
    return;
  }
  await transitionServer(client, id, now, to, set);
}

// A refusal is logged on its object through the batched writer, outside the caller's
// transaction: the caller usually rolls back, and the line must stay (SPEC §4).
function refusedAppServer(id: string, current: string, message: string): InvalidStateError {
  log.write({ appServerId: id }, 'WARNING', `Transition refused: ${message}`);
  return new InvalidStateError(current, message);
}

async function refusedServer(client: Queryable, id: string, current: string, message: string): Promise<InvalidStateError> {
  const owner = await appServerOnServer(client, id);
  if (owner) log.write({ serverId: id, appServerId: owner.id }, 'WARNING', `Transition refused: ${message}`);
  return new InvalidStateError(current, message);
}
