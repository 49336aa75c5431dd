import { builder } from './builder.ts';
import { pool } from '../db.ts';
import { driftReferences, findAppServerOrThrowForGraphQL } from '../data/app-servers.ts';
import { findDeploymentOrThrowForGraphQL } from '../data/deployments.ts';
import { findInstanceForGraphQL, findInstanceOrThrowForGraphQL, findInstancesForGraphQL } from '../data/instances.ts';
import { config } from '../settings.ts';
import { openPullRequestHeads } from '../data/watched-pull-requests.ts';
import { DatabaseModeEnum, InstanceProfileEnum, RecipeEnum } from './enums.ts';
import { actorOf } from './actor.ts';
import { InvalidStateError, NotFoundError, PrManagedFieldError, ValidationError } from '../errors.ts';
import { archiveInstance, createInstance, defaultsFor, updateInstance } from '../services/instances.ts';
import { SNAPSHOT_FIELDS, spawnAppServer } from '../services/appservers.ts';
import { driftedFields } from '../domain/instance-fields.ts';
import type { InputFieldBuilder } from '@pothos/core';
import { AppServerType } from './app-server.ts';
import { selecting } from './selection.ts';
import { loadBatched } from './batch.ts';
import { assertOperable, instanceReadFilter, mayCreateInstanceIn, mayReadObject } from '../services/access.ts';
import { ForbiddenError } from '../errors.ts';
import { organizationExists } from '../data/organizations.ts';

const InstanceUrls = builder.objectRef<{ lms: string; studio: string; preview: string }>('InstanceUrls').implement({
  fields: (t) => ({ lms: t.exposeString('lms'), studio: t.exposeString('studio'), preview: t.exposeString('preview') }),
});

/** Where an operator opens the instance: through the load balancer, on the public port for the local one. */
function urlFor(domain: string): string {
  const cfg = config();
  if (cfg.loadBalancerProvider === 'local') {
    const pub = new URL(cfg.publicUrl);
    return `${pub.protocol}//${domain}${pub.port ? `:${pub.port}` : ''}/`;
  }
  return `https://${domain}/`;
}

const InstanceDrift = builder.objectRef<{ fields: string[]; commitChanged: boolean; appServerId: string }>('InstanceDrift').implement({
  fields: (t) => ({
    fields: t.exposeStringList('fields', { description: 'Names of the configuration fields that differ.' }),
    commitChanged: t.exposeBoolean('commitChanged', { description: 'The pull request head moved (PR sandboxes).' }),
    appServer: t.prismaField({
      type: 'AppServer',
      description: 'The app server compared with.',
      resolve: (query, d) => findAppServerOrThrowForGraphQL(selecting(query), d.appServerId),
    }),
  }),
});

const InstanceDefaults = builder.objectRef<ReturnType<typeof defaultsFor>>('InstanceDefaults').implement({
  description: 'What a new instance gets for the fields left out (SPEC §3). Secrets are never defaults.',
  fields: (t) => ({
    profile: t.field({ type: InstanceProfileEnum, resolve: (d) => d.profile }),
    baseDomain: t.exposeString('baseDomain'),
    recipe: t.field({ type: RecipeEnum, resolve: (d) => d.recipe as 'ansible' | 'tutor' | 'shell' }),
    email: t.exposeString('email'),
    openedxRelease: t.exposeString('openedxRelease'),
    configurationSourceRepoUrl: t.exposeString('configurationSourceRepoUrl'),
    configurationVersion: t.exposeString('configurationVersion'),
    edxPlatformRepositoryUrl: t.exposeString('edxPlatformRepositoryUrl'),
    edxPlatformCommit: t.exposeString('edxPlatformCommit'),
    databaseMode: t.field({ type: DatabaseModeEnum, resolve: (d) => d.databaseMode }),
    appServerCount: t.exposeInt('appServerCount'),
    flavor: t.exposeString('flavor'),
    image: t.exposeString('image'),
    lmsPreviewDomainPrefix: t.string({ resolve: () => config().lmsPreviewDomainPrefix }),
    studioDomainPrefix: t.string({ resolve: () => config().studioDomainPrefix }),
  }),
});

