import { GandiLiveDns, type GandiLiveDnsOptions } from './gandi/index.ts';
import { noDns } from './none/index.ts';
import type { DnsProvider } from './types.ts';

export { cnameTarget, longestSuffixZone, normalizeDomain, recordNameIn } from './names.ts';
export { DnsError, type DnsErrorKind, type DnsProvider } from './types.ts';
export { GANDI_DEFAULT_API_URL, GandiLiveDns, type GandiLiveDnsOptions, type SerializeZoneWrite } from './gandi/index.ts';
export { noDns } from './none/index.ts';

/** What the composition root reads from DNS_PROVIDER, GANDI_* (the provider's options). */
export type DnsSettings = { provider: 'none' } | { provider: 'gandi'; gandi: GandiLiveDnsOptions };

export function dnsProvider(settings: DnsSettings): DnsProvider {
  return settings.provider === 'gandi' ? new GandiLiveDns(settings.gandi) : noDns();
}
