// Loads the facts of each notification (SPEC §9.7) and hands them to the Notifier. Called after
// the work committed (from the notification.send job, or after a transaction ended); never throws.
import { pool } from '../db.ts';
import { activeAppServerIdsOfInstance, appServerNotificationFacts, appServersOfDeployment } from '../data/app-servers.ts';
import { applicationOfInstance } from '../data/beta-test-applications.ts';
import { loadDeployment } from '../data/deployments.ts';
import { instanceWatchFacts, loadInstance, type InstanceWatchFacts } from '../data/instances.ts';
import { lastLogEntries } from '../data/log-entries.ts';
import { describeError } from '../errors.ts';
import { logger } from '../logger.ts';
import { LOG_TAIL_LINES, type InstanceRef, type NotificationEvent } from '../notifications/index.ts';
import { notifier } from '../notifier.ts';
import { instanceSecrets } from '../secrets.ts';

export function instanceRef(i: Pick<InstanceWatchFacts, 'name' | 'internalLmsDomain' | 'externalLmsDomain'>): InstanceRef {
  return { name: i.name, domain: i.externalLmsDomain || i.internalLmsDomain };
}

/** Sends one event to ADMINS plus `extraRecipients`; a failure is logged, never raised. */
export async function send(event: NotificationEvent, extraRecipients: string[] = []): Promise<void> {
  const n = notifier();
  if (!n) return;
  try {
    await n.notify(event, { extraRecipients });
  } catch (e) {
    logger.warn('notification not sent', { kind: event.kind, error: describeError(e) });
  }
}

/** A deployment that ended: succeeded (HEALTHY), failed (anything else that is final) or cancelled. */
export async function notifyDeploymentOutcome(deploymentId: string, cancelled = false): Promise<void> {
  const d = await loadDeployment(pool, deploymentId);
  if (!d) return;
  const i = await instanceWatchFacts(pool, d.instanceId);
  if (!i) return;
  const instance = instanceRef(i);
  const type = d.type as string;
  if (cancelled || d.status === 'CANCELLED') {
    await send({ kind: 'deploymentCancelled', data: { instance, type } });
    return;
  }
  const servers = await appServersOfDeployment(pool, deploymentId);
  if (d.status === 'HEALTHY') {
    const active = new Set(await activeAppServerIdsOfInstance(pool, d.instanceId));
    const running = servers.filter((s) => s.status === 'RUNNING');
    const activated = running.find((s) => active.has(s.id));
    await send({
      kind: 'deploymentSucceeded',
      data: { instance, type, appServers: running.map((s) => ({ number: s.number })), activated: activated ? { number: activated.number } : null },
    });
    return;
  }
  const reason = d.failureReason ?? `the deployment ended ${String(d.status).toLowerCase()}`;
  const application = await applicationOfInstance(pool, d.instanceId);
  await send(
    {
      kind: 'deploymentFailed',
      data: {
        instance,
        type,
        reason,
        ...(application
          ? { application: { username: application.username, email: application.email, subdomain: application.subdomain, status: application.status } }
          : {}),
      },
    },
    i.provisioningFailureEmails,
  );
}

/** An app server that failed, with its last 100 log lines, the instance's secrets masked. */
export async function notifyAppServerFailed(appServerId: string): Promise<void> {
  const a = await appServerNotificationFacts(pool, appServerId);
  if (!a) return;
  const [i, full] = await Promise.all([instanceWatchFacts(pool, a.instanceId), loadInstance(pool, a.instanceId)]);
  if (!i || !full) return;
  const lines = await lastLogEntries(pool, { of: 'appServer', id: appServerId, errorsOnly: false }, LOG_TAIL_LINES);
  let secrets: string[] = [];
  try {
    secrets = instanceSecrets(full);
  } catch {
    // Without the encryption key (a misconfigured worker) the generic redaction still applies.
  }
  await send(
    {
      kind: 'appServerFailed',
      data: {
        instance: instanceRef(i),
        appServer: { number: a.number },
        reason: a.failureReason ?? `the app server ended ${a.status.toLowerCase()}`,
        logTail: lines.map((l) => l.text),
        secrets,
      },
    },
    i.provisioningFailureEmails,
  );
}

export async function notifyActivated(appServerId: string, previousAppServerId?: string): Promise<void> {
  const a = await appServerNotificationFacts(pool, appServerId);
  if (!a) return;
  const i = await instanceWatchFacts(pool, a.instanceId);
  if (!i) return;
  const previous = previousAppServerId ? await appServerNotificationFacts(pool, previousAppServerId) : null;
  await send({
    kind: 'activated',
    data: { instance: instanceRef(i), appServer: { number: a.number }, previous: previous ? { number: previous.number } : null },
  });
}

export async function notifyArchiveResult(instanceId: string, failure: string | null): Promise<void> {
  const i = await instanceWatchFacts(pool, instanceId);
  if (!i) return;
  if (failure) await send({ kind: 'archiveFailed', data: { instance: instanceRef(i), reason: failure } });
  else await send({ kind: 'archiveSucceeded', data: { instance: instanceRef(i) } });
}
