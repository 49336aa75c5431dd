import { builder } from './builder.ts';
import { actorOf } from './actor.ts';
import { selecting } from './selection.ts';
import { ExpiredError, InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { findApplicationOfUserForGraphQL, findApplicationOrThrowForGraphQL, findApplicationsForGraphQL } from '../data/beta-test-applications.ts';
import { decideApplication, registerBetaTest, resendVerificationEmail, validateBetaTestSubdomain, verifyEmail } from '../services/registration.ts';
import { InstanceType } from './instance.ts';
import { mayReadObject } from '../services/access.ts';

const ApplicationStatusEnum = builder.enumType('BetaTestApplicationStatus', { values: ['PENDING', 'ACCEPTED', 'REJECTED'] as const });

const InstanceSummary = builder.objectRef<{ name: string; lmsDomain: string; status: string }>('ApplicationInstanceStatus').implement({
  description: 'What an applicant sees of their instance: its name, domain and the newest deployment’s status.',
  fields: (t) => ({
    name: t.exposeString('name'),
    lmsDomain: t.exposeString('lmsDomain'),
    status: t.exposeString('status', { description: 'The newest deployment’s status (SPEC §4.3), or NONE.' }),
  }),
});

export const BetaTestApplicationType = builder.prismaNode('BetaTestApplication', {
  id: { field: 'id' },
  fields: (t) => ({
    subdomain: t.exposeString('subdomain'),
    instanceName: t.exposeString('instanceName'),
    publicContactEmail: t.exposeString('publicContactEmail'),
    projectDescription: t.exposeString('projectDescription'),
    status: t.expose('status', { type: ApplicationStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    user: t.relation('user'),
    instanceStatus: t.field({
      type: InstanceSummary,
      nullable: true,
      description: 'The instance created for the application, once every address is verified.',
      select: {
        instance: { select: { name: true, internalLmsDomain: true, deployments: { select: { status: true }, orderBy: { createdAt: 'desc' }, take: 1 } } },
      },
      resolve: (a) =>
        a.instance ? { name: a.instance.name, lmsDomain: a.instance.internalLmsDomain, status: a.instance.deployments[0]?.status ?? 'NONE' } : null,
    }),
    instance: t.field({
      type: InstanceType,
      nullable: true,
      description: 'The instance itself, for those who may read it (staff, instance managers, superusers).',
      select: { instanceId: true },
      resolve: async (a, _args, ctx) => {
        if (!a.instanceId || !(await mayReadObject(ctx.user, 'Instance', a.instanceId))) return null;
        const { findInstanceForGraphQL } = await import('../data/instances.ts');
        return findInstanceForGraphQL({}, a.instanceId);
      },
    }),
  }),
});

const Availability = builder.objectRef<{ available: boolean; message: string | null }>('SubdomainAvailability').implement({
  fields: (t) => ({
    available: t.exposeBoolean('available'),
    message: t.exposeString('message', { nullable: true, description: 'Why not, in the words of SPEC §11.' }),
  }),
});

builder.queryField('validateBetaTestSubdomain', (t) =>
  t.field({
    type: Availability,
    skipTypeScopes: true,
    description: 'Public: whether a subdomain can be registered, with the first rule it breaks (live form feedback).',
    args: { subdomain: t.arg.string({ required: true }) },
    resolve: async (_root, { subdomain }) => {
      const message = await validateBetaTestSubdomain(subdomain);
      return { available: message === null, message };
    },
  }),
);

builder.queryField('myBetaTestApplication', (t) =>
  t.prismaField({
    type: 'BetaTestApplication',
    nullable: true,
    description: 'Your own application and its instance’s status; null when you have none.',
    resolve: (query, _root, _args, ctx) => findApplicationOfUserForGraphQL(selecting(query), ctx.user!.id),
  }),
);

builder.queryField('betaTestApplications', (t) =>
  t.prismaConnection({
    type: 'BetaTestApplication',
    cursor: 'id',
    authScopes: { staff: true },
    description: 'Every application, newest first (staff and superusers).',
    args: { status: t.arg({ type: ApplicationStatusEnum, required: false }) },
    resolve: (query, _root, { status }) => findApplicationsForGraphQL(query, status ? { status } : {}),
  }),
);

const RegisterInput = builder.inputType('RegisterBetaTestInput', {
  fields: (t) => ({
    username: t.string({ required: true }),
    email: t.string({ required: true }),
    password: t.string({ required: true, description: '≥ 9 characters with upper case, lower case, and a digit or symbol.' }),
    fullName: t.string({ required: true }),
    subdomain: t.string({ required: true, description: 'One DNS label: 3–63 lowercase letters, digits and hyphens.' }),
    instanceName: t.string({ required: true }),
    publicContactEmail: t.string({ required: false, description: 'Shown on the instance; default the account email. A blank clears it.' }),
    projectDescription: t.string({ required: false, description: 'A blank clears it.' }),
    acceptTerms: t.boolean({ required: true }),
  }),
});

const Registration = builder.objectRef<{ username: string; sentTo: string[] }>('BetaTestRegistration').implement({
  fields: (t) => ({
    username: t.exposeString('username'),
    verificationSentTo: t.exposeStringList('sentTo', { description: 'The addresses a verification link was mailed to.' }),
  }),
});

builder.mutationField('registerBetaTest', (t) =>
  t.field({
    type: Registration,
    skipTypeScopes: true,
    description: 'Public: creates the account and a PENDING application, and mails the verification links.',
    errors: { types: [ValidationError, InvalidStateError] },
    args: { input: t.arg({ type: RegisterInput, required: true }) },
    resolve: (_root, { input }, ctx) => registerBetaTest(input, ctx.interface),
  }),
);

builder.mutationField('resendVerificationEmail', (t) =>
  t.boolean({
    skipTypeScopes: true,
    description: 'Public: mails new links for the unverified address; answers true whether or not there is one.',
    errors: { types: [ValidationError, InvalidStateError] },
    args: { email: t.arg.string({ required: true }) },
    resolve: async (_root, { email }) => {
      await resendVerificationEmail(email);
      return true;
    },
  }),
);

const Verified = builder.objectRef<{ userId: string; verifiedEmail: string }>('EmailVerified').implement({
  fields: (t) => ({ verifiedEmail: t.exposeString('verifiedEmail') }),
});

builder.mutationField('verifyEmail', (t) =>
  t.field({
    type: Verified,
    skipTypeScopes: true,
    description: 'Public: confirms an address by the token of its link; the last one creates and deploys the instance.',
    errors: { types: [NotFoundError, ExpiredError, InvalidStateError] },
    args: { token: t.arg.string({ required: true }) },
    resolve: (_root, { token }, ctx) => verifyEmail(token, ctx.interface),
  }),
);

for (const [name, decision] of [
  ['acceptBetaTestApplication', 'ACCEPTED'],
  ['rejectBetaTestApplication', 'REJECTED'],
] as const) {
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: 'BetaTestApplication',
      authScopes: { staff: true },
      description: decision === 'REJECTED' ? 'Staff: rejects the application and archives its instance.' : 'Staff: accepts the application.',
      errors: { types: [NotFoundError, InvalidStateError] },
      args: { id: t.arg.globalID({ for: BetaTestApplicationType, required: true }) },
      resolve: async (query, _root, { id }, ctx) => findApplicationOrThrowForGraphQL(selecting(query), await decideApplication(actorOf(ctx), id.id, decision)),
    }),
  );
}
