export { appJwt, InstallationTokens, loadAppPrivateKey, type GitHubAppCredentials } from './app-auth.ts';
export { GITHUB_DEFAULT_API_URL, GitHubRestClient, nextPage, rateLimitReset, type GitHubClientOptions } from './client.ts';
export { CachedMembership, MEMBERSHIP_CACHE_MS } from './membership.ts';
export { OPEN_PULL_REQUESTS_QUERY, pullRequestFromGraphQl, pullRequestFromRest } from './pull-requests.ts';
export {
  GitHubError,
  GitHubRateLimited,
  type CheckRunInput,
  type CommitStatusInput,
  type CommitStatusState,
  type GitHubClient,
  type GitHubErrorKind,
  type IssueComment,
  type PullRequestSnapshot,
  type PullRequestState,
  type RepositoryName,
} from './types.ts';
export {
  HANDLED_PULL_REQUEST_ACTIONS,
  parseWebhookHeaders,
  verifyWebhookSignature,
  webhookDisposition,
  webhookSignature,
  type WebhookDelivery,
} from './webhooks.ts';