builder.queryField('defaults', (t) =>
  t.field({
    type: InstanceDefaults,
    description: 'The non-secret defaults of the new-instance form, for a profile (SANDBOX when omitted).',
    args: { profile: t.arg({ type: InstanceProfileEnum, required: false }) },
    resolve: (_root, { profile }) => defaultsFor(profile ?? 'SANDBOX'),
  }),
);

// Select mode: a read asks Postgres only for the columns its fields need, never the encrypted secrets.
const SNAPSHOT_SELECT = Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, true]));

export const InstanceType = builder.prismaNode('Instance', {
  id: { field: 'id' },
  select: { id: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    subDomain: t.exposeString('subDomain'),
    baseDomain: t.exposeString('baseDomain'),
    internalLmsDomain: t.exposeString('internalLmsDomain'),
    internalStudioDomain: t.exposeString('internalStudioDomain'),
    internalPreviewDomain: t.exposeString('internalPreviewDomain'),
    externalLmsDomain: t.exposeString('externalLmsDomain', { nullable: true }),
    externalStudioDomain: t.exposeString('externalStudioDomain', { nullable: true, description: 'Blank: the Studio prefix + the external LMS domain.' }),
    externalPreviewDomain: t.exposeString('externalPreviewDomain', { nullable: true, description: 'Blank: the preview prefix + the external LMS domain.' }),
    profile: t.expose('profile', { type: InstanceProfileEnum }),
    recipe: t.expose('recipe', { type: RecipeEnum }),
    email: t.exposeString('email'),
    openedxRelease: t.exposeString('openedxRelease'),
    configurationSourceRepoUrl: t.exposeString('configurationSourceRepoUrl'),
    configurationVersion: t.exposeString('configurationVersion'),
    configurationExtraSettings: t.exposeString('configurationExtraSettings', { description: 'YAML mapping, merged over the generated settings (SPEC §7.2).' }),
    edxPlatformRepositoryUrl: t.exposeString('edxPlatformRepositoryUrl'),
    edxPlatformCommit: t.exposeString('edxPlatformCommit'),
    databaseMode: t.expose('databaseMode', { type: DatabaseModeEnum }),
    appServerCount: t.exposeInt('appServerCount'),
    flavor: t.exposeString('flavor', { description: 'JSON: {"name": …} or {"ram": …, "disk": …, "vcpus": …}.' }),
    image: t.exposeString('image', { description: 'JSON: {"name": …} or {"id": …}.' }),
    sshKeyName: t.exposeString('sshKeyName'),
    additionalSecurityGroups: t.exposeStringList('additionalSecurityGroups'),
    monitoringEmails: t.exposeStringList('monitoringEmails'),
    provisioningFailureEmails: t.exposeStringList('provisioningFailureEmails'),
    databaseName: t.exposeString('databaseName'),
    urls: t.field({
      type: InstanceUrls,
      select: {
        internalLmsDomain: true,
        internalStudioDomain: true,
        internalPreviewDomain: true,
        externalLmsDomain: true,
        externalStudioDomain: true,
        externalPreviewDomain: true,
      },
      resolve: (i) => {
        const cfg = config();
        const ext = i.externalLmsDomain;
        return {
          lms: urlFor(ext ?? i.internalLmsDomain),
          studio: urlFor(i.externalStudioDomain ?? (ext ? `${cfg.studioDomainPrefix}${ext}` : i.internalStudioDomain)),
          preview: urlFor(i.externalPreviewDomain ?? (ext ? `${cfg.lmsPreviewDomainPrefix}${ext}` : i.internalPreviewDomain)),
        };
      },
    }),
    drift: t.field({
      type: InstanceDrift,
      nullable: true,
      description: 'Configuration fields changed since the active app server (or, with none active, the newest) was created; null before the first.',
      select: SNAPSHOT_SELECT,
      resolve: async (i, _args, ctx) => {
        // Both batches start together, so the list costs one statement each whatever resolves first.
        const [reference, head] = await Promise.all([
          loadBatched(ctx, 'driftReference', i.id, (ids) => driftReferences(pool, ids)),
          loadBatched(ctx, 'openPullRequestHead', i.id, (ids) => openPullRequestHeads(pool, ids)),
        ]);
        if (!reference) return null;
        // A PR sandbox drifts when its head moved past what the compared app server runs.
        const commitChanged = head !== undefined && head !== reference.edxPlatformCommit;
        return { fields: driftedFields(i, reference, SNAPSHOT_FIELDS), commitChanged, appServerId: reference.id as string };
      },
    }),
    isArchived: t.boolean({ select: { archivedAt: true }, resolve: (i) => Boolean(i.archivedAt) }),
    archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    activeAppServers: t.relation('appServers', { query: { where: { active: true }, orderBy: { number: 'asc' } } }),
    // Loaded with the instance list in one statement, not one per instance.
    newestAppServer: t.field({
      type: AppServerType,
      nullable: true,
      select: (_args, _ctx, nestedSelection) => ({ appServers: nestedSelection({ orderBy: { number: 'desc' }, take: 1 }) }),
      resolve: (i) => i.appServers[0] ?? null,
    }),
    appServers: t.relatedConnection('appServers', { cursor: 'id', query: { orderBy: { number: 'desc' } } }),
    deployments: t.relatedConnection('deployments', { cursor: 'id', query: { orderBy: { createdAt: 'desc' } } }),
  }),
});

