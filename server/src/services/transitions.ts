import type pg from 'pg';
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
  client: pg.PoolClient,
  id: string,
  from: AppServerState,
  to: AppServerState,
  extra: { failureReason?: string } = {},
): Promise<void> {
  if (!canTransitionAppServer(from, to))
    throw refusedAppServer(id, from, `An app server cannot go from ${APP_SERVER_STATE_NAMES[from]} to ${APP_SERVER_STATE_NAMES[to]}.`);
  const res = await client.query(
    `UPDATE app_server SET status = $3::"AppServerStatus", "updatedAt" = now(),
       "runningAt" = CASE WHEN $3::text = 'RUNNING' THEN now() ELSE "runningAt" END,
       "terminatedAt" = CASE WHEN $3::text = 'TERMINATED' THEN now() ELSE "terminatedAt" END,
       "failureReason" = COALESCE($4, "failureReason")
     WHERE id = $1 AND status = $2::"AppServerStatus" RETURNING "instanceId"`,
    [id, from, to, extra.failureReason ?? null],
  );
  if (res.rowCount !== 1) {
    const now = await client.query(`SELECT status FROM app_server WHERE id = $1`, [id]);
    if (now.rowCount === 0) throw new InvalidStateError('UNKNOWN', 'No such app server.');
    throw refusedAppServer(
      id,
      now.rows[0].status,
      `Refused ${APP_SERVER_STATE_NAMES[from]} → ${APP_SERVER_STATE_NAMES[to]}: the app server is no longer ${APP_SERVER_STATE_NAMES[from]}.`,
    );
  }
  const level = to === 'ERROR' || to === 'CONFIGURATION_FAILED' ? 'ERROR' : 'INFO';
  const reason = extra.failureReason ? ` (${extra.failureReason})` : '';
  await insertLogLines(client, [
    { target: { appServerId: id }, level, text: `Status: ${APP_SERVER_STATE_NAMES[from]} → ${APP_SERVER_STATE_NAMES[to]}${reason}` },
  ]);
  await announce(client, 'APP_SERVER', id, res.rows[0].instanceId);
  if (from === 'NEW' && to === 'WAITING_FOR_SERVER') {
    // SPEC §4.3: a deployment is QUEUED until one of its app servers leaves New on its way up.
    const dep = await client.query(
      `UPDATE deployment d SET status = 'PROVISIONING', "updatedAt" = now() FROM app_server a
       WHERE a.id = $1 AND d.id = a."deploymentId" AND d.status = 'QUEUED' AND d."cancelledAt" IS NULL RETURNING d.id`,
      [id],
    );
    if (dep.rowCount === 1) await announce(client, 'DEPLOYMENT', dep.rows[0].id, res.rows[0].instanceId);
  }
}

export async function transitionServer(
  client: pg.PoolClient,
  id: string,
  from: ServerState,
  to: ServerState,
  set: Record<string, unknown> = {},
): Promise<void> {
  if (!canTransitionServer(from, to))
    throw await refusedServer(client, id, from, `A server cannot go from ${SERVER_STATE_NAMES[from]} to ${SERVER_STATE_NAMES[to]}.`);
  const keys = Object.keys(set);
  const extra = keys.map((k, i) => `, "${k}" = $${i + 4}`).join('');
  const res = await client.query(
    `UPDATE server SET status = $3::"ServerStatus", "statusChangedAt" = now(), "updatedAt" = now()${extra} WHERE id = $1 AND status = $2::"ServerStatus"`,
    [id, from, to, ...Object.values(set)],
  );
  if (res.rowCount !== 1) {
    const now = await client.query(`SELECT status FROM server WHERE id = $1`, [id]);
    if (now.rowCount === 0) throw new InvalidStateError('UNKNOWN', 'No such server.');
    throw await refusedServer(
      client,
      id,
      now.rows[0].status,
      `Refused ${SERVER_STATE_NAMES[from]} → ${SERVER_STATE_NAMES[to]}: the server is no longer ${SERVER_STATE_NAMES[from]}.`,
    );
  }
  const owner = await client.query(`SELECT id, "instanceId" FROM app_server WHERE "serverId" = $1`, [id]);
  if (owner.rowCount === 1) {
    await insertLogLines(client, [
      {
        target: { serverId: id, appServerId: owner.rows[0].id },
        level: 'INFO',
        text: `Server status: ${SERVER_STATE_NAMES[from]} → ${SERVER_STATE_NAMES[to]}`,
      },
    ]);
    await announce(client, 'SERVER', id, owner.rows[0].instanceId);
  }
}

/**
 * Moves a server to `to` from whatever state it is in now (read under a row lock), if the
 * machine allows it; already there is fine. For steps whose own earlier read may be stale.
 */
export async function moveServer(client: pg.PoolClient, id: string, to: ServerState, set: Record<string, unknown> = {}): Promise<void> {
  const now = (await client.query(`SELECT status FROM server WHERE id = $1 FOR UPDATE`, [id])).rows[0]?.status as ServerState | undefined;
  if (!now) return;
  if (now === to) {
    const keys = Object.keys(set);
    if (keys.length)
      await client.query(`UPDATE server SET ${keys.map((k, i) => `"${k}" = $${i + 2}`).join(', ')}, "updatedAt" = now() WHERE id = $1`, [
        id,
        ...Object.values(set),
      ]);
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

async function refusedServer(client: pg.PoolClient, id: string, current: string, message: string): Promise<InvalidStateError> {
  const owner = await client.query(`SELECT id FROM app_server WHERE "serverId" = $1`, [id]);
  if (owner.rowCount === 1) log.write({ serverId: id, appServerId: owner.rows[0].id }, 'WARNING', `Transition refused: ${message}`);
  return new InvalidStateError(current, message);
}
