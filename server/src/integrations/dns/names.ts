// Pure helpers on domain names shared by the DNS providers and the console.

/** Lower case, no surrounding spaces, no final dot: the form zones and records are compared in. */
export function normalizeDomain(name: string): string {
  return name.trim().toLowerCase().replace(/\.+$/, '');
}

/**
 * The value a CNAME must point to for a site behind this load balancer: the absolute name, with
 * its final dot (without it, DNS providers read the target relative to the zone).
 */
export function cnameTarget(lbDomain: string): string {
  const name = normalizeDomain(lbDomain);
  if (!name) throw new Error('The load balancer domain is empty: no CNAME target can be given');
  return `${name}.`;
}

/** The longest of `zones` that is `fqdn` itself or a parent of it, or null. */
export function longestSuffixZone(fqdn: string, zones: Iterable<string>): string | null {
  const name = normalizeDomain(fqdn);
  let best: string | null = null;
  for (const raw of zones) {
    const zone = normalizeDomain(raw);
    if (!zone) continue;
    if ((name === zone || name.endsWith(`.${zone}`)) && (best === null || zone.length > best.length)) best = zone;
  }
  return best;
}

/** The record name of `fqdn` inside `zone` as zone files write it: `@` for the apex itself. */
export function recordNameIn(fqdn: string, zone: string): string {
  const name = normalizeDomain(fqdn);
  const origin = normalizeDomain(zone);
  if (name === origin) return '@';
  if (!name.endsWith(`.${origin}`)) throw new Error(`${name} is not inside the zone ${origin}`);
  return name.slice(0, -(origin.length + 1));
}
