/**
 * The authorization matrix of SPEC §2, enumerated from schema.graphql: every root query, mutation
 * and subscription field × the seven roles × {own organization, other organization, ownerless}.
 * What each cell must give comes from CAPABILITIES (one row per line of §2's table) through ROWS
 * (one row per root field). A root field without a row fails the test; add its row to ROWS:
 *
 *   myField: { capability: 'operate', op: (o) => op(`mutation($id: ID!) { myField(id: $id) { __typename } }`, { id: o.instanceId }) },
 *
 * Outcomes: 'ok' = passed the role check (success, or a typed refusal about the input or the
 * state: ValidationError, InvalidStateError…); 'denied' = UNAUTHENTICATED or FORBIDDEN; 'hidden'
 * = read as not found (NotFoundError, NOT_FOUND, null, absent from a list, [null] for nodes).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createApiToken } from '../../server/src/auth/users.ts';

const ROLES = ['anonymous', 'applicant', 'member', 'manager', 'instanceManager', 'staff', 'superuser'] as const;
type Role = (typeof ROLES)[number];
const OWNERSHIPS = ['own', 'other', 'ownerless'] as const;
type Ownership = (typeof OWNERSHIPS)[number];
type Outcome = 'ok' | 'denied' | 'hidden';
/** One outcome for every ownership, or one per ownership [own, other, ownerless]. */
type Cell = Outcome | [Outcome, Outcome, Outcome];

const HIDDEN_OUTSIDE_OWN: Cell = ['ok', 'hidden', 'hidden'];

// ---- SPEC §2, one row per line of its table (the columns are ROLES, in order).
const CAPABILITIES: Record<string, Record<Role, Cell>> = {
  /** register, verify, sign in: open to everyone. */
  public: { anonymous: 'ok', applicant: 'ok', member: 'ok', manager: 'ok', instanceManager: 'ok', staff: 'ok', superuser: 'ok' },
  /** own API tokens, own password, the viewer, form defaults. */
  signedIn: { anonymous: 'denied', applicant: 'ok', member: 'ok', manager: 'ok', instanceManager: 'ok', staff: 'ok', superuser: 'ok' },
  /** read instances, app servers, deployments, servers, logs. */
  read: {
    anonymous: 'denied',
    applicant: 'hidden',
    member: HIDDEN_OUTSIDE_OWN,
    manager: HIDDEN_OUTSIDE_OWN,
    instanceManager: 'ok',
    staff: 'ok',
    superuser: 'ok',
  },
  /** create instance (own: the creator's organization; other: another; ownerless: left out = the creator's). */
  create: {
    anonymous: 'denied',
    applicant: 'denied',
    member: 'denied',
    manager: ['ok', 'denied', 'ok'],
    instanceManager: 'ok',
    staff: 'denied',
    superuser: 'ok',
  },
  /** update, spawn, activate, deactivate, terminate, cancel, archive… (visible but not allowed: denied). */
  operate: {
    anonymous: 'denied',
    applicant: 'hidden',
    member: ['denied', 'hidden', 'hidden'],
    manager: HIDDEN_OUTSIDE_OWN,
    instanceManager: 'ok',
    staff: 'denied',
    superuser: 'ok',
  },
  /** notes on an instance. */
  staffOnInstance: {
    anonymous: 'denied',
    applicant: 'hidden',
    member: ['denied', 'hidden', 'hidden'],
    manager: ['denied', 'hidden', 'hidden'],
    instanceManager: 'denied',
    staff: 'ok',
    superuser: 'ok',
  },
  /** audit log; reading users and organizations (shared servers, forks, tags: read). */
  staff: { anonymous: 'denied', applicant: 'denied', member: 'denied', manager: 'denied', instanceManager: 'denied', staff: 'ok', superuser: 'ok' },
  /** users and organizations CRUD (shared servers, forks, tags: CRUD). */
  superuser: {
    anonymous: 'denied',
    applicant: 'denied',
    member: 'denied',
    manager: 'denied',
    instanceManager: 'denied',
    staff: 'denied',
    superuser: 'ok',
  },
};

/** The objects of one ownership column, and the organization ids. */
interface Fixture {
  instanceId: string;
  appServerId: string;
  deploymentId: string;
  ownOrgId: string;
  otherOrgId: string;
  ownership: Ownership;
  applicantId: string;
  unique: () => string;
}

