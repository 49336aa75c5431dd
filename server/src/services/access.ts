/**
 * The one place deciding who may see and do what (SPEC §2). The schema's lists, `node`/`nodes`,
 * log reads, subscriptions (at subscribe time and for each event) and mutations all ask here, and
 * so do services reached without the schema. A forbidden object reads as not found.
 */
import { pool, type Queryable } from '../db.ts';
import { owningInstanceOf } from '../data/instances.ts';
import { loadUser } from '../data/users.ts';
import { applicationOfUser } from '../data/beta-test-applications.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** What access decisions read of a user: the columns of SPEC §3 that carry permissions. */
export interface Principal {
  id: string;
  isActive: boolean;
  isSuperuser: boolean;
  isStaff: boolean;
  organizationId: string | null;
  canManageOwnInstances: boolean;
  canManageAllInstances: boolean;
}

export const ROLES = ['anonymous', 'applicant', 'member', 'manager', 'instanceManager', 'staff', 'superuser'] as const;
export type Role = (typeof ROLES)[number];

/** The column of the §2 table a user falls in (the strongest that applies). */
export function roleOf(user: Principal | null): Role {
  if (!user || !user.isActive) return 'anonymous';
  if (user.isSuperuser) return 'superuser';
  if (user.isStaff) return 'staff';
  if (user.canManageAllInstances) return 'instanceManager';
  if (user.organizationId && user.canManageOwnInstances) return 'manager';
  if (user.organizationId) return 'member';
  return 'applicant';
}

/** Staff, instance managers and superusers read every instance, ownerless ones included. */
export function readsAllInstances(user: Principal | null): boolean {
  return Boolean(user?.isActive && (user.isSuperuser || user.isStaff || user.canManageAllInstances));
}

export function mayReadInstance(user: Principal | null, ownerOrganizationId: string | null): boolean {
  if (!user?.isActive) return false;
  if (readsAllInstances(user)) return true;
  return Boolean(user.organizationId && ownerOrganizationId === user.organizationId);
}

/** update, spawn, activate, deactivate, terminate, cancel, archive… (§2's fourth row). Staff only read. */
export function mayOperateInstance(user: Principal | null, ownerOrganizationId: string | null): boolean {
  if (!user?.isActive) return false;
  if (user.isSuperuser || user.canManageAllInstances) return true;
  return Boolean(user.canManageOwnInstances && user.organizationId && ownerOrganizationId === user.organizationId);
}

/** Creating an instance owned by `organizationId` (null: ownerless). */
export function mayCreateInstanceIn(user: Principal | null, organizationId: string | null): boolean {
  if (!user?.isActive) return false;
  if (user.isSuperuser || user.canManageAllInstances) return true;
  return Boolean(user.canManageOwnInstances && user.organizationId && organizationId === user.organizationId);
}

/** Notes, applications and the audit log (§2's fifth row); also read access to shared servers, users and organizations. */
export function isStaffOrSuperuser(user: Principal | null): boolean {
  return Boolean(user?.isActive && (user.isStaff || user.isSuperuser));
}

export function isSuperuser(user: Principal | null): boolean {
  return Boolean(user?.isActive && user.isSuperuser);
}

/** The Prisma filter of the instances a user may read, for lists and connections. */
export function instanceReadFilter(user: Principal | null): Prisma.InstanceWhereInput {
  if (readsAllInstances(user)) return {};
  if (user?.isActive && user.organizationId) return { ownerOrganizationId: user.organizationId };
  return { id: { in: [] } };
}

type InstanceObject = 'Instance' | 'AppServer' | 'Deployment' | 'Server';
const INSTANCE_OBJECTS = new Set<string>(['Instance', 'AppServer', 'Deployment', 'Server']);

/**
 * Whether the user may read the object a global id names. Types outside the instance tree are
 * decided here too: a user reads themself; staff and superusers read every user.
 */
export async function mayReadObject(user: Principal | null, typename: string, id: string, db: Queryable = pool): Promise<boolean> {
  if (!user?.isActive) return false;
  if (INSTANCE_OBJECTS.has(typename)) {
    const owner = await owningInstanceOf(db, typename as InstanceObject, id);
    return Boolean(owner && mayReadInstance(user, owner.ownerOrganizationId));
  }
  if (typename === 'User') return id === user.id || isStaffOrSuperuser(user);
  if (typename === 'Organization') return id === user.organizationId || isStaffOrSuperuser(user);
  if (typename === 'ApiToken') return true; // ApiToken nodes are only served to their owner (schema/tokens.ts)
  if (typename === 'AuditEvent') return isStaffOrSuperuser(user);
  if (typename === 'BetaTestApplication') return isStaffOrSuperuser(user) || (await applicationOfUserIs(db, user.id, id));
  return false;
}

/** Throws NotFoundError unless the user may read the object (§2: forbidden reads as not found). */
export async function assertReadable(user: Principal | null, typename: InstanceObject, id: string, db: Queryable = pool): Promise<void> {
  if (!(await mayReadObject(user, typename, id, db))) throw new NotFoundError(`No ${typename.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} with this id.`);
}

/** NotFoundError when the user cannot see the object, ForbiddenError when they see it but may not operate it. */
export async function assertOperable(user: Principal | null, typename: InstanceObject, id: string, db: Queryable = pool): Promise<void> {
  const owner = await owningInstanceOf(db, typename, id);
  if (!owner || !mayReadInstance(user, owner.ownerOrganizationId)) {
    throw new NotFoundError(`No ${typename.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} with this id.`);
  }
  if (!mayOperateInstance(user, owner.ownerOrganizationId)) throw new ForbiddenError('Your role may read this instance but not change it.');
}

/**
 * For streams: re-reads the user (a deactivation or a role change applies to the next event) and
 * answers whether they may still see the instance.
 */
/** Who a long operation acts for now: an id read again, or the operation's credentials checked again (a revoked token gives null). */
export type UserNow = string | (() => Promise<Principal | null>);

async function currentUser(who: UserNow, db: Queryable): Promise<Principal | null> {
  return typeof who === 'string' ? loadUser(db, who) : who();
}

export async function userMaySeeInstanceNow(who: UserNow, instanceId: string, db: Queryable = pool): Promise<boolean> {
  const user = await currentUser(who, db);
  if (!user?.isActive) return false;
  return mayReadObject(user, 'Instance', instanceId, db);
}

async function applicationOfUserIs(db: Queryable, userId: string, applicationId: string): Promise<boolean> {
  return (await applicationOfUser(db, userId))?.id === applicationId;
}

/**
 * Passes a stream's items on while the user may still see the object (re-read at most once a
 * second, so a burst of log lines costs one query); ends it quietly as soon as they may not.
 * A plain iterator, not an async generator: return() must reach the source at once, even while
 * a next() waits for a line that may never come.
 */
export function whileVisible<T>(
  source: AsyncIterable<T>,
  who: UserNow,
  typename: 'Instance' | 'AppServer' | 'Server',
  id: string,
  recheckMs = 1000,
): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  let checkedAt = Date.now();
  let ended = false;
  const finish = async (): Promise<IteratorResult<T>> => {
    ended = true;
    await it.return?.();
    return { done: true, value: undefined };
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      if (ended) return { done: true, value: undefined };
      const r = await it.next();
      if (r.done) return r;
      if (Date.now() - checkedAt >= recheckMs) {
        if (!(await mayReadObject(await currentUser(who, pool), typename, id))) return finish();
        checkedAt = Date.now();
      }
      return r;
    },
    return: () => finish(),
    throw: (e?: unknown) => (it.throw ? it.throw(e) : Promise.reject(e)),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
