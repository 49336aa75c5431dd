import { runRecipeServices } from '../services/appservers.ts';
import { loadAppServer } from './context.ts';
import { appServerStopServices } from '../queue.ts';
import { handle } from './handlers.ts';

/**
 * After ConfigurationFailed: stops the recipe's services (best effort, logged), so a broken
 * server kept for debugging consumes no task queues (SPEC §6.1).
 */
export const appServerStopServicesHandler = handle(appServerStopServices, async ({ appServerId }) => {
  const a = await loadAppServer(appServerId);
  if (!a || !a.server || a.status !== 'CONFIGURATION_FAILED' || a.server.status === 'TERMINATED' || !a.server.externalId) return;
  // A failure is already logged on the app server; there is nothing more to do about it.
  await runRecipeServices(a, a.server, 'stop');
});
