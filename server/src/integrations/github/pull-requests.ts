// Pull requests as REST, webhooks and GraphQL describe them, turned into one snapshot.
import type { PullRequestSnapshot, PullRequestState } from './types.ts';

/** The reconcile query (SPEC §10.1): one page of a repository's open PRs, oldest first. */
export const OPEN_PULL_REQUESTS_QUERY = /* GraphQL */ `
  query OpenPullRequests($owner: String!, $name: String!, $cursor: String) {
    repository(owner: $owner, name: $name) {
      pullRequests(states: [OPEN], first: 100, after: $cursor, orderBy: { field: CREATED_AT, direction: ASC }) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          number
          url
          title
          body
          isDraft
          state
          closedAt
          updatedAt
          author {
            login
          }
          headRefName
          headRefOid
          headRepository {
            nameWithOwner
          }
          baseRefName
          baseRepository {
            nameWithOwner
          }
        }
      }
    }
  }
`;

export interface GraphQlPullRequest {
  number: number;
  url: string;
  title: string;
  body: string | null;
  isDraft: boolean;
  state: PullRequestState;
  closedAt: string | null;
  updatedAt: string;
  author: { login: string } | null;
  headRefName: string;
  headRefOid: string;
  headRepository: { nameWithOwner: string } | null;
  baseRefName: string;
  baseRepository: { nameWithOwner: string } | null;
}

export interface OpenPullRequestsPage {
  repository: {
    pullRequests: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: (GraphQlPullRequest | null)[] };
  } | null;
}

export function pullRequestFromGraphQl(repo: string, node: GraphQlPullRequest): PullRequestSnapshot {
  return {
    repo: node.baseRepository?.nameWithOwner ?? repo,
    number: node.number,
    url: node.url,
    title: node.title,
    body: node.body ?? '',
    authorLogin: node.author?.login ?? 'ghost',
    state: node.state,
    draft: node.isDraft,
    headRepo: node.headRepository?.nameWithOwner ?? null,
    headRef: node.headRefName,
    headSha: node.headRefOid,
    baseRef: node.baseRefName,
    closedAt: node.closedAt,
    updatedAt: node.updatedAt,
  };
}

/** A `pull_request` object of the REST API or of a webhook payload (the same shape). */
export function pullRequestFromRest(pr: any): PullRequestSnapshot {
  if (!pr || typeof pr !== 'object' || !Number.isInteger(pr.number) || !pr.head || !pr.base) throw new Error('not a pull request object');
  const state: PullRequestState = pr.state === 'open' ? 'OPEN' : pr.merged_at || pr.merged ? 'MERGED' : 'CLOSED';
  return {
    repo: String(pr.base.repo?.full_name ?? ''),
    number: pr.number,
    url: String(pr.html_url ?? ''),
    title: String(pr.title ?? ''),
    body: typeof pr.body === 'string' ? pr.body : '',
    authorLogin: String(pr.user?.login ?? 'ghost'),
    state,
    draft: pr.draft === true,
    headRepo: pr.head.repo?.full_name ?? null,
    headRef: String(pr.head.ref ?? ''),
    headSha: String(pr.head.sha ?? ''),
    baseRef: String(pr.base.ref ?? ''),
    closedAt: pr.closed_at ?? null,
    updatedAt: String(pr.updated_at ?? ''),
  };
}
