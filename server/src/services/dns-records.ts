import { pool } from '../db.ts';
import {
  markResourceDeleted,
  markResourceDeletedWithNote,
  markResourceError,
  markResourcePresent,
  markInstanceResourcesDeleting,
  cnameRowsOfLoadBalancer,
  planResource,
  resourcesOfInstance,
} from '../data/provisioned-resources.ts';
import { DnsError, cnameTarget } from '../integrations/dns/index.ts';
import { loadBalancing } from '../load-balancing.ts';
import { describeError } from '../errors.ts';
import { loadLoadBalancingServer } from '../data/load-balancing-servers.ts';

/** The ledger kind of an instance's CNAME (SPEC §9.8), named by the record's domain. */
export const DNS_CNAME = 'dns-cname';

/**
 * The CNAMEs of the instance's internal domains → the load balancer (SPEC §9.5): each planned in
 * the ledger before the upsert and present after it. An upsert replaces in place, so a rerun
 * after a crash at any point writes the same record again.
 */
export async function upsertInstanceCnames(instanceId: string, domains: string[], lbDomain: string): Promise<void> {
  const { dns, dnsRecordTtl } = loadBalancing();
  const target = cnameTarget(lbDomain);
  for (const domain of domains) {
    await planResource(pool, DNS_CNAME, domain, { instanceId, appServerId: null });
    try {
      await dns.upsertCname(domain, target, dnsRecordTtl);
    } catch (e) {
      await markResourceError(pool, DNS_CNAME, domain, describeError(e));
      throw e;
    }
    await markResourcePresent(pool, DNS_CNAME, domain, `CNAME ${target}`);
  }
}

/**
 * Deletes every CNAME of the instance the ledger knows (deleting → deleted); an absent record is
 * deleted already. A name no zone of the account holds is recorded as deleted with a note: the
 * record cannot exist in that account (the zone left it, or it never held it), and the archive
 * must not wait forever for a zone that will not come back. Other failures (auth, 5xx after the
 * client's retries) throw, and the archive retries.
 */
export async function deleteInstanceCnames(instanceId: string): Promise<string[]> {
  const { dns } = loadBalancing();
  await markInstanceResourcesDeleting(pool, instanceId, [DNS_CNAME]);
  const notes: string[] = [];
  for (const row of await resourcesOfInstance(pool, instanceId, DNS_CNAME)) {
    if (row.state !== 'DELETING') continue;
    try {
      await dns.deleteCname(row.name);
    } catch (e) {
      if (e instanceof DnsError && e.kind === 'not-found-zone') {
        const note = `No zone of the DNS account holds ${row.name}: nothing to delete.`;
        await markResourceDeletedWithNote(pool, DNS_CNAME, row.name, note);
        notes.push(note);
        continue;
      }
      await markResourceError(pool, DNS_CNAME, row.name, describeError(e));
      throw e;
    }
    await markResourceDeleted(pool, DNS_CNAME, row.name);
  }
  return notes;
}

/**
 * The load balancer's domain changed (SPEC §9.5): every live CNAME of its instances is upserted to
 * the domain it has now, through the ledger like at allocation. It reads the domain when it runs,
 * so a second change before it ran is covered by the same run; each upsert replaces in place, so a
 * retry redoes it safely. Returns how many records it wrote.
 */
export async function retargetLoadBalancerCnames(lbId: string): Promise<number> {
  const { dns } = loadBalancing();
  if (dns.name === 'none') return 0;
  const lb = await loadLoadBalancingServer(pool, lbId);
  if (!lb) return 0;
  const target = cnameTarget(lb.domain);
  const byInstance = new Map<string, string[]>();
  for (const row of await cnameRowsOfLoadBalancer(pool, lbId)) {
    if (row.state === 'PRESENT' && row.externalRef === `CNAME ${target}`) continue;
    byInstance.set(row.instanceId!, [...(byInstance.get(row.instanceId!) ?? []), row.name]);
  }
  let written = 0;
  for (const [instanceId, domains] of byInstance) {
    await upsertInstanceCnames(instanceId, domains, lb.domain);
    written += domains.length;
  }
  return written;
}
