import { pool } from '../db.ts';
import { instanceWatchFacts } from '../data/instances.ts';
import { MonitoringError } from '../integrations/monitoring/index.ts';
import { availabilityUrls } from '../domain/availability.ts';
import { logger } from '../logger.ts';
import { log } from '../logs.ts';
import { monitoringProvider } from '../monitoring.ts';
import { monitoringSync } from '../queue.ts';
import { instanceDomains } from '../services/availability.ts';
import { config } from '../settings.ts';
import { handle } from './handlers.ts';

/**
 * Makes the outside monitoring match the instance (SPEC §9.7): on while it has an active app
 * server, off when none is active or it is archived. A transient provider error is retried by the
 * queue; a refused key is logged on the instance and not retried (an operator must fix it).
 */
export const monitoringSyncHandler = handle(monitoringSync, async ({ instanceId }) => {
  const provider = monitoringProvider();
  if (!provider) return;
  const i = await instanceWatchFacts(pool, instanceId);
  const on = Boolean(i && !i.archivedAt && i.hasActiveAppServer);
  try {
    if (on && i) {
      await provider.enable({
        key: instanceId,
        name: i.name,
        urls: availabilityUrls(instanceDomains(i)),
        emails: [...new Set([...config().admins, ...i.monitoringEmails])],
      });
    } else {
      await provider.disable(instanceId);
    }
  } catch (e) {
    if (e instanceof MonitoringError && !e.transient) {
      logger.error('monitoring not updated', { instanceId, provider: provider.name, error: e.message });
      if (i) {
        log.write({ instanceId }, 'ERROR', `Monitoring (${provider.name}) not ${on ? 'turned on' : 'turned off'}: ${e.message}`);
        await log.flush();
      }
      return;
    }
    throw e;
  }
  if (i && provider.name !== 'builtin') {
    log.write({ instanceId }, 'INFO', `Monitoring (${provider.name}) ${on ? 'on' : 'off'}.`);
    await log.flush();
  }
});
