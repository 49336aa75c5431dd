import { builder } from './builder.ts';
import { pool } from '../db.ts';
import { findAppServerForGraphQL, findAppServerOrThrowForGraphQL } from '../data/app-servers.ts';
import { findDeploymentOrThrowForGraphQL } from '../data/deployments.ts';
import { stepsOfAppServers } from '../data/provisioning-steps.ts';
import { queuePositions } from '../data/deployments.ts';
import { SNAPSHOT_FIELDS } from '../data/app-servers.ts';
import { APP_SERVER_STATES, type AppServerState } from '../domain/states.ts';
import {
  AppServerStatusEnum,
  DatabaseModeEnum,
  DeploymentStatusEnum,
  DeploymentTypeEnum,
  InstanceProfileEnum,
  PendingOperationEnum,
  RecipeEnum,
  ServerStatusEnum,
} from './enums.ts';
import { actorOf } from './actor.ts';
import { InvalidStateError, NotFoundError } from '../errors.ts';
import { activateAppServer, cancelDeployment, deactivateAppServer, terminateAppServer } from '../services/appservers.ts';
import { redactedSettings } from '../services/settings-view.ts';
import { SmokeCheckFailedError } from '../services/activation-gate.ts';
import type { ProvisioningStep } from '../generated/prisma/client.ts';
import { selecting } from './selection.ts';
import { loadBatched } from './batch.ts';
import { assertOperable, mayReadObject } from '../services/access.ts';

