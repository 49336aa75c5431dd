import type { MonitoringProvider } from './integrations/monitoring/index.ts';

// What product.ts wired for availability (SPEC §9.7): the outside monitoring provider (null with
// MONITORING_PROVIDER=none) and, with the local load balancer, where its public URLs are served.
let provider: MonitoringProvider | null = null;
let localEntry: { address: string; port: number } | null = null;

export function monitoringProvider(): MonitoringProvider | null {
  return provider;
}

export function setMonitoringProvider(p: MonitoringProvider | null): void {
  provider = p;
}

/**
 * With the local load balancer an instance's URLs are `http://<domain>:<port>/` on this process,
 * whatever the system resolver knows of `*.localhost`: the checks connect here with the domain as Host.
 */
export function localAvailabilityEntry(): { address: string; port: number } | null {
  return localEntry;
}

export function setLocalAvailabilityEntry(entry: { address: string; port: number } | null): void {
  localEntry = entry;
}
