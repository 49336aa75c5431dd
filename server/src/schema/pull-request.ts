import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from './builder.ts';
import { actorOf } from './actor.ts';
import { selecting } from './selection.ts';
import { DatabaseModeEnum } from './enums.ts';
import { InstanceType } from './instance.ts';
import { findInstanceOrThrowForGraphQL } from '../data/instances.ts';
import { findWatchedForkOrThrowForGraphQL, watchedForksForGraphQL } from '../data/watched-forks.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { createWatchedFork, deleteWatchedFork, updateWatchedFork, type WatchedForkInput } from '../services/watched-forks.ts';
import { setupExternalPrSandbox, updateInstanceFromPullRequest } from '../services/pr-sandboxes.ts';
import { assertOperable } from '../services/access.ts';

// Pull-request sandboxes (SPEC §10): watched forks (superusers) and the PR behind a sandbox.

const PullRequestStateEnum = builder.enumType('PullRequestState', { values: ['OPEN', 'CLOSED', 'MERGED'] as const });

export const WatchedForkType = builder.prismaNode('WatchedFork', {
  id: { field: 'id' },
  fields: (t) => ({
    fork: t.exposeString('fork', { description: 'owner/repo: pull requests to it get sandboxes.' }),
    organizationName: t.string({
      description: 'The organization the sandboxes belong to; its members’ (and its GitHub organization’s) PRs qualify.',
      select: { organization: { select: { name: true } } },
      resolve: (f) => f.organization.name,
    }),
    enabled: t.exposeBoolean('enabled'),
    sandboxSubdomainTemplate: t.exposeString('sandboxSubdomainTemplate', { description: 'E.g. pr{number}.sandbox; unique across forks.' }),
    redeployOnPush: t.exposeBoolean('redeployOnPush'),
    openedxRelease: t.exposeString('openedxRelease', { nullable: true }),
    configurationSourceRepoUrl: t.exposeString('configurationSourceRepoUrl', { nullable: true }),
    configurationVersion: t.exposeString('configurationVersion', { nullable: true }),
    image: t.exposeString('image', { nullable: true }),
    configurationExtraSettings: t.exposeString('configurationExtraSettings', {
      description: 'YAML mapping, settings layer 3 of qualifying PR sandboxes (SPEC §7.2); may hold secrets.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const WatchedPullRequestType = builder.prismaNode('WatchedPullRequest', {
  id: { field: 'id' },
  fields: (t) => ({
    repo: t.exposeString('repo', { description: 'The base repository, owner/repo.' }),
    number: t.exposeInt('number'),
    url: t.exposeString('url'),
    title: t.exposeString('title'),
    authorLogin: t.exposeString('authorLogin'),
    headRepo: t.exposeString('headRepo', { nullable: true }),
    headRef: t.exposeString('headRef'),
    headSha: t.exposeString('headSha'),
    baseRef: t.exposeString('baseRef'),
    state: t.expose('state', { type: PullRequestStateEnum }),
    draft: t.exposeBoolean('draft'),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    settingsYaml: t.exposeString('settingsYaml', { nullable: true, description: 'The Settings block as written; null without one.' }),
    settingsError: t.exposeString('settingsError', { nullable: true, description: 'Why the block cannot be used; nothing deploys until fixed.' }),
    databaseModeTag: t.expose('databaseModeTag', { type: DatabaseModeEnum, nullable: true }),
    qualifies: t.exposeBoolean('qualifies', { description: 'Deployed automatically (SPEC §10.2); false for outsiders and external sandboxes.' }),
    deployedHeadSha: t.exposeString('deployedHeadSha', { nullable: true, description: 'The head of the latest PR deployment.' }),
    settingsChangedSinceDeployment: t.boolean({ resolve: (p) => Boolean(p.settingsChangedAt) }),
    redeployDueAt: t.expose('redeployDueAt', { type: 'DateTime', nullable: true, description: 'When the debounced redeploy after a push runs.' }),
    lastSyncedAt: t.expose('lastSyncedAt', { type: 'DateTime', nullable: true }),
    watchedFork: t.relation('watchedFork', { nullable: true }),
    instance: t.relation('instance', { nullable: true }),
  }),
});

builder.prismaObjectField('Instance', 'pullRequest', (t) =>
  t.relation('pullRequest', { nullable: true, description: 'The pull request of a PR sandbox; null for other instances.' }),
);

builder.queryField('watchedForks', (t) =>
  t.prismaField({
    type: ['WatchedFork'],
    authScopes: { staff: true },
    description: 'Every watched fork (staff and superusers read; superusers change them).',
    resolve: (query) => watchedForksForGraphQL(query),
  }),
);

function forkFields(t: any, create: boolean) {
  return {
    organization: t.string({ required: create, description: 'Organization name (created with this GitHub handle when missing).' }),
    fork: t.string({ required: create, description: 'owner/repo' }),
    enabled: t.boolean({ required: false }),
    sandboxSubdomainTemplate: t.string({ required: false, description: 'Default pr{number}.sandbox.' }),
    redeployOnPush: t.boolean({ required: false }),
    openedxRelease: t.string({ required: false, description: 'A blank clears it.' }),
    configurationSourceRepoUrl: t.string({ required: false, description: 'A blank clears it.' }),
    configurationVersion: t.string({ required: false, description: 'A blank clears it.' }),
    image: t.string({ required: false, description: 'JSON {"name": …} or {"id": …}; a blank clears it.' }),
    configurationExtraSettings: t.string({ required: false, description: 'A YAML mapping; a blank clears it.' }),
  };
}

const CreateWatchedForkInput = builder.inputType('CreateWatchedForkInput', { fields: (t) => forkFields(t, true) });
const UpdateWatchedForkInput = builder.inputType('UpdateWatchedForkInput', { fields: (t) => forkFields(t, false) });

builder.mutationField('createWatchedFork', (t) =>
  t.prismaField({
    type: 'WatchedFork',
    authScopes: { superuser: true },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateWatchedForkInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => findWatchedForkOrThrowForGraphQL(selecting(query), await createWatchedFork(actorOf(ctx), input as any)),
  }),
);

builder.mutationField('updateWatchedFork', (t) =>
  t.prismaField({
    type: 'WatchedFork',
    authScopes: { superuser: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { id: t.arg.globalID({ for: WatchedForkType, required: true }), patch: t.arg({ type: UpdateWatchedForkInput, required: true }) },
    resolve: async (query, _root, { id, patch }, ctx) =>
      findWatchedForkOrThrowForGraphQL(selecting(query), await updateWatchedFork(actorOf(ctx), id.id, patch as WatchedForkInput)),
  }),
);

builder.mutationField('deleteWatchedFork', (t) =>
  t.field({
    type: 'ID',
    authScopes: { superuser: true },
    description: 'Stops watching; existing sandboxes stay (their PRs become external).',
    errors: { types: [NotFoundError] },
    args: { id: t.arg.globalID({ for: WatchedForkType, required: true }) },
    resolve: async (_root, { id }, ctx) => encodeGlobalID('WatchedFork', await deleteWatchedFork(actorOf(ctx), id.id)),
  }),
);

builder.mutationField('setupExternalPrSandbox', (t) =>
  t.prismaField({
    type: 'Instance',
    authScopes: { superuser: true },
    description: 'A sandbox for any open pull request (extpr{N}.sandbox, without the watched fork’s settings), deployed at once.',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { prUrl: t.arg.string({ required: true, description: 'https://github.com/<owner>/<repo>/pull/<number>' }) },
    resolve: async (query, _root, { prUrl }, ctx) => findInstanceOrThrowForGraphQL(selecting(query), await setupExternalPrSandbox(actorOf(ctx), prUrl)),
  }),
);

builder.mutationField('updateInstanceFromPullRequest', (t) =>
  t.prismaField({
    type: 'Instance',
    description: 'Reads the pull request of a PR sandbox again and stores its fields and settings; with `deploy`, also deploys it.',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { instanceId: t.arg.globalID({ for: InstanceType, required: true }), deploy: t.arg.boolean({ required: false }) },
    resolve: async (query, _root, { instanceId, deploy }, ctx) => {
      // SPEC §2: "update from PR" is operating the instance.
      await assertOperable(ctx.user, 'Instance', instanceId.id);
      return findInstanceOrThrowForGraphQL(selecting(query), await updateInstanceFromPullRequest(actorOf(ctx), instanceId.id, { deploy }));
    },
  }),
);

export { InstanceType };
