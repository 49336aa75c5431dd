// The builtin availability checks of an instance (SPEC §9.7) and the rollback watch after an
// automatic switch (SPEC §16). The HTTP checks run outside any transaction; their results are
// applied in one short transaction; messages and services follow after it committed.
import { routingChanged } from './load-balancers.ts';
import type pg from 'pg';
import { pool, withTx } from '../db.ts';
import { lockWatch, markRolledBack, recordWatchRun } from '../data/activation-watches.ts';
import { lockAppServersForRollback, markActive } from '../data/app-servers.ts';
import { instanceWatchFacts, instancesToCheck, type InstanceWatchFacts } from '../data/instances.ts';
import { forgetOtherUrls, lockUrlStatesOfInstance, saveUrlState, type UrlAvailabilityRow } from '../data/url-availability.ts';
import { availabilityUrls, recordActivationWatchRun, shouldRollBack, startActivationWatch, trackAvailability } from '../domain/availability.ts';
import { probe } from '../integrations/monitoring/index.ts';
import { insertLogLines } from '../logs.ts';
import { localAvailabilityEntry } from '../monitoring.ts';
import { availabilityCheckInstance, enqueue, monitoringSync } from '../queue.ts';
import { config } from '../settings.ts';
import { deactivateIn, runRecipeServices, stopServicesOf } from './appservers.ts';
import { loadAppServerWithServer } from '../data/app-servers.ts';
import { instanceRef, send } from './notifications.ts';
import type { NotificationEvent } from '../notifications/index.ts';

/** The public domains of an instance: the external ones when set (a blank Studio or preview one follows the LMS). */
export function instanceDomains(i: InstanceWatchFacts): { lms: string; studio: string; preview: string } {
  const cfg = config();
  if (i.externalLmsDomain) {
    return {
      lms: i.externalLmsDomain,
      studio: i.externalStudioDomain || `${cfg.studioDomainPrefix}${i.externalLmsDomain}`,
      preview: i.externalPreviewDomain || `${cfg.lmsPreviewDomainPrefix}${i.externalLmsDomain}`,
    };
  }
  return { lms: i.internalLmsDomain, studio: i.internalStudioDomain, preview: i.internalPreviewDomain };
}

/** The URLs watched for an instance, and where to connect when the local load balancer serves them. */
export function watchedUrls(i: InstanceWatchFacts): { urls: string[]; connectTo?: { address: string; port: number } } {
  const entry = localAvailabilityEntry();
  const domains = instanceDomains(i);
  if (!entry) return { urls: availabilityUrls(domains) };
  const withPort = (d: string) => `${d}:${entry.port}`;
  return {
    urls: availabilityUrls({ lms: withPort(domains.lms), studio: withPort(domains.studio), preview: withPort(domains.preview) }, 'http'),
    connectTo: entry,
  };
}

/** The scheduled run: one job per watched instance, so a slow site delays nobody else. */
export async function scheduleAvailabilityChecks(): Promise<number> {
  const ids = await instancesToCheck(pool);
  await withTx(async (client) => {
    for (const instanceId of ids) await enqueue(client, availabilityCheckInstance, { instanceId });
  });
  return ids.length;
}

export interface InstanceCheckOutcome {
  checked: { url: string; ok: boolean; status?: number; error?: string }[];
  events: NotificationEvent['kind'][];
  rolledBack: boolean;
}

/**
 * Checks an instance's URLs once, updates their states (alerts and recoveries) and its rollback
 * watch. `now` is the run's time (tests pass it; the watch window is measured against it).
 */