interface Op {
  kind: 'http' | 'ws';
  query: string;
  variables: Record<string, unknown>;
  /** Reads the outcome of a successful answer (default: a field value, or a typed error's name). */
  classify?: (data: any, f: Fixture) => Outcome;
}

const op = (query: string, variables: Record<string, unknown> = {}, classify?: Op['classify']): Op => ({ kind: 'http', query, variables, classify });
const sub = (query: string, variables: Record<string, unknown>): Op => ({ kind: 'ws', query, variables });
const RESULT = '__typename ... on Error { message }';

// ---- one row per root field: its §2 capability and a call that exercises it.
const ROWS: Record<string, { capability: keyof typeof CAPABILITIES; op: (f: Fixture) => Op }> = {
  // queries
  viewer: { capability: 'signedIn', op: () => op(`{ viewer { id role } }`) },
  defaults: { capability: 'signedIn', op: () => op(`{ defaults { baseDomain } }`) },
  apiTokens: { capability: 'signedIn', op: () => op(`{ apiTokens(first: 5) { edges { node { id } } } }`) },
  instances: {
    capability: 'read',
    op: (f) =>
      op(`{ instances(first: 100, filter: {includeArchived: true}) { edges { node { id } } } }`, {}, (d) =>
        d.instances.edges.some((e: any) => e.node.id === f.instanceId) ? 'ok' : 'hidden',
      ),
  },
  instance: { capability: 'read', op: (f) => op(`query($id: ID!) { instance(id: $id) { id } }`, { id: f.instanceId }) },
  appServer: { capability: 'read', op: (f) => op(`query($id: ID!) { appServer(id: $id) { id } }`, { id: f.appServerId }) },
  node: { capability: 'read', op: (f) => op(`query($id: ID!) { node(id: $id) { id } }`, { id: f.deploymentId }) },
  nodes: {
    capability: 'read',
    op: (f) => op(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [f.appServerId] }, (d) => (d.nodes[0] ? 'ok' : 'hidden')),
  },
  logEntries: { capability: 'read', op: (f) => op(`query($id: ID!) { logEntries(target: $id, limit: 1) { id } }`, { id: f.instanceId }) },
  users: { capability: 'staff', op: () => op(`{ users(first: 5) { edges { node { id } } } }`) },
  organizations: { capability: 'staff', op: () => op(`{ organizations(first: 5) { edges { node { id } } } }`) },
  auditEvents: { capability: 'staff', op: () => op(`{ auditEvents(first: 5) { edges { node { id action } } } }`) },
  // mutations
  login: { capability: 'public', op: () => op(`mutation { login(username: "nobody", password: "Wrong-pass1") { ${RESULT} } }`) },
  logout: { capability: 'public', op: () => op(`mutation { logout }`) },
  changePassword: {
    capability: 'signedIn',
    op: () => op(`mutation { changePassword(currentPassword: "Not-the-one1", newPassword: "Another-pass2") { ${RESULT} } }`),
  },
  createApiToken: { capability: 'signedIn', op: () => op(`mutation { createApiToken(name: "matrix") { ${RESULT} } }`) },
  revokeApiToken: {
    capability: 'signedIn',
    // Someone else's token (the applicant's): everyone but its owner reads it as not found, which
    // still passed the role check; the anonymous caller is refused before.
    op: () =>
      op(`mutation($id: ID!) { revokeApiToken(id: $id) { ${RESULT} } }`, { id: globalId('ApiToken', '00000000-0000-4000-8000-000000000000') }, () => 'ok'),
  },
  createInstance: {
    capability: 'create',
    op: (f) =>
      op(`mutation($input: CreateInstanceInput!) { createInstance(input: $input) { ${RESULT} } }`, {
        input: {
          name: 'Matrix',
          subDomain: `m${f.unique()}`,
          ...(f.ownership === 'own' ? { ownerOrganizationId: f.ownOrgId } : f.ownership === 'other' ? { ownerOrganizationId: f.otherOrgId } : {}),
        },
      }),
  },
  updateInstance: {
    capability: 'operate',
    op: (f) => op(`mutation($id: ID!) { updateInstance(id: $id, patch: {name: "Renamed"}) { ${RESULT} } }`, { id: f.instanceId }),
  },
  spawnAppServer: { capability: 'operate', op: (f) => op(`mutation($id: ID!) { spawnAppServer(instanceId: $id) { ${RESULT} } }`, { id: f.instanceId }) },
  activateAppServer: { capability: 'operate', op: (f) => op(`mutation($id: ID!) { activateAppServer(id: $id) { ${RESULT} } }`, { id: f.appServerId }) },
  deactivateAppServer: { capability: 'operate', op: (f) => op(`mutation($id: ID!) { deactivateAppServer(id: $id) { ${RESULT} } }`, { id: f.appServerId }) },
  terminateAppServer: { capability: 'operate', op: (f) => op(`mutation($id: ID!) { terminateAppServer(id: $id) { ${RESULT} } }`, { id: f.appServerId }) },
  cancelDeployment: { capability: 'operate', op: (f) => op(`mutation($id: ID!) { cancelDeployment(id: $id) { ${RESULT} } }`, { id: f.deploymentId }) },
  archiveInstance: { capability: 'operate', op: (f) => op(`mutation($id: ID!) { archiveInstance(id: $id) { ${RESULT} } }`, { id: f.instanceId }) },
  setInstanceNotes: {
    capability: 'staffOnInstance',
    op: (f) => op(`mutation($id: ID!) { setInstanceNotes(id: $id, notes: "checked") { ${RESULT} } }`, { id: f.instanceId }),
  },
  createUser: {
    capability: 'superuser',
    op: (f) =>
      op(`mutation($u: String!) { createUser(input: {username: $u, email: "x@example.com", password: "short"}) { ${RESULT} } }`, { u: `u${f.unique()}` }),
  },
  updateUser: {
    capability: 'superuser',
    op: (f) => op(`mutation($id: ID!) { updateUser(id: $id, patch: {fullName: "Renamed"}) { ${RESULT} } }`, { id: f.applicantId }),
  },
  createOrganization: {
    capability: 'superuser',
    op: (f) => op(`mutation($n: String!) { createOrganization(input: {name: $n}) { ${RESULT} } }`, { n: `Org ${f.unique()}` }),
  },
  updateOrganization: {
    capability: 'superuser',
    op: (f) => op(`mutation($id: ID!) { updateOrganization(id: $id, input: {name: "Other org"}) { ${RESULT} } }`, { id: f.otherOrgId }),
  },
  // registration (SPEC §11). The public fields ignore who calls: a signed-in caller registers a new account like anyone.
  validateBetaTestSubdomain: { capability: 'public', op: () => op(`{ validateBetaTestSubdomain(subdomain: "free-name") { available message } }`) },
  registerBetaTest: {
    capability: 'public',
    op: (f) =>
      op(`mutation($input: RegisterBetaTestInput!) { registerBetaTest(input: $input) { ${RESULT} } }`, {
        input: {
          username: `r${f.unique()}`,
          email: 'r@example.com',
          password: 'Register-pass1',
          fullName: 'R',
          subdomain: 'free-name',
          instanceName: 'R',
          acceptTerms: false,
        },
      }),
  },
  resendVerificationEmail: { capability: 'public', op: () => op(`mutation { resendVerificationEmail(email: "nobody@example.com") { ${RESULT} } }`) },
  verifyEmail: { capability: 'public', op: () => op(`mutation { verifyEmail(token: "unknown") { ${RESULT} } }`, {}, () => 'ok') },
  myBetaTestApplication: { capability: 'signedIn', op: () => op(`{ myBetaTestApplication { id status } }`, {}, () => 'ok') },
  betaTestApplications: { capability: 'staff', op: () => op(`{ betaTestApplications(first: 5) { edges { node { id } } } }`) },
  acceptBetaTestApplication: {
    capability: 'staff',
    op: () =>
      op(
        `mutation($id: ID!) { acceptBetaTestApplication(id: $id) { ${RESULT} } }`,
        { id: globalId('BetaTestApplication', '00000000-0000-4000-8000-000000000000') },
        () => 'ok',
      ),
  },
  rejectBetaTestApplication: {
    capability: 'staff',
    op: () =>
      op(
        `mutation($id: ID!) { rejectBetaTestApplication(id: $id) { ${RESULT} } }`,
        { id: globalId('BetaTestApplication', '00000000-0000-4000-8000-000000000000') },
        () => 'ok',
      ),
  },
  // going live and persistent data (SPEC §2: servers of the installation are read by staff, changed by superusers)
  notificationSettings: { capability: 'signedIn', op: () => op(`{ notificationSettings { adminRecipients } }`) },
  instanceDeleteAllowed: { capability: 'signedIn', op: () => op(`{ instanceDeleteAllowed }`, {}, () => 'ok') },
  loadBalancingServers: { capability: 'staff', op: () => op(`{ loadBalancingServers { id } }`) },
  sharedServers: { capability: 'staff', op: () => op(`{ sharedServers(kind: MYSQL) { id } }`) },
  createLoadBalancingServer: {
    capability: 'superuser',
    op: (f) =>
      op(`mutation($d: String!) { createLoadBalancingServer(input: {domain: $d, sshUsername: "haproxy"}) { ${RESULT} } }`, {
        d: `lb${f.unique()}.example.com`,
      }),
  },
  updateLoadBalancingServer: {
    capability: 'superuser',
    op: () => op(`mutation($id: ID!) { updateLoadBalancingServer(id: $id, patch: {sshUsername: "other"}) { ${RESULT} } }`, { id: NO_LB }, () => 'ok'),
  },
  deleteLoadBalancingServer: {
    capability: 'superuser',
    op: () => op(`mutation($id: ID!) { deleteLoadBalancingServer(id: $id) { ${RESULT} } }`, { id: NO_LB }, () => 'ok'),
  },
  createSharedServer: {
    capability: 'superuser',
    op: (f) =>
      op(`mutation($u: String!) { createSharedServer(input: {kind: MYSQL, name: "matrix", url: $u}) { ${RESULT} } }`, {
        u: `mysql://admin:pw@db${f.unique()}.example.com`,
      }),
  },
  updateSharedServer: {
    capability: 'superuser',
    op: () => op(`mutation($id: ID!) { updateSharedServer(id: $id, patch: {acceptsNewClients: false}) { ${RESULT} } }`, { id: NO_SHARED }, () => 'ok'),
  },
  deleteSharedServer: {
    capability: 'superuser',
    op: () => op(`mutation($id: ID!) { deleteSharedServer(id: $id) { ${RESULT} } }`, { id: NO_SHARED }, () => 'ok'),
  },
  deleteInstance: {
    capability: 'superuser',
    // ALLOW_INSTANCE_DELETE is off here: past the role check the answer is a typed refusal.
    op: (f) => op(`mutation($id: ID!) { deleteInstance(id: $id, confirmDomain: "wrong.example.com") { ${RESULT} } }`, { id: f.instanceId }, () => 'ok'),
  },
  revealInstanceBasicAuth: {
    capability: 'operate',
    op: (f) => op(`mutation($id: ID!) { revealInstanceBasicAuth(id: $id) { ${RESULT} } }`, { id: f.instanceId }),
  },
  // PR sandboxes (SPEC §2: watched forks read by staff, changed by superusers; update from PR operates the instance)
  watchedForks: { capability: 'staff', op: () => op(`{ watchedForks { id } }`) },
  createWatchedFork: {
    capability: 'superuser',
    op: (f) => {
      const u = f.unique();
      return op(
        `mutation($r: String!, $t: String!) { createWatchedFork(input: {organization: "matrix-forks", fork: $r, sandboxSubdomainTemplate: $t}) { ${RESULT} } }`,
        {
          r: `matrix/r${u}`,
          t: `m${u}x{number}.sandbox`,
        },
      );
    },
  },
  updateWatchedFork: {
    capability: 'superuser',
    op: () => op(`mutation($id: ID!) { updateWatchedFork(id: $id, patch: {enabled: false}) { ${RESULT} } }`, { id: NO_FORK }, () => 'ok'),
  },
  deleteWatchedFork: {
    capability: 'superuser',
    op: () => op(`mutation($id: ID!) { deleteWatchedFork(id: $id) { ... on Error { message } } }`, { id: NO_FORK }, () => 'ok'),
  },
  setupExternalPrSandbox: {
    capability: 'superuser',
    op: () => op(`mutation { setupExternalPrSandbox(prUrl: "https://example.com/not-a-pr") { ${RESULT} } }`),
  },
  updateInstanceFromPullRequest: {
    capability: 'operate',
    op: (f) => op(`mutation($id: ID!) { updateInstanceFromPullRequest(instanceId: $id) { ${RESULT} } }`, { id: f.instanceId }),
  },
  unarchiveInstance: {
    capability: 'operate',
    op: (f) => op(`mutation($id: ID!) { unarchiveInstance(id: $id) { ${RESULT} } }`, { id: f.instanceId }),
  },
  // subscriptions
  logLines: { capability: 'read', op: (f) => sub(`subscription($id: ID!) { logLines(target: $id) { id } }`, { id: f.instanceId }) },
  instanceEvents: { capability: 'read', op: (f) => sub(`subscription($id: ID) { instanceEvents(instanceId: $id) { kind } }`, { id: f.instanceId }) },
};

