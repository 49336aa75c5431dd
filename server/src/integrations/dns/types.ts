/** Why a DNS call failed, so callers can tell "fix the settings" from "try again later". */
export type DnsErrorKind = 'auth' | 'not-found-zone' | 'rate-limited' | 'server' | 'bad-request';

/**
 * A refusal or failure of the DNS provider. Carries the provider's status and message and the
 * request line, never the credentials.
 */
export class DnsError extends Error {
  constructor(
    readonly kind: DnsErrorKind,
    /** HTTP status, or null when no answer arrived (network error, timeout) or we refused before asking. */
    readonly status: number | null,
    /** The provider's own message (or ours when we refused before asking). */
    readonly detail: string,
    /** What was asked, e.g. `PUT /domains/example.com/records/lms/CNAME`; empty for a local refusal. */
    readonly request: string = '',
  ) {
    super(`${request ? `${request}: ` : ''}${status === null ? '' : `${status} `}${detail}`);
    this.name = 'DnsError';
  }

  /** Worth trying again later (the provider already got its bounded retries). */
  get transient(): boolean {
    return this.kind === 'server' || this.kind === 'rate-limited';
  }
}

/** One DNS service holding the CNAMEs of the instances' internal domains (SPEC §9.5). */
export interface DnsProvider {
  readonly name: 'gandi' | 'none';
  /** Creates the CNAME `fqdn → target` or changes it in place; `target` gets its final dot added. */
  upsertCname(fqdn: string, target: string, ttl: number): Promise<void>;
  /**
   * Removes the CNAME; one that is already absent counts as removed. A name no zone of the account
   * holds is a `not-found-zone` error, not success: the caller decides (a wrong key must not look like done).
   */
  deleteCname(fqdn: string): Promise<void>;
  /** The zone of the account that holds `fqdn` (longest suffix), or null when none does. */
  zoneFor(fqdn: string): Promise<string | null>;
  /**
   * Whether any record of any type exists at one of `fqdns` (a name may be a wildcard, `*.x.example.com`).
   * A name no zone of the account holds has none here. Unreachable or refusing provider: a `DnsError`.
   */
  hasRecords(fqdns: string[]): Promise<boolean>;
}
