import type { MonitoringProvider } from './types.ts';

/**
 * The manager's own checker (SPEC §9.7). Nothing is registered anywhere: the scheduled check reads
 * the instances with an active app server from the database each run, so turning monitoring on or
 * off is the activation itself.
 */
export class BuiltinMonitoring implements MonitoringProvider {
  readonly name = 'builtin' as const;

  async enable(): Promise<void> {}

  async disable(): Promise<void> {}
}