const NO_LB = globalId('LoadBalancingServer', '00000000-0000-4000-8000-000000000000');
const NO_FORK = globalId('WatchedFork', '00000000-0000-4000-8000-000000000000');
const NO_SHARED = globalId('SharedServer', '00000000-0000-4000-8000-000000000000');

function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');

function rootFields(): string[] {
  const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? Object.keys(t.getFields()) : []));
}

function expected(field: string, role: Role, ownership: Ownership): Outcome {
  const cell = CAPABILITIES[ROWS[field]!.capability]![role];
  return typeof cell === 'string' ? cell : cell[OWNERSHIPS.indexOf(ownership)]!;
}

const DENIED_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

/** The outcome of an answer: denied, hidden, or past the role check. */
function outcomeOf(field: string, res: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] }, f: Fixture, o: Op): Outcome {
  const code = res.errors?.[0]?.extensions?.code;
  if (code && DENIED_CODES.has(code)) return 'denied';
  if (code === 'NOT_FOUND') return 'hidden';
  if (res.errors?.length) throw new Error(`${field}: unexpected errors ${JSON.stringify(res.errors)}`);
  const value = res.data?.[field];
  if (o.classify) return o.classify(res.data, f);
  if (value === null) return 'hidden';
  if (value && typeof value === 'object' && value.__typename === 'NotFoundError') return 'hidden';
  return 'ok';
}