export async function checkInstanceAvailability(instanceId: string, now = new Date()): Promise<InstanceCheckOutcome | null> {
  const cfg = config();
  const facts = await instanceWatchFacts(pool, instanceId);
  if (!facts || facts.archivedAt || !facts.hasActiveAppServer) return null;
  const builtin = cfg.monitoringProvider === 'builtin';
  if (!builtin) {
    // Another provider alerts (or none does); the builtin checks still feed the rollback watch
    // while it is open, and probe nothing once its window has ended.
    const watch = await withTx((client) => lockWatch(client, instanceId));
    if (!watch || watch.rolledBackAt) return null;
    if (now.getTime() > watch.switchedAt.getTime() + cfg.activationWatchMinutes * 60_000) return null;
  }
  const { urls, connectTo } = watchedUrls(facts);
  const checked = await Promise.all(
    urls.map(async (url) => {
      const r = await probe({ url, connectTo, timeoutMs: cfg.availabilityCheckTimeout * 1000 });
      return 'error' in r ? { url, ok: false, error: r.error } : { url, ok: r.status < 400, status: r.status };
    }),
  );
  const runOk = checked.every((c) => c.ok);
  const instance = instanceRef(facts);
  const toSend: NotificationEvent[] = [];
  const rollback = await withTx(async (client) => {
    if (builtin) {
      const previous = new Map((await lockUrlStatesOfInstance(client, instanceId)).map((r) => [r.url, r]));
      for (const c of checked) {
        const prev = previous.get(c.url);
        const { state, event } = trackAvailability(prev, c, cfg.availabilityAlertAfterFailures);
        const row: UrlAvailabilityRow = {
          instanceId,
          url: c.url,
          up: c.ok,
          consecutiveFailures: state.consecutiveFailures,
          alerted: state.alerted,
          lastStatus: c.status ?? null,
          lastError: c.ok ? null : (c.error ?? `answered ${c.status}`),
          downSince: c.ok ? null : prev && !prev.up && prev.downSince ? prev.downSince : now,
          lastCheckedAt: now,
        };
        await saveUrlState(client, row);
        if (event?.kind === 'alert') {
          toSend.push({ kind: 'availabilityAlert', data: { instance, url: c.url, consecutiveFailures: event.consecutiveFailures, error: row.lastError! } });
        } else if (event?.kind === 'recovered') {
          toSend.push({ kind: 'availabilityRecovered', data: { instance, url: c.url, downSince: prev?.downSince ?? undefined } });
        }
      }
      await forgetOtherUrls(
        client,
        instanceId,
        checked.map((c) => c.url),
      );
    }
    return applyToWatch(client, instanceId, runOk, now, checked);
  });
  if (rollback) {
    // Outside the transaction: the old app servers' workers come back, the new ones' stop.
    for (const id of rollback.to) {
      const a = await loadAppServerWithServer(pool, id);
      if (a?.server) await runRecipeServices(a, a.server, 'start');
    }
    for (const id of rollback.from) await stopServicesOf(id);
    toSend.push({
      kind: 'rolledBack',
      data: {
        instance,
        to: { number: rollback.toNumbers[0] },
        from: rollback.fromNumbers.length ? { number: rollback.fromNumbers[0] } : null,
        reason: rollback.reason,
      },
    });
  }
  for (const event of toSend) await send(event, facts.monitoringEmails);
  return { checked, events: toSend.map((e) => e.kind), rolledBack: Boolean(rollback) };
}

interface Rollback {
  to: string[];
  from: string[];
  toNumbers: number[];
  fromNumbers: number[];
  reason: string;
}

/** Applies one run to the instance's open watch; rolls back inside the caller's transaction when the rule says so. */
async function applyToWatch(
  client: pg.PoolClient,
  instanceId: string,
  runOk: boolean,
  now: Date,
  checked: { url: string; ok: boolean; status?: number; error?: string }[],
): Promise<Rollback | null> {
  const watch = await lockWatch(client, instanceId);
  if (!watch || watch.rolledBackAt) return null;
  const options = { watchMinutes: config().activationWatchMinutes };
  const state = { ...startActivationWatch(watch.switchedAt, true), consecutiveFailures: watch.consecutiveFailures };
  const next = recordActivationWatchRun(state, { at: now, ok: runOk }, options);
  if (next === state) return null; // a run outside the window counts for nothing
  await recordWatchRun(client, instanceId, next.consecutiveFailures, now);
  if (!shouldRollBack(next, now, options)) return null;
  const failed = checked
    .filter((c) => !c.ok)
    .map((c) => `${c.url} ${c.status !== undefined ? `answered ${c.status}` : (c.error ?? 'failed')}`)
    .join('; ');
  const reason = `${next.consecutiveFailures} availability runs failed in a row within ${options.watchMinutes} min of the automatic switch (${failed})`;
  await markRolledBack(client, instanceId);
  const previous = await lockAppServersForRollback(client, watch.previousAppServerIds);
  const current = await lockAppServersForRollback(client, watch.newAppServerIds);
  const back = previous.filter((p) => p.serviceable);
  if (back.length === 0) {
    await insertLogLines(client, [{ target: { instanceId }, level: 'ERROR', text: `Not rolled back: the previous app servers no longer run. ${reason}.` }]);
    return null;
  }
  for (const p of back) if (!p.active) await markActive(client, p.id);
  // The load balancer follows (SPEC §9.4), even when nothing was active to deactivate.
  await routingChanged(client, instanceId);
  const from = current.filter((c) => c.active);
  for (const c of from) await deactivateIn(client, c.id, instanceId);
  await insertLogLines(client, [
    {
      target: { instanceId },
      level: 'ERROR',
      text: `Rolled back to ${back.map((b) => `AppServer ${b.number}`).join(', ')}${from.length ? `, deactivating ${from.map((c) => `AppServer ${c.number}`).join(', ')}` : ''}: ${reason}.`,
    },
  ]);
  await enqueue(client, monitoringSync, { instanceId });
  return { to: back.map((b) => b.id), from: from.map((c) => c.id), toNumbers: back.map((b) => b.number), fromNumbers: from.map((c) => c.number), reason };
}
