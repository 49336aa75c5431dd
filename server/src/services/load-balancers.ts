import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { pool, withAdvisoryLock, withTx, type Queryable } from '../db.ts';
import * as lbs from '../data/load-balancing-servers.ts';
import { backendRowsOfLoadBalancer, markResourceDeleted, markResourcePresent } from '../data/provisioned-resources.ts';
import { describeError, InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { renderHaproxyConfig, type HaproxyInstance } from '../integrations/lb/haproxy/index.ts';
import { cnameTarget } from '../integrations/dns/index.ts';
import { loadBalancing } from '../load-balancing.ts';
import { logger } from '../logger.ts';
import { enqueue, lbApply, lbRetargetCnames } from '../queue.ts';
import { basicAuthOf } from '../secrets.ts';
import { config } from '../settings.ts';
import { audit, type Actor } from './audit.ts';

/** The ledger kind of an instance's backend on its load balancer (SPEC §9.8). */
export const LB_BACKEND = 'lb-backend';

export function backendLedgerName(lbId: string, instanceId: string): string {
  return `${lbId}/${instanceId}`;
}

/**
 * What a load balancer serves changed: its version moves and its apply is enqueued, both in the
 * caller's transaction (SPEC §9.4). Nothing for an instance without a load balancer.
 */
export async function loadBalancerChanged(client: pg.PoolClient, lbId: string): Promise<void> {
  await lbs.bumpConfigurationVersion(client, lbId);
  await enqueue(client, lbApply, { loadBalancingServerId: lbId });
}

/** The instance's routing changed (activation, deactivation, external domains, archive). */
export async function routingChanged(client: pg.PoolClient, instanceId: string): Promise<void> {
  if (loadBalancing().provider !== 'haproxy') return;
  const lb = await lbs.loadBalancerOfInstance(client, instanceId);
  if (lb) await loadBalancerChanged(client, lb.id);
}

/** The customer's domains of an instance: a blank Studio or preview one follows the external LMS one. */
export function externalDomainsOf(row: {
  externalLmsDomain: string | null;
  externalStudioDomain: string | null;
  externalPreviewDomain: string | null;
}): string[] {
  const cfg = config();
  const domains: string[] = [];
  if (row.externalLmsDomain) {
    domains.push(row.externalLmsDomain);
    domains.push(row.externalStudioDomain || `${cfg.studioDomainPrefix}${row.externalLmsDomain}`);
    domains.push(row.externalPreviewDomain || `${cfg.lmsPreviewDomainPrefix}${row.externalLmsDomain}`);
  } else {
    if (row.externalStudioDomain) domains.push(row.externalStudioDomain);
    if (row.externalPreviewDomain) domains.push(row.externalPreviewDomain);
  }
  return [...new Set(domains.map((d) => d.toLowerCase()))];
}

/** The fragment's domains of an instance: internal ones and external ones. */
function domainsOf(row: Awaited<ReturnType<typeof lbs.routingStateRows>>[number]): string[] {
  return [...new Set([row.internalLmsDomain, row.internalStudioDomain, row.internalPreviewDomain, ...externalDomainsOf(row)].map((d) => d.toLowerCase()))];
}

/** The whole installation's state on one load balancer, read from the database. */
export async function haproxyInstancesOf(db: Queryable, lbId: string): Promise<{ instances: HaproxyInstance[]; instanceIds: string[] }> {
  const byInstance = new Map<string, HaproxyInstance>();
  for (const row of await lbs.routingStateRows(db, lbId)) {
    let inst = byInstance.get(row.instanceId);
    if (!inst) {
      const auth = basicAuthOf(row);
      inst = { databaseName: row.databaseName, domains: domainsOf(row), basicAuth: { username: auth.user, password: auth.password }, appServers: [] };
      byInstance.set(row.instanceId, inst);
    }
    if (row.appServerNumber !== null && row.publicIp && row.httpPort)
      inst.appServers.push({ n: row.appServerNumber, publicIp: row.publicIp, httpPort: row.httpPort });
  }
  return { instances: [...byInstance.values()], instanceIds: [...byInstance.keys()] };
}

const MAX_RERUNS = 5;

/**
 * Applies one load balancer: renders the installation's state from the database, uploads it and
 * runs the apply command, then records the version it applied. Runs again while the version
 * moved meanwhile. Serialised per load balancer across processes by an advisory lock, so two
 * changes at once give two applies in a row, each of the whole state. Throws when the apply failed
 * (lastError says why).
 */
export async function applyLoadBalancer(lbId: string): Promise<void> {
  const lbp = loadBalancing();
  if (lbp.provider !== 'haproxy') return;
  await withAdvisoryLock(`lb.apply:${lbId}`, async () => {
    for (let run = 0; run < MAX_RERUNS; run++) {
      const lb = await lbs.loadLoadBalancingServer(pool, lbId);
      if (!lb) return;
      if (run > 0 && lb.deployedConfigurationVersion >= lb.configurationVersion) return;
      const version = lb.configurationVersion;
      const { instances, instanceIds } = await haproxyInstancesOf(pool, lbId);
      try {
        const rendered = renderHaproxyConfig({
          fragmentName: `${lbp.fragmentNamePrefix}${lb.fragmentNamePostfix}`,
          backendPostfix: lb.fragmentNamePostfix,
          instances,
          preliminary: lbp.preliminary,
        });
        await lbp.applierFor(lb).apply(rendered);
      } catch (e) {
        const error = describeError(e);
        await lbs.recordApplyError(pool, lbId, error);
        logger.warn('load balancer apply failed', { loadBalancer: lb.domain, version, error });
        throw e;
      }
      await withTx(async (client) => {
        await lbs.recordApplied(client, lbId, version);
        // The ledger follows what the load balancer now serves: rendered instances are present, dropped ones deleted.
        const rendered = new Set(instanceIds);
        for (const row of await backendRowsOfLoadBalancer(client, lbId)) {
          const instanceId = row.name.slice(lbId.length + 1);
          if (rendered.has(instanceId) && row.state === 'PLANNED')
            await markResourcePresent(client, LB_BACKEND, row.name, `${lb.domain}:${lb.fragmentNamePostfix}`);
          if (!rendered.has(instanceId) && row.state === 'DELETING') await markResourceDeleted(client, LB_BACKEND, row.name);
        }
      });
      const after = await lbs.loadLoadBalancingServer(pool, lbId);
      if (!after || after.configurationVersion <= version) return;
    }
    // Still moving after several runs: the queued job (or the resync) takes it from here.
    await withTx((client) => enqueue(client, lbApply, { loadBalancingServerId: lbId }));
  });
}

/** Enqueues an apply of every load balancer behind its version (the resync sweep). */
export async function resyncLoadBalancers(): Promise<number> {
  if (loadBalancing().provider !== 'haproxy') return 0;
  const ids = await lbs.laggingLoadBalancerIds(pool);
  if (ids.length) await withTx(async (client) => void (await Promise.all(ids.map((id) => enqueue(client, lbApply, { loadBalancingServerId: id })))));
  return ids.length;
}

/** The CNAME target customers set for an external domain: the load balancer's name with its final dot. */
export function cnameTargetOf(lb: { domain: string } | null): string | null {
  return lb ? cnameTarget(lb.domain) : null;
}

// Management (superusers; SPEC §3).

const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const SSH_USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;

function checkDomain(domain: string): string {
  const d = domain.trim().toLowerCase().replace(/\.$/, '');
  if (!d || d.length > 253 || !DOMAIN.test(d)) throw new ValidationError('domain', 'Use the load balancer’s host name (letters, digits, dots and hyphens).');
  return d;
}

function checkSshUser(user: string): string {
  const u = user.trim();
  if (!SSH_USER.test(u)) throw new ValidationError('sshUsername', 'Use a Unix user name (letters, digits, _ . -; at most 32).');
  return u;
}

export async function createLoadBalancingServer(actor: Actor, input: { domain: string; sshUsername: string }): Promise<string> {
  const domain = checkDomain(input.domain);
  const sshUsername = checkSshUser(input.sshUsername);
  return withTx(async (client) => {
    if (await lbs.domainTakenByAnotherLoadBalancer(client, domain, null)) throw new ValidationError('domain', 'Another load balancer has this domain.');
    const id = await lbs.insertLoadBalancingServer(client, { domain, sshUsername, fragmentNamePostfix: randomBytes(4).toString('hex') });
    if (!id) throw new ValidationError('domain', 'Another load balancer has this domain.');
    await audit(client, actor, 'createLoadBalancingServer', id, { domain, sshUsername });
    return id;
  });
}

export async function updateLoadBalancingServer(actor: Actor, id: string, patch: { domain?: string | null; sshUsername?: string | null }): Promise<string> {
  const domain = patch.domain == null ? undefined : checkDomain(patch.domain);
  const sshUsername = patch.sshUsername == null ? undefined : checkSshUser(patch.sshUsername);
  return withTx(async (client) => {
    if (domain && (await lbs.domainTakenByAnotherLoadBalancer(client, domain, id)))
      throw new ValidationError('domain', 'Another load balancer has this domain.');
    const before = await lbs.loadLoadBalancingServer(client, id);
    if (!before || !(await lbs.updateLoadBalancingServer(client, id, { domain, sshUsername }))) throw new NotFoundError('No such load balancer.');
    await enqueue(client, lbApply, { loadBalancingServerId: id });
    // The instances' CNAMEs point at the old name: they follow, in a job (outside calls, retried).
    if (domain && domain !== before.domain) await enqueue(client, lbRetargetCnames, { loadBalancingServerId: id });
    await audit(client, actor, 'updateLoadBalancingServer', id, { domain, sshUsername });
    return id;
  });
}

export async function deleteLoadBalancingServer(actor: Actor, id: string): Promise<string> {
  return withTx(async (client) => {
    if (!(await lbs.loadLoadBalancingServer(client, id))) throw new NotFoundError('No such load balancer.');
    const used = await lbs.instancesUsingLoadBalancer(client, id);
    if (used > 0 || !(await lbs.deleteUnusedLoadBalancingServer(client, id))) {
      throw new InvalidStateError('IN_USE', `${used} instance(s) use this load balancer (archived ones keep theirs): it cannot be deleted.`);
    }
    await audit(client, actor, 'deleteLoadBalancingServer', id, null);
    return id;
  });
}

/** DEFAULT_LOAD_BALANCING_SERVER (`user@host`): one row for its domain, created at start when missing. */
export async function seedDefaultLoadBalancingServer(seed: { domain: string; sshUsername: string } | undefined): Promise<void> {
  if (!seed) return;
  await lbs.ensureLoadBalancingServer(pool, { ...seed, fragmentNamePostfix: randomBytes(4).toString('hex') });
}

export async function anyLoadBalancingServer(): Promise<boolean> {
  return (await lbs.listLoadBalancingServers(pool)).length > 0;
}

export function listLoadBalancingServers() {
  return lbs.listLoadBalancingServers(pool);
}

/** The load balancer allocation would give a new instance now, for the CNAME target shown before the first spawn. */
export async function loadBalancerForNewInstance(): Promise<{ domain: string } | null> {
  const id = await lbs.leastUsedLoadBalancerId(pool);
  return id ? lbs.loadLoadBalancingServer(pool, id) : null;
}
