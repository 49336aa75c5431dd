/** Why a GitHub call failed, so callers can tell "fix the settings" from "try again later". */
export type GitHubErrorKind = 'auth' | 'forbidden' | 'not-found' | 'invalid' | 'rate-limited' | 'server' | 'network' | 'not-configured';

/**
 * A refusal or failure of GitHub. Carries GitHub's status and message and the request line
 * (`POST /repos/o/r/statuses/{sha}`), never a token or a header.
 */
export class GitHubError extends Error {
  constructor(
    readonly kind: GitHubErrorKind,
    /** HTTP status, or null when no answer arrived or we refused before asking. */
    readonly status: number | null,
    readonly detail: string,
    readonly request: string = '',
  ) {
    super(`${request ? `${request}: ` : ''}${status === null ? '' : `${status} `}${detail}`);
    this.name = 'GitHubError';
  }

  /** Worth trying again later (the client already spent its bounded retries). */
  get transient(): boolean {
    return this.kind === 'server' || this.kind === 'network' || this.kind === 'rate-limited';
  }
}

/** GitHub's primary or secondary rate limit: nothing should be asked before `resetAt`. */
export class GitHubRateLimited extends GitHubError {
  constructor(
    readonly resetAt: Date,
    status: number,
    detail: string,
    request: string,
  ) {
    super('rate-limited', status, `${detail} (resets at ${resetAt.toISOString()})`, request);
    this.name = 'GitHubRateLimited';
  }
}

/** A repository as GitHub names it: `owner/repo`. */
export type RepositoryName = string;

export type PullRequestState = 'OPEN' | 'CLOSED' | 'MERGED';

/** What the sandbox handler needs of a PR, the same whether it came from REST, GraphQL or a webhook. */
export interface PullRequestSnapshot {
  /** The base repository, `owner/repo`. */
  repo: RepositoryName;
  number: number;
  url: string;
  title: string;
  /** The description; empty when GitHub sends none. */
  body: string;
  /** `ghost` when the account was deleted. */
  authorLogin: string;
  state: PullRequestState;
  draft: boolean;
  /** `owner/repo` of the head branch; null when that repository was deleted. */
  headRepo: RepositoryName | null;
  headRef: string;
  headSha: string;
  baseRef: string;
  closedAt: string | null;
  updatedAt: string;
}

export type CommitStatusState = 'pending' | 'success' | 'failure' | 'error';

export interface CommitStatusInput {
  state: CommitStatusState;
  /** GitHub keeps 140 characters. */
  description: string;
  context: string;
  targetUrl?: string | null;
}

export interface CheckRunInput {
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'cancelled' | 'neutral' | 'timed_out' | 'action_required' | 'skipped';
  title: string;
  summary: string;
  detailsUrl?: string | null;
  externalId?: string | null;
}

export interface IssueComment {
  id: number;
  body: string;
  authorLogin: string;
  url: string;
}

/** The GitHub calls the PR sandboxes make (SPEC §10), over REST and GraphQL. */
export interface GitHubClient {
  /** The account the client acts as (`login`, or `<app-slug>[bot]` for a GitHub App). */
  viewerLogin(): Promise<string>;
  getPullRequest(repo: RepositoryName, number: number): Promise<PullRequestSnapshot>;
  /** Every open PR of a repository (GraphQL, pages of 100). */
  listOpenPullRequests(repo: RepositoryName): Promise<PullRequestSnapshot[]>;
  /** A branch, tag or SHA as the full commit SHA. */
  resolveRef(repo: RepositoryName, ref: string): Promise<string>;
  setCommitStatus(repo: RepositoryName, sha: string, status: CommitStatusInput): Promise<void>;
  /** Needs the GitHub App settings: GitHub takes check runs from apps only. Returns the run's id. */
  createCheckRun(repo: RepositoryName, run: CheckRunInput): Promise<number>;
  updateCheckRun(repo: RepositoryName, id: number, run: Partial<Omit<CheckRunInput, 'headSha'>>): Promise<void>;
  listIssueComments(repo: RepositoryName, number: number): Promise<IssueComment[]>;
  createIssueComment(repo: RepositoryName, number: number, body: string): Promise<IssueComment>;
  updateIssueComment(repo: RepositoryName, commentId: number, body: string): Promise<IssueComment>;
  /**
   * Edits our comment that starts with `marker` (by `knownId` when given and still there, else
   * found among the PR's comments), or creates it: one comment per PR however often it is called.
   */
  upsertMarkedComment(
    repo: RepositoryName,
    number: number,
    marker: string,
    body: string,
    knownId?: number | null,
  ): Promise<{ comment: IssueComment; created: boolean }>;
  isOrganizationMember(org: string, login: string): Promise<boolean>;
  /** The user's public SSH keys (`ssh-ed25519 AAAA…`); a missing user is a `not-found` error. */
  userPublicKeys(login: string): Promise<string[]>;
}