const InstanceFilter = builder.inputType('InstanceFilter', {
  fields: (t) => ({
    search: t.string({ required: false, description: 'Matches the name or the LMS domain.' }),
    includeArchived: t.boolean({ required: false }),
    organizationId: t.globalID({
      required: false,
      description: 'Only the instances this organization owns (among those you may see: staff, instance managers and superusers see every organization).',
    }),
  }),
});

builder.queryField('instances', (t) =>
  t.prismaConnection({
    type: 'Instance',
    cursor: 'id',
    args: { filter: t.arg({ type: InstanceFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const search = filter?.search?.trim();
      return findInstancesForGraphQL(query, {
        AND: [
          instanceReadFilter(ctx.user),
          // Another type's id owns nothing: an empty page, like an unknown organization.
          ...(filter?.organizationId
            ? [filter.organizationId.typename === 'Organization' ? { ownerOrganizationId: filter.organizationId.id } : { id: { in: [] as string[] } }]
            : []),
        ],
        ...(filter?.includeArchived ? {} : { archivedAt: null }),
        ...(search ? { OR: [{ name: { contains: search, mode: 'insensitive' } }, { internalLmsDomain: { contains: search, mode: 'insensitive' } }] } : {}),
      });
    },
  }),
);

builder.queryField('instance', (t) =>
  t.prismaField({
    type: 'Instance',
    nullable: true,
    args: { id: t.arg.globalID({ for: InstanceType, required: true }) },
    resolve: async (query, _root, { id }, ctx) => ((await mayReadObject(ctx.user, 'Instance', id.id)) ? findInstanceForGraphQL(selecting(query), id.id) : null),
  }),
);

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The configurable fields of SPEC §3 that create and update share; omitted = default or unchanged. */
function configurableFields(t: InputFieldBuilder<Types, 'InputObject'>) {
  return {
    name: t.string({ required: false }),
    recipe: t.field({ type: RecipeEnum, required: false }),
    email: t.string({ required: false, description: 'Contact address; default contact@<base domain>.' }),
    openedxRelease: t.string({ required: false, description: 'A git ref: letters, digits and . _ / + - (≤ 200).' }),
    configurationSourceRepoUrl: t.string({ required: false, description: 'https, http, ssh or git URL, or git@host:owner/repo.git.' }),
    configurationVersion: t.string({ required: false }),
    edxPlatformRepositoryUrl: t.string({ required: false }),
    edxPlatformCommit: t.string({ required: false }),
    configurationExtraSettings: t.string({ required: false, description: 'A YAML mapping; in a patch a blank clears it.' }),
    databaseMode: t.field({ type: DatabaseModeEnum, required: false }),
    flavor: t.string({ required: false, description: 'JSON: {"name": "m1.medium"} or {"ram": 4096, "disk": 40}.' }),
    image: t.string({ required: false, description: 'JSON: {"name": "Ubuntu 22.04"} or {"id": "…"}.' }),
    additionalSecurityGroups: t.stringList({ required: false, description: 'Replaces the list; they must exist at the provider.' }),
    externalLmsDomain: t.string({
      required: false,
      description: 'The customer’s own domain, routed by the load balancer (no DNS); in a patch a blank clears it.',
    }),
    externalStudioDomain: t.string({ required: false, description: 'Unset: the Studio prefix + the external LMS domain; in a patch a blank clears it.' }),
    externalPreviewDomain: t.string({ required: false, description: 'Unset: the preview prefix + the external LMS domain; in a patch a blank clears it.' }),
    monitoringEmails: t.stringList({ required: false }),
    provisioningFailureEmails: t.stringList({ required: false }),
    appServerCount: t.int({ required: false, description: 'App servers per deployment, 1–5.' }),
  };
}

const CreateInstanceInput = builder.inputType('CreateInstanceInput', {
  fields: (t) => ({
    ...configurableFields(t),
    name: t.string({ required: true }),
    subDomain: t.string({ required: true, description: 'One DNS label: 3–63 lowercase letters, digits and hyphens.' }),
    profile: t.field({ type: InstanceProfileEnum, required: false, description: 'SANDBOX (default) or PRODUCTION (stable defaults, PERSISTENT); immutable.' }),
    ownerOrganizationId: t.globalID({
      required: false,
      description: "The owning organization; default the creator's. Other organizations: instance managers and superusers only.",
    }),
  }),
});

const UpdateInstanceInput = builder.inputType('UpdateInstanceInput', {
  description: 'Only the fields given change; nothing is redeployed (the next spawn uses them).',
  fields: (t) => configurableFields(t),
});

const SpawnAppServerOptions = builder.inputType('SpawnAppServerOptions', {
  fields: (t) => ({
    activateOnSuccess: t.boolean({ required: false }),
    numAttempts: t.int({ required: false }),
    cancelPending: t.boolean({ required: false }),
  }),
});

builder.mutationField('createInstance', (t) =>
  t.prismaField({
    type: 'Instance',
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateInstanceInput, required: true }), deploy: t.arg.boolean({ required: false }) },
    description: 'With `deploy`, also spawns the first deployment, activating it once healthy, in the same transaction.',
    resolve: async (query, _root, { input: { ownerOrganizationId, ...input }, deploy }, ctx) => {
      if (ownerOrganizationId && (ownerOrganizationId.typename !== 'Organization' || !(await organizationExists(pool, ownerOrganizationId.id)))) {
        throw new ValidationError('ownerOrganizationId', 'No such organization.');
      }
      const owner = ownerOrganizationId ? ownerOrganizationId.id : (ctx.user!.organizationId ?? null);
      if (!mayCreateInstanceIn(ctx.user, owner)) throw new ForbiddenError('Your role may not create instances for this organization.');
      return findInstanceOrThrowForGraphQL(selecting(query), await createInstance(actorOf(ctx), input, { deploy, ownerOrganizationId: owner }));
    },
  }),
);

