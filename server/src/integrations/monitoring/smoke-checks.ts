import { probe } from './probe.ts';

export type SmokeCheckName = 'lms-heartbeat' | 'lms' | 'studio' | 'preview';

export interface SmokeCheckTarget {
  /** The app server's address (IP or host name): the checks bypass DNS and the load balancer. */
  address: string;
  httpPort: number;
  /** How the app server itself serves; default http (TLS ends at the load balancer). */
  scheme?: 'http' | 'https';
  domains: { lms: string; studio: string; preview: string };
  /** The instance's basic-auth pair, which the app server's nginx asks for. */
  basicAuth?: { username: string; password: string };
  /** Per check; the checks run concurrently, so this bounds the whole run too. */
  timeoutMs: number;
}

export interface SmokeCheck {
  name: SmokeCheckName;
  /** What was asked for, as the customer would type it (the domain, not the address). */
  url: string;
  status?: number;
  error?: string;
  ok: boolean;
}

export interface SmokeCheckReport {
  ok: boolean;
  checks: SmokeCheck[];
  /** One line for the operator: what passed, or which checks failed and how. */
  summary: string;
}

const LABELS: Record<SmokeCheckName, string> = { 'lms-heartbeat': 'LMS heartbeat', lms: 'LMS', studio: 'Studio', preview: 'Preview' };

/**
 * The activation gate (SPEC §16): the LMS extended heartbeat and the LMS, Studio and preview home
 * pages, asked of the app server directly with each domain as Host; each must answer below 400
 * (a redirect counts as up: the LMS sends visitors to its login page).
 */
export async function runSmokeChecks(target: SmokeCheckTarget): Promise<SmokeCheckReport> {
  const scheme = target.scheme ?? 'http';
  const wanted: { name: SmokeCheckName; domain: string; path: string }[] = [
    { name: 'lms-heartbeat', domain: target.domains.lms, path: '/heartbeat?extended' },
    { name: 'lms', domain: target.domains.lms, path: '/' },
    { name: 'studio', domain: target.domains.studio, path: '/' },
    { name: 'preview', domain: target.domains.preview, path: '/' },
  ];
  const headers: Record<string, string> = {};
  if (target.basicAuth) {
    headers.Authorization = `Basic ${Buffer.from(`${target.basicAuth.username}:${target.basicAuth.password}`).toString('base64')}`;
  }
  const checks = await Promise.all(
    wanted.map(async ({ name, domain, path }): Promise<SmokeCheck> => {
      const url = `${scheme}://${domain}${path}`;
      const result = await probe({
        url,
        connectTo: { address: target.address, port: target.httpPort },
        hostHeader: domain,
        headers,
        timeoutMs: target.timeoutMs,
      });
      if ('error' in result) return { name, url, error: result.error, ok: false };
      return { name, url, status: result.status, ok: result.status < 400 };
    }),
  );
  const ok = checks.every((c) => c.ok);
  return { ok, checks, summary: summarizeSmokeChecks(checks) };
}

/** "Studio answered 500; Preview: no answer within 5 s", or that all passed. */
export function summarizeSmokeChecks(checks: SmokeCheck[]): string {
  const failed = checks.filter((c) => !c.ok);
  if (failed.length === 0) return `All ${checks.length} smoke checks passed`;
  const parts = failed.map((c) => (c.status !== undefined ? `${LABELS[c.name]} answered ${c.status}` : `${LABELS[c.name]}: ${c.error ?? 'no answer'}`));
  return `Smoke checks failed: ${parts.join('; ')}`;
}
