import { builder } from './builder.ts';
import { actorOf } from './actor.ts';
import { selecting } from './selection.ts';
import { UserType } from './user.ts';
import { InstanceType } from './instance.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { findOrganizationOrThrowForGraphQL, findOrganizationsForGraphQL } from '../data/organizations.ts';
import { findUserOrThrowForGraphQL, findUsersForGraphQL } from '../data/users.ts';
import { findApiTokenOrThrowForGraphQL, findApiTokensOfUserForGraphQL } from '../data/api-tokens.ts';
import { findAuditEventsForGraphQL } from '../data/audit-events.ts';
import { auditTargetsOfInstance, findInstanceOrThrowForGraphQL } from '../data/instances.ts';
import { pool } from '../db.ts';
import { ROLES, assertReadable, isStaffOrSuperuser, roleOf } from '../services/access.ts';
import {
  changeOwnPassword,
  createOrganization,
  createOwnApiToken,
  createUser,
  revokeOwnApiToken,
  updateOrganization,
  updateUser,
} from '../services/accounts.ts';
import { setInstanceNotes } from '../services/notes.ts';

export const RoleEnum = builder.enumType('Role', {
  description: 'The column of SPEC §2 a user falls in (the strongest that applies).',
  values: Object.fromEntries(ROLES.map((r) => [r.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), { value: r }])) as Record<
    string,
    { value: (typeof ROLES)[number] }
  >,
});

