// Subdomain rules of SPEC.md §11, in order; the first that fails gives the message.
export const SUBDOMAIN_MESSAGES = {
  length: 'Must be 3 to 63 characters.',
  pattern: 'Use lowercase letters, digits and hyphens, not at either end.',
  blacklisted: 'This domain name is not available.',
  reserved: 'This domain name is reserved.',
  taken: 'This domain is already taken.',
  unverifiable: 'The domain cannot be validated right now. Please try again later.',
} as const;

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
// Named after Open edX services (the original's list) plus names an operator would not hand out.
const RESERVED = ['studio', 'preview', 'discovery', 'ecommerce', 'app', 'sandbox', 'www', 'api'];

export interface SubdomainRules {
  blacklist: string[];
  prefixes: string[]; // configured domain prefixes, e.g. "preview-", "studio-"
}

/** Checks everything that needs no database; returns the message of the first rule broken, or null. */
export function subdomainProblem(subDomain: string, rules: SubdomainRules): string | null {
  if (subDomain.length < 3 || subDomain.length > 63) return SUBDOMAIN_MESSAGES.length;
  if (!LABEL.test(subDomain)) return SUBDOMAIN_MESSAGES.pattern;
  if (rules.blacklist.includes(subDomain)) return SUBDOMAIN_MESSAGES.blacklisted;
  const prefixLabels = rules.prefixes.map((p) => p.replace(/[-.]+$/, '')).filter(Boolean);
  if (RESERVED.includes(subDomain) || prefixLabels.includes(subDomain)) return SUBDOMAIN_MESSAGES.reserved;
  if (rules.prefixes.some((p) => p && subDomain.startsWith(p))) return SUBDOMAIN_MESSAGES.reserved;
  return null;
}

/** `pr7.sandbox.example.com` → `pr7_sandbox_example_com`, cut to 40; collisions get `_2`, `_3`… */
export function databaseNameFor(lmsDomain: string, taken: (name: string) => boolean): string {
  const base = lmsDomain
    .toLowerCase()
    .replace(/\./g, '_')
    .replace(/[^a-z0-9_]/g, '')
    .slice(0, 40);
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = base.slice(0, 40 - suffix.length) + suffix;
    if (!taken(candidate)) return candidate;
  }
}
