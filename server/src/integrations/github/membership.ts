import type { GitHubClient } from './types.ts';

/** SPEC §10.2 caches GitHub organization membership for ten minutes. */
export const MEMBERSHIP_CACHE_MS = 10 * 60_000;

/**
 * GitHub organization membership, asked once per (org, login) per ten minutes; concurrent
 * questions share one request. Failures are not cached.
 */
export class CachedMembership {
  private readonly answers = new Map<string, { member: boolean; at: number }>();
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly client: Pick<GitHubClient, 'isOrganizationMember'>,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = MEMBERSHIP_CACHE_MS,
  ) {}

  async isMember(org: string, login: string): Promise<boolean> {
    const key = `${org.toLowerCase()}/${login.toLowerCase()}`;
    const known = this.answers.get(key);
    if (known && this.now() - known.at < this.ttlMs) return known.member;
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.client
        .isOrganizationMember(org, login)
        .then((member) => {
          this.answers.set(key, { member, at: this.now() });
          return member;
        })
        .finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    return pending;
  }
}