export const OrganizationType = builder.prismaNode('Organization', {
  id: { field: 'id' },
  fields: (t) => ({
    name: t.exposeString('name'),
    githubHandle: t.exposeString('githubHandle', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields('User', (t) => ({
  isActive: t.exposeBoolean('isActive'),
  canManageOwnInstances: t.exposeBoolean('canManageOwnInstances', { description: 'Manager of their organization: operates its instances.' }),
  canManageAllInstances: t.exposeBoolean('canManageAllInstances', { description: 'Instance manager: operates every instance, no administration.' }),
  role: t.field({
    type: RoleEnum,
    select: { isActive: true, isSuperuser: true, isStaff: true, organizationId: true, canManageOwnInstances: true, canManageAllInstances: true },
    resolve: (u) => roleOf(u as never),
  }),
  organization: t.relation('organization', { nullable: true }),
  lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true }),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
}));

export const ApiTokenType = builder.prismaNode('ApiToken', {
  id: { field: 'id' },
  description: 'A bearer token for the API, SDK and CLI; its value is shown once, at creation.',
  fields: (t) => ({
    name: t.exposeString('name'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'At minute resolution.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    isExpired: t.boolean({ select: { expiresAt: true }, resolve: (k) => Boolean(k.expiresAt && k.expiresAt.getTime() <= Date.now()) }),
  }),
});

export const AuditEventType = builder.prismaNode('AuditEvent', {
  id: { field: 'id' },
  description:
    "Who did what, through which interface, with which result (SPEC §3): `ok`, or `failure` for a refused operation, whose input is the refusal's code; never a secret.",
  fields: (t) => ({
    actor: t.field({
      type: UserType,
      nullable: true,
      select: { actorId: true },
      resolve: (e) => (e.actorId ? findUserOrThrowForGraphQL({}, e.actorId) : null),
    }),
    interface: t.exposeString('interface', { description: 'console, api, cli, github or scheduler.' }),
    action: t.exposeString('action'),
    target: t.exposeString('target', { nullable: true, description: 'The id of the object acted on.' }),
    input: t.string({
      nullable: true,
      select: { input: true },
      description: 'JSON, without secrets.',
      resolve: (e) => (e.input === null ? null : JSON.stringify(e.input)),
    }),
    result: t.exposeString('result'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

// ---- reads

builder.queryField('users', (t) =>
  t.prismaConnection({
    type: 'User',
    cursor: 'id',
    authScopes: { staff: true },
    description: 'Every user (staff and superusers).',
    resolve: (query) => findUsersForGraphQL(query),
  }),
);

builder.queryField('organizations', (t) =>
  t.prismaConnection({
    type: 'Organization',
    cursor: 'id',
    authScopes: { staff: true },
    description: 'Every organization (staff and superusers).',
    resolve: (query) => findOrganizationsForGraphQL(query),
  }),
);

builder.queryField('apiTokens', (t) =>
  t.prismaConnection({
    type: 'ApiToken',
    cursor: 'id',
    description: 'Your own API tokens (their values are never shown again).',
    resolve: (query, _root, _args, ctx) => findApiTokensOfUserForGraphQL(query, ctx.user!.id),
  }),
);

const AuditEventFilter = builder.inputType('AuditEventFilter', {
  fields: (t) => ({
    actorId: t.globalID({ required: false }),
    instanceId: t.globalID({ required: false, description: 'Events about the instance, its app servers and its deployments.' }),
    action: t.string({ required: false }),
    result: t.string({ required: false, description: '`ok` for operations carried out, `failure` for refused ones.' }),
    since: t.field({ type: 'DateTime', required: false }),
    until: t.field({ type: 'DateTime', required: false }),
  }),
});

builder.queryField('auditEvents', (t) =>
  t.prismaConnection({
    type: 'AuditEvent',
    cursor: 'id',
    authScopes: { staff: true },
    description: 'The audit log, newest first (staff and superusers).',
    args: { filter: t.arg({ type: AuditEventFilter, required: false }) },
    resolve: async (query, _root, { filter }) =>
      findAuditEventsForGraphQL(query, {
        ...(filter?.actorId ? { actorId: filter.actorId.id } : {}),
        // An instance's operations name it, one of its app servers or one of its deployments.
        ...(filter?.instanceId ? { target: { in: await auditTargetsOfInstance(pool, filter.instanceId.id) } } : {}),
        ...(filter?.action ? { action: filter.action } : {}),
        ...(filter?.result ? { result: filter.result } : {}),
        ...(filter?.since || filter?.until
          ? { createdAt: { ...(filter.since ? { gte: filter.since } : {}), ...(filter.until ? { lt: filter.until } : {}) } }
          : {}),
      }),
  }),
);

// ---- administration (superusers)

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    email: t.string({ required: true }),
    password: t.string({ required: true, description: '≥ 9 characters with upper case, lower case, and a digit or symbol.' }),
    fullName: t.string({ required: false, description: 'The display name; a blank clears it.' }),
    organizationId: t.globalID({ required: false, description: 'The organization the user belongs to; null in an update removes it.' }),
    isStaff: t.boolean({ required: false }),
    isSuperuser: t.boolean({ required: false }),
    canManageOwnInstances: t.boolean({ required: false }),
    canManageAllInstances: t.boolean({ required: false }),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  description: 'Only the fields given change. isActive=false ends the user’s sessions and stops their tokens at once.',
  fields: (t) => ({
    email: t.string({ required: false }),
    fullName: t.string({ required: false, description: 'The display name; a blank clears it.' }),
    password: t.string({ required: false, description: 'A new password; ends the user’s sessions.' }),
    organizationId: t.globalID({ required: false, description: 'The organization the user belongs to; null in an update removes it.' }),
    isActive: t.boolean({ required: false }),
    isStaff: t.boolean({ required: false }),
    isSuperuser: t.boolean({ required: false }),
    canManageOwnInstances: t.boolean({ required: false }),
    canManageAllInstances: t.boolean({ required: false }),
  }),
});

builder.mutationField('createUser', (t) =>
  t.prismaField({
    type: 'User',
    authScopes: { superuser: true },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) =>
      findUserOrThrowForGraphQL(selecting(query), await createUser(actorOf(ctx), { ...input, organizationId: input.organizationId?.id ?? null })),
  }),
);

builder.mutationField('updateUser', (t) =>
  t.prismaField({
    type: 'User',
    authScopes: { superuser: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { id: t.arg.globalID({ for: UserType, required: true }), patch: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: async (query, _root, { id, patch }, ctx) => {
      const organizationId = patch.organizationId === undefined ? undefined : (patch.organizationId?.id ?? null);
      return findUserOrThrowForGraphQL(selecting(query), await updateUser(actorOf(ctx), id.id, { ...patch, organizationId }));
    },
  }),
);

const OrganizationInput = builder.inputType('OrganizationInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    githubHandle: t.string({ required: false, description: 'The GitHub organization or user, for watched forks; a blank clears it.' }),
  }),
});

builder.mutationField('createOrganization', (t) =>
  t.prismaField({
    type: 'Organization',
    authScopes: { superuser: true },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: OrganizationInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => findOrganizationOrThrowForGraphQL(selecting(query), await createOrganization(actorOf(ctx), input)),
  }),
);

builder.mutationField('updateOrganization', (t) =>
  t.prismaField({
    type: 'Organization',
    authScopes: { superuser: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { id: t.arg.globalID({ for: OrganizationType, required: true }), input: t.arg({ type: OrganizationInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) =>
      findOrganizationOrThrowForGraphQL(selecting(query), await updateOrganization(actorOf(ctx), id.id, input)),
  }),
);

// ---- self-service: tokens and password

const NewApiToken = builder.objectRef<{ id: string; token: string }>('NewApiToken').implement({
  description: 'The token value, shown this once; only its hash is stored.',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'im_…: send as "Authorization: Bearer <token>".' }),
    apiToken: t.prismaField({ type: 'ApiToken', resolve: (query, n) => findApiTokenOrThrowForGraphQL(selecting(query), n.id) }),
  }),
});

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: NewApiToken,
    errors: { types: [ValidationError] },
    args: { name: t.arg.string({ required: true }), expiresAt: t.arg({ type: 'DateTime', required: false }) },
    resolve: (_root, { name, expiresAt }, ctx) => createOwnApiToken(actorOf(ctx), name, expiresAt ?? null),
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.boolean({
    errors: { types: [NotFoundError] },
    description: 'Deletes one of your tokens: it stops working at once.',
    args: { id: t.arg.globalID({ for: ApiTokenType, required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await revokeOwnApiToken(actorOf(ctx), id.id);
      return true;
    },
  }),
);

builder.mutationField('changePassword', (t) =>
  t.boolean({
    errors: { types: [ValidationError] },
    description: 'Changes your password; every other session of yours ends (this one stays).',
    args: { currentPassword: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: async (_root, { currentPassword, newPassword }, ctx) => {
      await changeOwnPassword(actorOf(ctx), currentPassword, newPassword, ctx.sessionToken ?? null);
      return true;
    },
  }),
);

// ---- staff: notes

builder.mutationField('setInstanceNotes', (t) =>
  t.prismaField({
    type: 'Instance',
    errors: { types: [ValidationError, NotFoundError] },
    description: 'Markdown notes on an instance (staff and superusers).',
    args: { id: t.arg.globalID({ for: InstanceType, required: true }), notes: t.arg.string({ required: true, description: 'Markdown; a blank clears them.' }) },
    resolve: async (query, _root, { id, notes }, ctx) => {
      await assertReadable(ctx.user, 'Instance', id.id);
      if (!isStaffOrSuperuser(ctx.user)) throw new ForbiddenError('Only staff keep notes.');
      return findInstanceOrThrowForGraphQL(selecting(query), await setInstanceNotes(actorOf(ctx), id.id, notes));
    },
  }),
);

builder.prismaObjectFields('Instance', (t) => ({
  notes: t.string({
    nullable: true,
    select: { notes: true },
    description: 'Markdown notes kept by staff; null for other roles.',
    resolve: (i, _args, ctx) => (isStaffOrSuperuser(ctx.user) ? i.notes : null),
  }),
  ownerOrganization: t.relation('ownerOrganization', { nullable: true }),
}));
