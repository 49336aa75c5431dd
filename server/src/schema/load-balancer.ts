import { assertOperable, mayOperateInstance } from '../services/access.ts';
import { builder } from './builder.ts';
import { actorOf } from './actor.ts';
import { selecting } from './selection.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { findLoadBalancingServerForGraphQL, findLoadBalancingServersForGraphQL } from '../data/load-balancing-servers.ts';
import { findInstanceOrThrowForGraphQL } from '../data/instances.ts';
import {
  cnameTargetOf,
  externalDomainsOf,
  createLoadBalancingServer,
  deleteLoadBalancingServer,
  loadBalancerForNewInstance,
  updateLoadBalancingServer,
} from '../services/load-balancers.ts';
import { revealInstanceBasicAuth, unarchiveInstance } from '../services/instance-lifecycle.ts';
import { loadBalancing } from '../load-balancing.ts';
import { InstanceType } from './instance.ts';

// HAProxy load balancers (SPEC §3, §9.4): superusers manage them; the fragment and its secrets
// never leave the server, only versions and the last error.

export const LoadBalancingServerType = builder.prismaNode('LoadBalancingServer', {
  id: { field: 'id' },
  // SPEC §2: staff read the installation's servers; superusers change them.
  authScopes: { staff: true },
  description: 'An HAProxy host this installation writes its own fragment and map to, over SSH.',
  fields: (t) => ({
    domain: t.exposeString('domain', { description: 'The SSH host, and the target of the instances’ CNAMEs.' }),
    sshUsername: t.exposeString('sshUsername'),
    fragmentNamePostfix: t.exposeString('fragmentNamePostfix', { description: '8 hex digits naming this installation’s fragment and backends.' }),
    configurationVersion: t.exposeInt('configurationVersion', { description: 'Moves at each change of what it should serve.' }),
    deployedConfigurationVersion: t.exposeInt('deployedConfigurationVersion', { description: 'The last version it accepted.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last apply failed; cleared by a successful one.' }),
    cnameTarget: t.string({ description: 'What CNAMEs point to: the domain with its final dot.', resolve: (lb) => cnameTargetOf(lb)! }),
    instanceCount: t.relationCount('instances', { description: 'Instances using it, archived ones included (they keep theirs).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('loadBalancingServers', (t) =>
  t.prismaField({
    type: ['LoadBalancingServer'],
    authScopes: { staff: true },
    description: 'Every load balancer (staff and superusers).',
    resolve: (query) => findLoadBalancingServersForGraphQL(selecting(query)),
  }),
);

const CreateLoadBalancingServerInput = builder.inputType('CreateLoadBalancingServerInput', {
  fields: (t) => ({
    domain: t.string({ required: true, description: 'The load balancer’s host name (SSH host and CNAME target).' }),
    sshUsername: t.string({ required: true, description: 'The SSH user allowed to run the apply command.' }),
  }),
});

const UpdateLoadBalancingServerInput = builder.inputType('UpdateLoadBalancingServerInput', {
  description: 'Only the fields given change; the load balancer is applied again.',
  fields: (t) => ({ domain: t.string({ required: false }), sshUsername: t.string({ required: false }) }),
});

builder.mutationField('createLoadBalancingServer', (t) =>
  t.prismaField({
    type: 'LoadBalancingServer',
    authScopes: { superuser: true },
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateLoadBalancingServerInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await createLoadBalancingServer(actorOf(ctx), input);
      return (await findLoadBalancingServerForGraphQL(selecting(query), id))!;
    },
  }),
);

builder.mutationField('updateLoadBalancingServer', (t) =>
  t.prismaField({
    type: 'LoadBalancingServer',
    authScopes: { superuser: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: {
      id: t.arg.globalID({ for: LoadBalancingServerType, required: true }),
      patch: t.arg({ type: UpdateLoadBalancingServerInput, required: true }),
    },
    resolve: async (query, _root, { id, patch }, ctx) => {
      await updateLoadBalancingServer(actorOf(ctx), id.id, patch);
      const row = await findLoadBalancingServerForGraphQL(selecting(query), id.id);
      if (!row) throw new NotFoundError('No such load balancer.');
      return row;
    },
  }),
);

builder.mutationField('deleteLoadBalancingServer', (t) =>
  t.field({
    type: 'ID',
    authScopes: { superuser: true },
    description: 'Deletes a load balancer no instance uses; returns its id.',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.globalID({ for: LoadBalancingServerType, required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await deleteLoadBalancingServer(actorOf(ctx), id.id);
      return Buffer.from(`LoadBalancingServer:${id.id}`).toString('base64');
    },
  }),
);

builder.prismaObjectField('Instance', 'cnameTarget', (t) =>
  t.string({
    nullable: true,
    description:
      'Where the customer’s external domains must point (a CNAME to this name): the instance’s load balancer, or the one it will get. Null without a load balancer.',
    select: { loadBalancingServer: { select: { domain: true } } },
    resolve: async (inst) => {
      if (loadBalancing().provider !== 'haproxy') return null;
      return cnameTargetOf(inst.loadBalancingServer ?? (await loadBalancerForNewInstance()));
    },
  }),
);

builder.prismaObjectField('Instance', 'externalDomains', (t) =>
  t.stringList({
    description: 'The customer’s domains the load balancer routes: the external LMS domain and the Studio and preview ones (given, or derived from it).',
    select: { externalLmsDomain: true, externalStudioDomain: true, externalPreviewDomain: true },
    resolve: (inst) => externalDomainsOf(inst),
  }),
);

const BasicAuthPair = builder.objectRef<{ username: string; password: string }>('BasicAuthPair').implement({
  description: 'The HTTP basic-auth pair in front of an instance’s app servers.',
  fields: (t) => ({ username: t.exposeString('username'), password: t.exposeString('password') }),
});

builder.prismaObjectField('Instance', 'viewerMayOperate', (t) =>
  t.boolean({
    description:
      'Whether the signed-in user may operate this instance (activate, archive, reveal its basic-auth pair): the console shows those actions only then.',
    select: { ownerOrganizationId: true },
    resolve: (inst, _args, ctx) => mayOperateInstance(ctx.user, inst.ownerOrganizationId),
  }),
);

builder.mutationField('revealInstanceBasicAuth', (t) =>
  t.field({
    type: BasicAuthPair,
    description: 'The basic-auth pair, to test an app server by its address before activating it. Audited; superusers and instance managers.',
    errors: { types: [NotFoundError] },
    args: { id: t.arg.globalID({ for: InstanceType, required: true }) },
    // SPEC §2: whoever may operate the instance (activate its app servers) may test them first.
    resolve: async (_root, { id }, ctx) => {
      await assertOperable(ctx.user, 'Instance', id.id);
      return revealInstanceBasicAuth(actorOf(ctx), id.id);
    },
  }),
);

builder.mutationField('unarchiveInstance', (t) =>
  t.prismaField({
    type: 'Instance',
    description: 'Clears archivedAt; the next spawn allocates the load balancer backend, DNS and the rest again.',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.globalID({ for: InstanceType, required: true }) },
    // SPEC §2: the same right as archiving.
    resolve: async (query, _root, { id }, ctx) => {
      await assertOperable(ctx.user, 'Instance', id.id);
      return findInstanceOrThrowForGraphQL(selecting(query), await unarchiveInstance(actorOf(ctx), id.id));
    },
  }),
);
