import type { CachedMembership, GitHubClient } from './integrations/github/index.ts';

// The GitHub client the composition root (product.ts) built from the settings; null without a
// token or app (then no PR sandboxes). Below services and jobs, like compute.ts.
let client: { github: GitHubClient; membership: CachedMembership } | null = null;

export function gitHub(): { github: GitHubClient; membership: CachedMembership } | null {
  return client;
}

export function setGitHub(value: { github: GitHubClient; membership: CachedMembership } | null): void {
  client = value;
}

// GitHub's rate limit is per token: once one job meets it, every GitHub job waits for the reset.
let pausedUntil = 0;

export function gitHubPausedUntil(): Date | null {
  return pausedUntil > Date.now() ? new Date(pausedUntil) : null;
}

export function pauseGitHub(until: Date): void {
  pausedUntil = Math.max(pausedUntil, until.getTime());
}