const StepStatusEnum = builder.enumType('StepStatus', { values: ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED'] as const });

const ProvisioningStepType = builder.objectRef<ProvisioningStep>('ProvisioningStep').implement({
  description: 'One run of a pipeline step (SPEC §6) for an app server.',
  fields: (t) => ({
    name: t.exposeString('name'),
    attempt: t.exposeInt('attempt'),
    status: t.field({ type: StepStatusEnum, resolve: (s) => s.status }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    durationSeconds: t.float({
      nullable: true,
      description: 'From start to end; null while it runs.',
      resolve: (s) => (s.startedAt && s.finishedAt ? (s.finishedAt.getTime() - s.startedAt.getTime()) / 1000 : null),
    }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

interface Snapshot {
  name: string;
  internalLmsDomain: string;
  internalPreviewDomain: string;
  internalStudioDomain: string;
  profile: 'SANDBOX' | 'PRODUCTION';
  recipe: 'ansible' | 'tutor' | 'shell';
  email: string;
  openedxRelease: string;
  configurationSourceRepoUrl: string;
  configurationVersion: string;
  configurationExtraSettings: string;
  edxPlatformRepositoryUrl: string;
  edxPlatformCommit: string;
  databaseMode: 'EPHEMERAL' | 'PERSISTENT';
  flavor: string;
  image: string;
  sshKeyName: string;
  additionalSecurityGroups: string[];
  edxPlatformSha: string | null;
  grantedGithubLogins: string[];
}

const AppServerSnapshot = builder.objectRef<Snapshot>('AppServerSnapshot').implement({
  description: 'The instance configuration copied when the app server was created; it never changes.',
  fields: (t) => ({
    name: t.exposeString('name'),
    internalLmsDomain: t.exposeString('internalLmsDomain'),
    internalStudioDomain: t.exposeString('internalStudioDomain'),
    internalPreviewDomain: t.exposeString('internalPreviewDomain'),
    profile: t.field({ type: InstanceProfileEnum, resolve: (a) => a.profile }),
    recipe: t.field({ type: RecipeEnum, resolve: (a) => a.recipe }),
    email: t.exposeString('email'),
    openedxRelease: t.exposeString('openedxRelease'),
    configurationSourceRepoUrl: t.exposeString('configurationSourceRepoUrl'),
    configurationVersion: t.exposeString('configurationVersion'),
    configurationExtraSettings: t.exposeString('configurationExtraSettings'),
    edxPlatformRepositoryUrl: t.exposeString('edxPlatformRepositoryUrl'),
    edxPlatformCommit: t.exposeString('edxPlatformCommit'),
    edxPlatformSha: t.exposeString('edxPlatformSha', { nullable: true, description: 'The commit resolved when the app server was prepared.' }),
    databaseMode: t.field({ type: DatabaseModeEnum, resolve: (a) => a.databaseMode }),
    flavor: t.exposeString('flavor'),
    image: t.exposeString('image'),
    sshKeyName: t.exposeString('sshKeyName'),
    additionalSecurityGroups: t.exposeStringList('additionalSecurityGroups'),
    grantedGithubLogins: t.exposeStringList('grantedGithubLogins'),
  }),
});

// Select mode: only the columns the asked fields need; the rendered settings stay unread unless asked.
export const AppServerType = builder.prismaNode('AppServer', {
  id: { field: 'id' },
  select: { id: true },
  fields: (t) => ({
    number: t.exposeInt('number'),
    name: t.string({ description: '"AppServer <number>"', select: { number: true }, resolve: (a) => `AppServer ${a.number}` }),
    status: t.expose('status', { type: AppServerStatusEnum }),
    isSteady: t.boolean({ select: { status: true }, resolve: (a) => APP_SERVER_STATES[a.status as AppServerState].steady }),
    isHealthy: t.boolean({ select: { status: true }, resolve: (a) => APP_SERVER_STATES[a.status as AppServerState].healthy }),
    active: t.exposeBoolean('active'),
    pendingOperation: t.field({
      type: PendingOperationEnum,
      nullable: true,
      select: { status: true, terminationRequestedAt: true },
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
      select: { status: true, server: { select: { publicIp: true, httpPort: true, status: true } } },
      resolve: (a) => (a.server?.publicIp && a.status !== 'TERMINATED' ? `http://${a.server.publicIp}:${a.server.httpPort}/` : null),
    }),
    instance: t.relation('instance'),
    deployment: t.relation('deployment'),
    server: t.relation('server', { nullable: true }),
    steps: t.field({
      type: [ProvisioningStepType],
      description: 'The pipeline steps run for this app server, in the order they started.',
      resolve: async (a, _args, ctx) => (await loadBatched(ctx, 'steps', a.id, (ids) => stepsOfAppServers(pool, ids))) ?? [],
    }),
    snapshot: t.field({
      type: AppServerSnapshot,
      select: { ...Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, true])), edxPlatformSha: true, grantedGithubLogins: true },
      resolve: (a) => a as unknown as Snapshot,
    }),
    settingsRedacted: t.string({
      nullable: true,
      description: 'The merged settings (YAML) with every secret as ***; null until the app server is prepared.',
      resolve: (a) => redactedSettings(a.id),
    }),
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
  select: { id: true },
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
    queuePosition: t.int({
      nullable: true,
      description: 'While QUEUED: 1 = the next to start (SPEC §6.2); null otherwise.',
      select: { status: true, startedAt: true },
      resolve: async (d, _args, ctx) =>
        d.status === 'QUEUED' && !d.startedAt ? ((await loadBatched(ctx, 'queuePosition', d.id, (ids) => queuePositions(pool, ids))) ?? null) : null,
    }),
    instance: t.relation('instance'),
    appServers: t.relation('appServers', { query: { orderBy: { number: 'asc' } } }),
  }),
});

builder.queryField('appServer', (t) =>
  t.prismaField({
    type: 'AppServer',
    nullable: true,
    args: { id: t.arg.globalID({ for: AppServerType, required: true }) },
    resolve: async (query, _root, { id }, ctx) =>
      (await mayReadObject(ctx.user, 'AppServer', id.id)) ? findAppServerForGraphQL(selecting(query), id.id) : null,
  }),
);

builder.mutationField('activateAppServer', (t) =>
  t.prismaField({
    type: 'AppServer',
    description:
      'Sends the instance’s traffic to this Running app server, after the smoke checks (SmokeCheckFailedError names the failed ones) unless `force`.',
    errors: { types: [NotFoundError, InvalidStateError, SmokeCheckFailedError] },
    args: { id: t.arg.globalID({ for: AppServerType, required: true }), force: t.arg.boolean({ required: false }) },
    resolve: async (query, _r, { id, force }, ctx) => {
      await assertOperable(ctx.user, 'AppServer', id.id);
      return findAppServerOrThrowForGraphQL(selecting(query), await activateAppServer(actorOf(ctx), id.id, { force }));
    },
  }),
);

builder.mutationField('deactivateAppServer', (t) =>
  t.prismaField({
    type: 'AppServer',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.globalID({ for: AppServerType, required: true }) },
    resolve: async (query, _r, { id }, ctx) => {
      await assertOperable(ctx.user, 'AppServer', id.id);
      return findAppServerOrThrowForGraphQL(selecting(query), await deactivateAppServer(actorOf(ctx), id.id));
    },
  }),
);

builder.mutationField('terminateAppServer', (t) =>
  t.prismaField({
    type: 'AppServer',
    description: 'Stops the app server and deletes its VM; the record is kept. Only for inactive app servers.',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.globalID({ for: AppServerType, required: true }) },
    resolve: async (query, _r, { id }, ctx) => {
      await assertOperable(ctx.user, 'AppServer', id.id);
      return findAppServerOrThrowForGraphQL(selecting(query), await terminateAppServer(actorOf(ctx), id.id));
    },
  }),
);

builder.mutationField('cancelDeployment', (t) =>
  t.prismaField({
    type: 'Deployment',
    description: 'Stops a queued or provisioning deployment: its inactive app servers are terminated, nothing is activated.',
    errors: { types: [NotFoundError, InvalidStateError] },
    args: { id: t.arg.globalID({ for: DeploymentType, required: true }) },
    resolve: async (query, _r, { id }, ctx) => {
      await assertOperable(ctx.user, 'Deployment', id.id);
      return findDeploymentOrThrowForGraphQL(selecting(query), await cancelDeployment(actorOf(ctx), id.id));
    },
  }),
);
