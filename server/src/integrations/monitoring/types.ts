/** What a monitoring provider needs to know of an instance. */
export interface MonitoredInstance {
  /** Stable and unique per instance (its id): outside objects are named from it, so a retry finds them. */
  key: string;
  /** For people reading the provider's console. */
  name: string;
  /** Public URLs to watch (LMS, Studio, preview, extended heartbeat). */
  urls: string[];
  /** Who hears about an outage: ADMINS plus the instance's monitoring emails. */
  emails: string[];
}

/** Availability monitoring outside the manager (SPEC §9.7), turned on at activation and off when nothing is active or on archive. */
export interface MonitoringProvider {
  readonly name: 'builtin' | 'newrelic';
  /** Creates what is missing and removes what no longer applies (URLs, recipients); safe to repeat. */
  enable(instance: MonitoredInstance): Promise<void>;
  /** Removes everything made for the instance; what is already gone counts as removed. */
  disable(instanceKey: string): Promise<void>;
}

/** A provider refused or failed; the message never carries the API key. */
export class MonitoringError extends Error {
  /** The provider's Retry-After hint, when it sent one. */
  retryAfterMs?: number;

  constructor(
    readonly provider: 'newrelic',
    /** HTTP status, or null when no answer came (network error, timeout). */
    readonly status: number | null,
    readonly method: string,
    /** The path asked for, without the base URL. */
    readonly path: string,
    /** The provider's own message. */
    readonly detail: string,
  ) {
    super(`${provider} ${method} ${path}: ${status === null ? '' : `${status} `}${detail}`);
    this.name = 'MonitoringError';
  }

  /** Worth retrying later: no answer, 5xx or 429. */
  get transient(): boolean {
    return this.status === null || this.status >= 500 || this.status === 429;
  }

  /** The key is wrong or lacks the rights: retrying will not help, an operator must act. */
  get unauthorized(): boolean {
    return this.status === 401 || this.status === 403;
  }
}