describe('authorization matrix (SPEC §2)', () => {
  let app: TestApp;
  let db: pg.Client;
  const tokens: Partial<Record<Role, string>> = {};
  const fixtures = {} as Record<Ownership, Fixture>;
  let counter = 0;

  async function gql(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    expect(res.status).toBeLessThan(500);
    return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  }

  /** A subscription's outcome: its first error, or its first event, or (no error within 1.5 s) ok. */
  function subscribeOutcome(token: string | undefined, field: string, o: Op, f: Fixture): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const client = createClient({
        url: app.url.replace(/^http/, 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        connectionParams: token ? { token } : {},
        retryAttempts: 0,
        lazy: true,
      });
      const done = (r: Outcome | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stop();
        void client.dispose();
        if (r instanceof Error) reject(r);
        else resolve(r);
      };
      const timer = setTimeout(() => done('ok'), 1500);
      const stop = client.subscribe(
        { query: o.query, variables: o.variables },
        {
          next: (msg) => {
            try {
              done(outcomeOf(field, msg as any, f, o));
            } catch (e) {
              done(e as Error);
            }
          },
          error: (e: any) => {
            // 4401: the socket refused the missing or bad credentials.
            if (e?.code === 4401) return done('denied');
            if (Array.isArray(e)) {
              try {
                return done(outcomeOf(field, { errors: e }, f, o));
              } catch (err) {
                return done(err as Error);
              }
            }
            done(new Error(`${field}: ${JSON.stringify(e?.reason ?? e?.message ?? e)}`));
          },
          complete: () => done('ok'),
        },
      );
    });
  }

  beforeAll(async () => {
    // No worker: deployments stay queued, so every cell sees the same objects.
    app = await startTestApp({ env: { PROCESS_ROLES: 'web' } });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    await app.createSuperuser('admin', 'Correct-horse1');
    tokens.superuser = await app.createToken('admin');
    const admin = (q: string, v: Record<string, unknown> = {}) => gql(tokens.superuser, q, v);

    const org = async (name: string) =>
      (await admin(`mutation($n: String!) { createOrganization(input: {name: $n}) { ... on MutationCreateOrganizationSuccess { data { id } } } }`, { n: name }))
        .data.createOrganization.data.id as string;
    const ownOrgId = await org('Own org');
    const otherOrgId = await org('Other org');
    const users: Record<Exclude<Role, 'anonymous' | 'superuser'>, Record<string, unknown>> = {
      applicant: {},
      member: { organizationId: ownOrgId },
      manager: { organizationId: ownOrgId, canManageOwnInstances: true },
      instanceManager: { organizationId: ownOrgId, canManageAllInstances: true },
      staff: { organizationId: ownOrgId, isStaff: true },
    };
    let applicantId = '';
    for (const [role, perms] of Object.entries(users)) {
      const res = await admin(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on MutationCreateUserSuccess { data { id role } } ... on Error { message } } }`,
        {
          input: { username: role, email: `${role}@example.com`, password: 'Correct-horse1', ...perms },
        },
      );
      expect(res.data?.createUser?.data?.role, JSON.stringify(res)).toBe(role.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase());
      if (role === 'applicant') applicantId = res.data.createUser.data.id;
      tokens[role as Role] = await createApiToken(role, 'matrix');
    }
    for (const ownership of OWNERSHIPS) {
      const created = await admin(
        `mutation($input: CreateInstanceInput!) { createInstance(input: $input) { ... on MutationCreateInstanceSuccess { data { id } } ... on Error { message } } }`,
        {
          input: {
            name: `Fixture ${ownership}`,
            subDomain: `fixture-${ownership}`,
            ...(ownership === 'ownerless' ? {} : { ownerOrganizationId: ownership === 'own' ? ownOrgId : otherOrgId }),
          },
        },
      );
      const instanceId = created.data.createInstance.data.id as string;
      // The superuser belongs to no organization: left out, the instance is ownerless.
      const spawned = await admin(
        `mutation($id: ID!) { spawnAppServer(instanceId: $id) { ... on MutationSpawnAppServerSuccess { data { id appServers { id } } } } }`,
        {
          id: instanceId,
        },
      );
      const d = spawned.data.spawnAppServer.data;
      fixtures[ownership] = {
        instanceId,
        appServerId: d.appServers[0].id,
        deploymentId: d.id,
        ownOrgId,
        otherOrgId,
        ownership,
        applicantId,
        unique: () => `${Date.now().toString(36)}${counter++}`,
      };
    }
    const owners = await db.query(`SELECT "subDomain", "ownerOrganizationId" FROM instance ORDER BY "subDomain"`);
    expect(owners.rows.map((r) => r.ownerOrganizationId === null)).toEqual([false, false, true]); // own, other, ownerless
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.stop();
  });

  it('has exactly one row per root field of schema.graphql', () => {
    const fields = rootFields();
    expect(
      fields.filter((f) => !ROWS[f]),
      'root fields without a row in ROWS',
    ).toEqual([]);
    expect(
      Object.keys(ROWS).filter((f) => !fields.includes(f)),
      'rows for fields the schema no longer has',
    ).toEqual([]);
  });

  // Reads first, then writes that change state (archive last), so a cell never sees another's effect on visibility.
  const ORDER = (field: string) => (field === 'archiveInstance' ? 2 : ['read', 'signedIn', 'staff', 'public'].includes(ROWS[field]?.capability ?? '') ? 0 : 1);

  it('gives each role, for each ownership, the outcome §2 says', async () => {
    const mismatches: string[] = [];
    const fields = rootFields()
      .filter((f) => ROWS[f])
      .sort((a, b) => ORDER(a) - ORDER(b));
    for (const field of fields) {
      for (const ownership of OWNERSHIPS) {
        const f = fixtures[ownership];
        const o = ROWS[field]!.op(f);
        const got = await Promise.all(
          ROLES.map((role) =>
            o.kind === 'ws' ? subscribeOutcome(tokens[role], field, o, f) : gql(tokens[role], o.query, o.variables).then((r) => outcomeOf(field, r, f, o)),
          ),
        );
        ROLES.forEach((role, i) => {
          const want = expected(field, role, ownership);
          if (got[i] !== want) mismatches.push(`${field} × ${role} × ${ownership}: got ${got[i]}, want ${want}`);
        });
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);

  it('reads a forbidden object as not found, the same as an unknown one', async () => {
    const unknown = globalId('Instance', '00000000-0000-4000-8000-000000000000');
    for (const id of [fixtures.other.instanceId, unknown]) {
      const res = await gql(tokens.member, `mutation($id: ID!) { archiveInstance(id: $id) { __typename ... on Error { message } } }`, { id });
      expect(res.data.archiveInstance.__typename).toBe('NotFoundError');
      expect(res.data.archiveInstance.message).toBe('No instance with this id.');
    }
  });
});
