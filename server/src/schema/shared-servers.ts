import { builder, type Context } from './builder.ts';
import { pool } from '../db.ts';
import { findInstanceOrThrowForGraphQL } from '../data/instances.ts';
import { findSharedServer, listSharedServers, loadSharedServer, sharedServerClientCount, type SharedServerRow } from '../data/shared-servers.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { createSharedServer, deleteSharedServerById, displayUrl, updateSharedServerById, type SharedServerInput } from '../services/shared-servers.ts';
import { deleteInstance } from '../services/instance-delete.ts';
import { config } from '../settings.ts';
import { actorOf } from './actor.ts';
import { InstanceType } from './instance.ts';
import { selecting } from './selection.ts';

// Shared MySQL, MongoDB and RabbitMQ servers (SPEC §2, §3): staff read them, superusers change
// them; passwords are write-only (served as hasPassword). Also deleteInstance (SPEC §5).

const staffOrSuperuser = (ctx: Context) => Boolean(ctx.user?.isSuperuser || ctx.user?.isStaff);

export const SharedServerKindEnum = builder.enumType('SharedServerKind', { values: ['MYSQL', 'MONGODB', 'RABBITMQ'] as const });

export const SharedServerType = builder.node(builder.objectRef<SharedServerRow>('SharedServer'), {
  description: 'A MySQL, MongoDB or RabbitMQ server shared by PERSISTENT instances; each instance keeps the one it was given.',
  authScopes: (_server, ctx) => staffOrSuperuser(ctx),
  id: { resolve: (s) => s.id },
  loadOne: (id) => findSharedServer(pool, id),
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'kind' in value && 'acceptsNewClients' in value,
  fields: (t) => ({
    kind: t.field({ type: SharedServerKindEnum, resolve: (s) => s.kind }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    url: t.string({ description: 'The address with the user name, never the password.', resolve: (s) => displayUrl(s) }),
    host: t.string({ description: 'Host name(s) (MySQL, MongoDB) or the API host (RabbitMQ).', resolve: (s) => s.hostname ?? new URL(s.apiUrl!).hostname }),
    port: t.int({ nullable: true, description: 'MySQL and MongoDB only.', resolve: (s) => s.port ?? null }),
    username: t.string({ resolve: (s) => s.username ?? s.adminUsername ?? '' }),
    hasPassword: t.boolean({ description: 'The password is stored encrypted and never served.', resolve: (s) => Boolean(s.passwordEnc ?? s.adminPasswordEnc) }),
    replicaSet: t.string({ nullable: true, description: 'MongoDB only.', resolve: (s) => s.replicaSet ?? null }),
    apiUrl: t.string({ nullable: true, description: 'RabbitMQ only: the management API.', resolve: (s) => s.apiUrl ?? null }),
    instanceHost: t.string({ nullable: true, description: 'RabbitMQ only: where app servers reach AMQP.', resolve: (s) => s.instanceHost ?? null }),
    instancePort: t.int({ nullable: true, description: 'RabbitMQ only.', resolve: (s) => s.instancePort ?? null }),
    acceptsNewClients: t.exposeBoolean('acceptsNewClients'),
    instanceCount: t.int({
      description: 'Instances assigned this server, archived ones included.',
      resolve: (s) => sharedServerClientCount(pool, s.kind, s.id),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('sharedServers', (t) =>
  t.field({
    type: [SharedServerType],
    description: 'Staff and superusers: the shared servers of a kind, by name.',
    authScopes: (_root, _args, ctx) => staffOrSuperuser(ctx),
    args: { kind: t.arg({ type: SharedServerKindEnum, required: true }) },
    resolve: (_root, { kind }) => listSharedServers(pool, kind),
  }),
);

const fieldsOf = (t: any, create: boolean) => ({
  name: t.string({ required: create, description: 'Default: the host.' }),
  description: t.string({ required: false }),
  url: t.string({
    required: create,
    description:
      'With the administrator’s password, which is stored encrypted: mysql://user:password@host[:3306], mongodb://user:password@host[:27017][/?replicaSet=name], or the RabbitMQ management API https://user:password@host[:15671].',
  }),
  acceptsNewClients: t.boolean({ required: false, description: 'Whether allocation may give it to instances that have none yet (default true).' }),
  instanceHost: t.string({ required: false, description: 'RabbitMQ only: the AMQP host app servers use (default: the API host).' }),
  instancePort: t.int({ required: false, description: 'RabbitMQ only: the AMQP port (default 5671).' }),
});

const CreateSharedServerInput = builder.inputType('CreateSharedServerInput', {
  fields: (t) => ({ kind: t.field({ type: SharedServerKindEnum, required: true }), ...fieldsOf(t, true) }),
});
const UpdateSharedServerInput = builder.inputType('UpdateSharedServerInput', {
  description: 'Only the fields given change; a new url replaces the address and the password.',
  fields: (t) => fieldsOf(t, false),
});

const superuser = { superuser: true } as const;

async function serverOrThrow(id: string): Promise<SharedServerRow> {
  const row = await findSharedServer(pool, id);
  if (!row) throw new NotFoundError('No such shared server.');
  return row;
}

builder.mutationField('createSharedServer', (t) =>
  t.field({
    type: SharedServerType,
    authScopes: superuser,
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateSharedServerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = await createSharedServer(actorOf(ctx), input.kind, input as SharedServerInput & { name: string; url: string });
      return (await loadSharedServer(pool, input.kind, id))!;
    },
  }),
);

builder.mutationField('updateSharedServer', (t) =>
  t.field({
    type: SharedServerType,
    authScopes: superuser,
    errors: { types: [ValidationError, NotFoundError] },
    args: { id: t.arg.globalID({ for: SharedServerType, required: true }), patch: t.arg({ type: UpdateSharedServerInput, required: true }) },
    resolve: async (_root, { id, patch }, ctx) => {
      const row = await serverOrThrow(id.id);
      await updateSharedServerById(actorOf(ctx), row.kind, row.id, patch as SharedServerInput);
      return (await loadSharedServer(pool, row.kind, row.id))!;
    },
  }),
);

builder.mutationField('deleteSharedServer', (t) =>
  t.field({
    type: 'Boolean',
    description: 'Only a server no instance was ever given: instances keep theirs for life.',
    authScopes: superuser,
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.globalID({ for: SharedServerType, required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const row = await serverOrThrow(id.id);
      await deleteSharedServerById(actorOf(ctx), row.kind, row.id);
      return true;
    },
  }),
);

builder.prismaObjectFields('Instance', (t) => ({
  mysqlServer: t.field({
    type: SharedServerType,
    nullable: true,
    description: 'Picked at the first PERSISTENT allocation, then kept. Null for users who may not read shared servers (staff and superusers may).',
    select: { mysqlServerId: true },
    resolve: (i, _args, ctx) => (staffOrSuperuser(ctx) ? loadSharedServer(pool, 'MYSQL', i.mysqlServerId) : null),
  }),
  mongodbServer: t.field({
    type: SharedServerType,
    nullable: true,
    select: { mongodbServerId: true },
    resolve: (i, _args, ctx) => (staffOrSuperuser(ctx) ? loadSharedServer(pool, 'MONGODB', i.mongodbServerId) : null),
  }),
  rabbitmqServer: t.field({
    type: SharedServerType,
    nullable: true,
    select: { rabbitmqServerId: true },
    resolve: (i, _args, ctx) => (staffOrSuperuser(ctx) ? loadSharedServer(pool, 'RABBITMQ', i.rabbitmqServerId) : null),
  }),
  storageBucket: t.exposeString('storageBucket', { nullable: true, description: 'Set by the first PERSISTENT allocation with object storage.' }),
  hasStorageCredentials: t.boolean({
    description: 'The instance has its own IAM key (S3_PER_INSTANCE_IAM); the key is never served.',
    select: { storageSecretKeyEnc: true },
    resolve: (i) => Boolean(i.storageSecretKeyEnc),
  }),
  deleteRequestedAt: t.expose('deleteRequestedAt', { type: 'DateTime', nullable: true }),
}));

builder.queryField('instanceDeleteAllowed', (t) =>
  t.boolean({ description: 'Whether deleteInstance is turned on here (ALLOW_INSTANCE_DELETE).', resolve: () => config().allowInstanceDelete }),
);

builder.mutationField('deleteInstance', (t) =>
  t.prismaField({
    type: 'Instance',
    description:
      'Superusers, with ALLOW_INSTANCE_DELETE: archives the instance, then drops its databases, users, bucket and every row, logs included. Irreversible.',
    authScopes: superuser,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: {
      id: t.arg.globalID({ for: InstanceType, required: true }),
      confirmDomain: t.arg.string({ required: true, description: 'The instance’s LMS domain, typed again.' }),
    },
    resolve: async (query, _root, { id, confirmDomain }, ctx) =>
      findInstanceOrThrowForGraphQL(selecting(query), await deleteInstance(actorOf(ctx), id.id, confirmDomain)),
  }),
);
