import { builder } from './builder.ts';
import { prisma } from '../db.ts';
import { APP_SERVER_STATES, type AppServerState } from '../domain/states.ts';
import { AppServerStatusEnum, DeploymentStatusEnum, DeploymentTypeEnum, PendingOperationEnum, ServerStatusEnum } from './enums.ts';
import { actorOf, idOf } from './ids.ts';
import { InvalidStateError, NotFoundError } from '../errors.ts';
import { activateAppServer, cancelDeployment, deactivateAppServer, terminateAppServer } from '../services/appservers.ts';

export const AppServerType = builder.prismaNode('AppServer', {
  id: { field: 'id' },
  fields: (t) => ({
    number: t.exposeInt('number'),
    name: t.string({ description: '"AppServer <number>"', resolve: (a) => `AppServer ${a.number}` }),
    status: t.expose('status', { type: AppServerStatusEnum }),
    isSteady: t.boolean({ resolve: (a) => APP_SERVER_STATES[a.status as AppServerState].steady }),
    isHealthy: t.boolean({ resolve: (a) => APP_SERVER_STATES[a.status as AppServerState].healthy }),
    active: t.exposeBoolean('active'),
    pendingOperation: t.field({
      type: PendingOperationEnum,
      nullable: true,
      resolve: (a) => (a.terminationRequestedAt && a.status !== 'TERMINATED' ? 'TERMINATING' : null),
    }),
    currentStep: t.exposeString('currentStep', { nullable: true }),
    failureReason: t.exposeString('failureReason', { nullable: true }),
    lastActivatedAt: t.expose('lastActivatedAt', { type: 'DateTime', nullable: true }),
    runningAt: t.expose('runningAt', { type: 'DateTime', nullable: true }),
    terminatedAt: t.expose('terminatedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    url: t.string({
      nullable: true,
      description: 'The app server itself, bypassing the load balancer.',
      select: { server: { select: { publicIp: true, httpPort: true, status: true } } },
      resolve: (a) => (a.server?.publicIp && a.status !== 'TERMINATED' ? `http://${a.server.publicIp}:${a.server.httpPort}/` : null),
    }),
    instance: t.relation('instance'),
    deployment: t.relation('deployment'),
    server: t.relation('server', { nullable: true }),
  }),
});

export const ServerType = builder.prismaNode('Server', {
  id: { field: 'id' },
  fields: (t) => ({
    provider: t.exposeString('provider'),
    name: t.exposeString('name'),
    externalId: t.exposeString('externalId', { nullable: true }),
    publicIp: t.exposeString('publicIp', { nullable: true }),
    sshPort: t.exposeInt('sshPort'),
    httpPort: t.exposeInt('httpPort'),
    status: t.expose('status', { type: ServerStatusEnum }),
    statusChangedAt: t.expose('statusChangedAt', { type: 'DateTime' }),
  }),
});

export const DeploymentType = builder.prismaNode('Deployment', {
  id: { field: 'id' },
  fields: (t) => ({
    type: t.expose('type', { type: DeploymentTypeEnum }),
    status: t.expose('status', { type: DeploymentStatusEnum }),
    targetCount: t.exposeInt('targetCount'),
    numAttempts: t.exposeInt('numAttempts'),
    activateOnSuccess: t.exposeBoolean('activateOnSuccess'),
    failureReason: t.exposeString('failureReason', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true }),
    instance: t.relation('instance'),
    appServers: t.relation('appServers', { query: { orderBy: { number: 'asc' } } }),
  }),
});

builder.queryField('appServer', (t) =>
  t.prismaField({
    type: 'AppServer',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args) => {
      try {
        return prisma.appServer.findUnique({ ...query, where: { id: idOf(String(args.id), 'AppServer').id } });
      } catch {
        return null;
      }
    },
  }),
);

builder.mutationField('activateAppServer', (t) =>
  t.prismaField({
    type: 'AppServer',
    description: 'Sends the instance’s traffic to this Running app server (after smoke checks unless `force`).',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.id({ required: true }), force: t.arg.boolean({ required: false }) },
    resolve: (_q, _r, { id, force }, ctx) => activateAppServer(actorOf(ctx), idOf(String(id), 'AppServer').id, { force }),
  }),
);

builder.mutationField('deactivateAppServer', (t) =>
  t.prismaField({
    type: 'AppServer',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_q, _r, { id }, ctx) => deactivateAppServer(actorOf(ctx), idOf(String(id), 'AppServer').id),
  }),
);

builder.mutationField('terminateAppServer', (t) =>
  t.prismaField({
    type: 'AppServer',
    description: 'Stops the app server and deletes its VM; the record is kept. Only for inactive app servers.',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_q, _r, { id }, ctx) => terminateAppServer(actorOf(ctx), idOf(String(id), 'AppServer').id),
  }),
);

builder.mutationField('cancelDeployment', (t) =>
  t.prismaField({
    type: 'Deployment',
    description: 'Stops a queued or provisioning deployment: its inactive app servers are terminated, nothing is activated.',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_q, _r, { id }, ctx) => cancelDeployment(actorOf(ctx), idOf(String(id), 'Deployment').id),
  }),
);
