import { builder } from './builder.ts';
import { prisma } from '../db.ts';
import { config } from '../settings.ts';
import { DatabaseModeEnum, InstanceProfileEnum, RecipeEnum } from './enums.ts';
import { actorOf, idOf } from './ids.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { archiveInstance, createInstance, updateInstance } from '../services/instances.ts';
import { spawnAppServer } from '../services/appservers.ts';

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

export const InstanceType = builder.prismaNode('Instance', {
  id: { field: 'id' },
  fields: (t) => ({
    name: t.exposeString('name'),
    subDomain: t.exposeString('subDomain'),
    baseDomain: t.exposeString('baseDomain'),
    internalLmsDomain: t.exposeString('internalLmsDomain'),
    internalStudioDomain: t.exposeString('internalStudioDomain'),
    internalPreviewDomain: t.exposeString('internalPreviewDomain'),
    externalLmsDomain: t.exposeString('externalLmsDomain', { nullable: true }),
    profile: t.expose('profile', { type: InstanceProfileEnum }),
    recipe: t.expose('recipe', { type: RecipeEnum }),
    email: t.exposeString('email'),
    openedxRelease: t.exposeString('openedxRelease'),
    databaseMode: t.expose('databaseMode', { type: DatabaseModeEnum }),
    appServerCount: t.exposeInt('appServerCount'),
    databaseName: t.exposeString('databaseName'),
    urls: t.field({
      type: InstanceUrls,
      resolve: (i) => ({
        lms: urlFor(i.externalLmsDomain ?? i.internalLmsDomain),
        studio: urlFor(i.externalStudioDomain ?? i.internalStudioDomain),
        preview: urlFor(i.externalPreviewDomain ?? i.internalPreviewDomain),
      }),
    }),
    isArchived: t.boolean({ resolve: (i) => Boolean(i.archivedAt) }),
    archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    activeAppServers: t.relation('appServers', { query: { where: { active: true }, orderBy: { number: 'asc' } } }),
    newestAppServer: t.prismaField({
      type: 'AppServer',
      nullable: true,
      resolve: (query, i) => prisma.appServer.findFirst({ ...query, where: { instanceId: i.id }, orderBy: { number: 'desc' } }),
    }),
    appServers: t.relatedConnection('appServers', { cursor: 'id', query: { orderBy: { number: 'desc' } } }),
    deployments: t.relatedConnection('deployments', { cursor: 'id', query: { orderBy: { createdAt: 'desc' } } }),
  }),
});

const InstanceFilter = builder.inputType('InstanceFilter', {
  fields: (t) => ({
    search: t.string({ required: false, description: 'Matches the name or the LMS domain.' }),
    includeArchived: t.boolean({ required: false }),
  }),
});

builder.queryField('instances', (t) =>
  t.prismaConnection({
    type: 'Instance',
    cursor: 'id',
    args: { filter: t.arg({ type: InstanceFilter, required: false }) },
    resolve: (query, _root, { filter }) => {
      const search = filter?.search?.trim();
      return prisma.instance.findMany({
        ...query,
        where: {
          ...(filter?.includeArchived ? {} : { archivedAt: null }),
          ...(search
            ? { OR: [{ name: { contains: search, mode: 'insensitive' } }, { internalLmsDomain: { contains: search, mode: 'insensitive' } }] }
            : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
    },
  }),
);

builder.queryField('instance', (t) =>
  t.prismaField({
    type: 'Instance',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args) => {
      try {
        return prisma.instance.findUnique({ ...query, where: { id: idOf(String(args.id), 'Instance').id } });
      } catch {
        return null;
      }
    },
  }),
);

const CreateInstanceInput = builder.inputType('CreateInstanceInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    subDomain: t.string({ required: true, description: 'One DNS label: 3–63 lowercase letters, digits and hyphens.' }),
    email: t.string({ required: false }),
    openedxRelease: t.string({ required: false }),
    appServerCount: t.int({ required: false }),
  }),
});

const UpdateInstanceInput = builder.inputType('UpdateInstanceInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    email: t.string({ required: false }),
    openedxRelease: t.string({ required: false }),
    appServerCount: t.int({ required: false }),
  }),
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
    resolve: async (_query, _root, { input, deploy }, ctx) => {
      const instance = await createInstance(actorOf(ctx), input);
      if (deploy) await spawnAppServer(actorOf(ctx), instance.id, { activateOnSuccess: true });
      return instance;
    },
  }),
);

builder.mutationField('updateInstance', (t) =>
  t.prismaField({
    type: 'Instance',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateInstanceInput, required: true }) },
    resolve: (_query, _root, { id, input }, ctx) => updateInstance(actorOf(ctx), idOf(String(id), 'Instance').id, input),
  }),
);

builder.mutationField('spawnAppServer', (t) =>
  t.prismaField({
    type: 'Deployment',
    description: 'Starts a deployment: one new app server per slot, provisioned in the background.',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { instanceId: t.arg.id({ required: true }), options: t.arg({ type: SpawnAppServerOptions, required: false }) },
    resolve: (_query, _root, { instanceId, options }, ctx) => spawnAppServer(actorOf(ctx), idOf(String(instanceId), 'Instance').id, options ?? {}),
  }),
);

builder.mutationField('archiveInstance', (t) =>
  t.prismaField({
    type: 'Instance',
    description: 'Terminates every app server and drops the routing; databases and logs are kept.',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, { id }, ctx) => archiveInstance(actorOf(ctx), idOf(String(id), 'Instance').id),
  }),
);
