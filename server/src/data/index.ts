/**
 * Data access: one module per table, holding every statement our code writes against it, as SQL
 * over pg. Each function takes the `Queryable` to run on first (the pool, or the client of the
 * caller's transaction), so the caller chooses the transaction, and pg-boss sends (`enqueue`)
 * and NOTIFY (`announce`) commit in that same transaction as the rows.
 *
 * Rules:
 * - A statement that spans tables lives with the table whose rows it returns or changes (a
 *   join that reads app servers with their servers is in app-servers.ts; the update of a
 *   deployment keyed by one of its app servers is in deployments.ts).
 * - Lease compare-and-set (provisioning-steps.ts), state compare-and-set (app-servers.ts,
 *   servers.ts), advisory locks on a table's rows (capacity, database names, login pairs, log
 *   scopes) and the batched log insert are named functions here; generic helpers (transactions,
 *   session advisory locks, NOTIFY/LISTEN, the migration runner) stay in db.ts.
 * - Prisma remains only for GraphQL reads, where the Pothos prisma plugin's `query` selects what
 *   the document asks for: the `…ForGraphQL` functions of each module take that `query`.
 * - Modules here import db.ts, generated types and each other, never services, jobs or schema.
 *
 * test/unit/data-access.test.ts fails on a statement written anywhere else.
 */
export * as activationWatches from './activation-watches.ts';
export * as apiTokens from './api-tokens.ts';
export * as appServers from './app-servers.ts';
export * as auditEvents from './audit-events.ts';
export * as betaTestApplications from './beta-test-applications.ts';
export * as deployments from './deployments.ts';
export * as githubDeliveries from './github-deliveries.ts';
export * as emailVerifications from './email-verifications.ts';
export * as instances from './instances.ts';
export * as logEntries from './log-entries.ts';
export * as loginFailures from './login-failures.ts';
export * as organizations from './organizations.ts';
export * as provisionedResources from './provisioned-resources.ts';
export * as provisioningSteps from './provisioning-steps.ts';
export * as servers from './servers.ts';
export * as sessions from './sessions.ts';
export * as urlAvailability from './url-availability.ts';
export * as users from './users.ts';
export * as watchedForks from './watched-forks.ts';
export * as watchedPullRequests from './watched-pull-requests.ts';
export * as workerJobs from './worker-jobs.ts';
export * as workerProcesses from './worker-processes.ts';