builder.mutationField('updateInstance', (t) =>
  t.prismaField({
    type: 'Instance',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError, PrManagedFieldError] },
    description: 'Stores the patch; external domains reach the load balancer at once, the rest the next spawn.',
    args: { id: t.arg.globalID({ for: InstanceType, required: true }), patch: t.arg({ type: UpdateInstanceInput, required: true }) },
    resolve: async (query, _root, { id, patch }, ctx) => {
      await assertOperable(ctx.user, 'Instance', id.id);
      return findInstanceOrThrowForGraphQL(selecting(query), await updateInstance(actorOf(ctx), id.id, patch));
    },
  }),
);

builder.mutationField('spawnAppServer', (t) =>
  t.prismaField({
    type: 'Deployment',
    description: 'Starts a deployment: one new app server per slot, provisioned in the background.',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { instanceId: t.arg.globalID({ for: InstanceType, required: true }), options: t.arg({ type: SpawnAppServerOptions, required: false }) },
    resolve: async (query, _root, { instanceId, options }, ctx) => {
      await assertOperable(ctx.user, 'Instance', instanceId.id);
      return findDeploymentOrThrowForGraphQL(selecting(query), await spawnAppServer(actorOf(ctx), instanceId.id, options ?? {}));
    },
  }),
);

builder.mutationField('archiveInstance', (t) =>
  t.prismaField({
    type: 'Instance',
    description: 'Terminates every app server and drops the routing; databases and logs are kept.',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.globalID({ for: InstanceType, required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      await assertOperable(ctx.user, 'Instance', id.id);
      return findInstanceOrThrowForGraphQL(selecting(query), await archiveInstance(actorOf(ctx), id.id));
    },
  }),
);
