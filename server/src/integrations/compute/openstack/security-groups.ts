import type { SecurityGroupRuleSetting } from '../../../config.ts';
import type { ResourceLedgerCallbacks } from '../types.ts';
import { OpenStackError, type OpenStackClient } from './client.ts';
import { VmSpecError } from './resolve.ts';

// The managed security group (SPEC §9.1, pipeline step 4): created if absent, its rules made
// exactly the configured ones (manual changes are overwritten).

export const LEDGER_KIND_GROUP = 'security_group';
export const LEDGER_KIND_RULE = 'security_group_rule';

interface NeutronRule {
  id: string;
  direction: string;
  ethertype: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  security_group_id: string;
}

interface NeutronGroup {
  id: string;
  name: string;
  security_group_rules?: NeutronRule[];
}

/** A rule's identity: Neutron treats "any prefix" and no prefix alike, and protocol names case-insensitively. */
export function ruleKey(rule: SecurityGroupRuleSetting): string {
  const anyPrefix = rule.ether_type === 'IPv6' ? '::/0' : '0.0.0.0/0';
  const prefix = rule.remote_group_id ? null : (rule.remote_ip_prefix ?? anyPrefix);
  const protocol = rule.protocol === null || rule.protocol === 'any' ? 'any' : rule.protocol.toLowerCase();
  const ports = rule.port_range_min === null && rule.port_range_max === null ? 'all' : `${rule.port_range_min ?? ''}-${rule.port_range_max ?? ''}`;
  const remote = rule.remote_group_id ? `group:${rule.remote_group_id}` : prefix;
  return `${rule.direction} ${rule.ether_type} ${protocol} ${ports} ${remote}`;
}

function fromNeutron(r: NeutronRule): SecurityGroupRuleSetting {
  return {
    direction: r.direction as 'ingress' | 'egress',
    ether_type: r.ethertype as 'IPv4' | 'IPv6',
    protocol: r.protocol,
    port_range_min: r.port_range_min,
    port_range_max: r.port_range_max,
    remote_ip_prefix: r.remote_ip_prefix,
    remote_group_id: r.remote_group_id,
  };
}

export async function findSecurityGroup(client: OpenStackClient, name: string): Promise<NeutronGroup | null> {
  const res = await client.request<{ security_groups: NeutronGroup[] }>('network', 'GET', `/v2.0/security-groups?${new URLSearchParams({ name })}`);
  return res.security_groups.find((g) => g.name === name) ?? null;
}

async function rulesOf(client: OpenStackClient, groupId: string): Promise<NeutronRule[]> {
  const res = await client.request<{ security_group_rules: NeutronRule[] }>(
    'network',
    'GET',
    `/v2.0/security-group-rules?${new URLSearchParams({ security_group_id: groupId })}`,
  );
  return res.security_group_rules.filter((r) => r.security_group_id === groupId);
}

export interface SecurityGroupSyncResult {
  groupId: string;
  groupCreated: boolean;
  /** Ledger names of the rules created and deleted. */
  rulesCreated: string[];
  rulesDeleted: string[];
}

const noLedger: ResourceLedgerCallbacks = { onIntent() {}, onCreated() {} };

/**
 * Creates the managed group if absent and syncs its rules: missing ones created, extra ones
 * (manual additions, Neutron's default egress rules when not configured) deleted. Intent is
 * recorded through `ledger` before each create. Ledger names: the group's name, and
 * `<group>: <rule key>` for rules.
 */
export async function syncManagedSecurityGroup(
  client: OpenStackClient,
  group: { name: string; rules: SecurityGroupRuleSetting[]; description?: string },
  ledger: ResourceLedgerCallbacks = noLedger,
): Promise<SecurityGroupSyncResult> {
  let found = await findSecurityGroup(client, group.name);
  let groupCreated = false;
  if (!found) {
    await ledger.onIntent(LEDGER_KIND_GROUP, group.name);
    try {
      const res = await client.request<{ security_group: NeutronGroup }>('network', 'POST', '/v2.0/security-groups', {
        security_group: {
          name: group.name,
          description: group.description ?? 'Open edX app servers; managed by the instance manager, manual changes are overwritten',
        },
      });
      found = res.security_group;
    } catch (e) {
      // A create whose answer was lost may still have happened: look before failing (Neutron allows duplicate names).
      if (!(e instanceof OpenStackError && e.transient)) throw e;
      found = await findSecurityGroup(client, group.name);
      if (!found) throw e;
    }
    groupCreated = true;
    await ledger.onCreated(LEDGER_KIND_GROUP, group.name, found.id);
  }
  const groupId = found.id;
  const existing = await rulesOf(client, groupId);
  const wanted = new Map<string, SecurityGroupRuleSetting>();
  for (const rule of group.rules) wanted.set(ruleKey(rule), rule);

  const kept = new Set<string>();
  const extra: NeutronRule[] = [];
  for (const r of existing) {
    const key = ruleKey(fromNeutron(r));
    if (wanted.has(key) && !kept.has(key)) kept.add(key);
    else extra.push(r);
  }

  // Missing rules first, then removals, so a sync never leaves a window with fewer openings than wanted.
  const rulesCreated: string[] = [];
  for (const [key, rule] of wanted) {
    if (kept.has(key)) continue;
    const name = `${group.name}: ${key}`;
    await ledger.onIntent(LEDGER_KIND_RULE, name);
    const body = {
      security_group_rule: {
        security_group_id: groupId,
        direction: rule.direction,
        ethertype: rule.ether_type,
        protocol: rule.protocol,
        port_range_min: rule.port_range_min,
        port_range_max: rule.port_range_max,
        remote_ip_prefix: rule.remote_group_id ? null : rule.remote_ip_prefix,
        remote_group_id: rule.remote_group_id,
      },
    };
    // Safe to repeat: Neutron refuses a duplicate rule with 409, and we then find the one that exists.
    const res = await client.call<{ security_group_rule: NeutronRule }>('network', 'POST', '/v2.0/security-group-rules', body, {
      idempotent: true,
      accept: [409],
    });
    let id = res.body?.security_group_rule.id;
    if (res.status === 409) {
      id = (await rulesOf(client, groupId)).find((r) => ruleKey(fromNeutron(r)) === key)?.id;
      if (!id) throw new OpenStackError(409, 'network', 'POST', '/v2.0/security-group-rules', res.error ?? 'conflict');
    }
    await ledger.onCreated(LEDGER_KIND_RULE, name, id!);
    rulesCreated.push(name);
  }

  const rulesDeleted: string[] = [];
  for (const r of extra) {
    const name = `${group.name}: ${ruleKey(fromNeutron(r))}`;
    await client.call('network', 'DELETE', `/v2.0/security-group-rules/${encodeURIComponent(r.id)}`, undefined, { accept: [404] });
    await ledger.onDeleted?.(LEDGER_KIND_RULE, name, r.id);
    rulesDeleted.push(name);
  }
  return { groupId, groupCreated, rulesCreated, rulesDeleted };
}

/** An instance's additional groups are the operator's: they must exist already. */
export async function checkSecurityGroupsExist(client: OpenStackClient, names: string[]): Promise<void> {
  for (const name of names) {
    if (!(await findSecurityGroup(client, name))) {
      throw new VmSpecError(
        'securityGroups',
        `the additional security group "${name}" does not exist in region ${client.region}: create it, or remove it from the instance's additional security groups`,
      );
    }
  }
}
