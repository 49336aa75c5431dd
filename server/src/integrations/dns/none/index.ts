import type { DnsProvider } from '../types.ts';

/** No DNS service (local installations): the domains are resolved some other way, e.g. `*.localhost`. */
export function noDns(): DnsProvider {
  return {
    name: 'none',
    upsertCname: async () => {},
    deleteCname: async () => {},
    zoneFor: async () => null,
    hasRecords: async () => false,
  };
}
