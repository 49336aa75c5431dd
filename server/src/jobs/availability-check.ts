import { availabilityCheckInstance, availabilityChecks } from '../queue.ts';
import { checkInstanceAvailability, scheduleAvailabilityChecks } from '../services/availability.ts';
import { handle } from './handlers.ts';

/** AVAILABILITY_CHECKS_SCHEDULE (every 5 min), once cluster-wide: one check job per watched instance. */
export const availabilityChecksHandler = handle(availabilityChecks, async () => {
  await scheduleAvailabilityChecks();
});

export const availabilityCheckInstanceHandler = handle(availabilityCheckInstance, async ({ instanceId }) => {
  await checkInstanceAvailability(instanceId);
});
