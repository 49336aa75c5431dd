import { randomUUID } from 'node:crypto';
import type { FakeOpenStack } from './index.ts';
import { neutronError, type FakeRule, type FakeSecurityGroup, type Reply } from './types.ts';

// Neutron v2.0: security groups, their rules (with Neutron's duplicate check) and networks.

function groupView(g: FakeSecurityGroup): Record<string, unknown> {
  return { id: g.id, name: g.name, description: g.description, tenant_id: 'p1', project_id: 'p1', security_group_rules: g.rules };
}

export function network(fake: FakeOpenStack, method: string, path: string, query: URLSearchParams, body: any): Reply {
  let m: RegExpExecArray | null;
  if (method === 'GET' && path === '/v2.0/security-groups') {
    const name = query.get('name');
    return { status: 200, json: { security_groups: fake.securityGroups.filter((g) => !name || g.name === name).map((g) => groupView(g)) } };
  }
  if (method === 'POST' && path === '/v2.0/security-groups') {
    const name = body?.security_group?.name;
    if (typeof name !== 'string') return neutronError(400, 'HTTPBadRequest', "Invalid input for operation: 'name' is required.");
    const g = fake.addSecurityGroup(name);
    g.description = body.security_group.description ?? '';
    return { status: 201, json: { security_group: groupView(g) } };
  }
  if ((m = /^\/v2\.0\/security-groups\/([^/]+)$/.exec(path))) {
    const g = fake.securityGroups.find((x) => x.id === decodeURIComponent(m![1]));
    if (!g) return neutronError(404, 'SecurityGroupNotFound', `Security group ${decodeURIComponent(m[1])} does not exist`);
    if (method === 'GET') return { status: 200, json: { security_group: groupView(g) } };
  }
  if (method === 'GET' && path === '/v2.0/security-group-rules') {
    const groupId = query.get('security_group_id');
    const rules = fake.securityGroups.flatMap((g) => g.rules).filter((r) => !groupId || r.security_group_id === groupId);
    return { status: 200, json: { security_group_rules: rules } };
  }
  if (method === 'POST' && path === '/v2.0/security-group-rules') {
    const r = body?.security_group_rule;
    const g = fake.securityGroups.find((x) => x.id === r?.security_group_id);
    if (!g) return neutronError(404, 'SecurityGroupNotFound', `Security group ${r?.security_group_id} does not exist`);
    if (r.direction !== 'ingress' && r.direction !== 'egress')
      return neutronError(400, 'InvalidInput', `Invalid input for direction. Reason: ${r.direction} is not in valid_values.`);
    if (r.ethertype !== 'IPv4' && r.ethertype !== 'IPv6')
      return neutronError(400, 'InvalidInput', `Invalid input for ethertype. Reason: ${r.ethertype} is not in valid_values.`);
    if (r.remote_ip_prefix && r.remote_group_id)
      return neutronError(400, 'SecurityGroupRemoteGroupAndRemoteIpPrefix', 'Only remote_ip_prefix or remote_group_id may be provided.');
    const rule: FakeRule = {
      id: randomUUID(),
      security_group_id: g.id,
      direction: r.direction,
      ethertype: r.ethertype,
      protocol: r.protocol ?? null,
      port_range_min: r.port_range_min ?? null,
      port_range_max: r.port_range_max ?? null,
      remote_ip_prefix: r.remote_ip_prefix ?? null,
      remote_group_id: r.remote_group_id ?? null,
    };
    const same = g.rules.find((x) => sameRule(x, rule));
    if (same) return neutronError(409, 'SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${same.id}.`);
    g.rules.push(rule);
    return { status: 201, json: { security_group_rule: rule } };
  }
  if (method === 'DELETE' && (m = /^\/v2\.0\/security-group-rules\/([^/]+)$/.exec(path))) {
    const id = decodeURIComponent(m[1]);
    const g = fake.securityGroups.find((x) => x.rules.some((r) => r.id === id));
    if (!g) return neutronError(404, 'SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`);
    g.rules = g.rules.filter((r) => r.id !== id);
    return { status: 204 };
  }
  if (method === 'GET' && path === '/v2.0/networks') {
    const name = query.get('name');
    return { status: 200, json: { networks: fake.networks.filter((n) => !name || n.name === name) } };
  }
  return neutronError(404, 'HTTPNotFound', 'The resource could not be found.');
}

function anyPrefix(r: FakeRule): string | null {
  return r.remote_group_id ? null : (r.remote_ip_prefix ?? (r.ethertype === 'IPv6' ? '::/0' : '0.0.0.0/0'));
}

// Neutron counts "no prefix" and the any-address prefix as the same rule.
function sameRule(a: FakeRule, b: FakeRule): boolean {
  return (
    a.direction === b.direction &&
    a.ethertype === b.ethertype &&
    (a.protocol ?? null) === (b.protocol ?? null) &&
    a.port_range_min === b.port_range_min &&
    a.port_range_max === b.port_range_max &&
    anyPrefix(a) === anyPrefix(b) &&
    a.remote_group_id === b.remote_group_id
  );
}

/** Neutron's two default egress rules of every new group. */
export function defaultEgress(): Omit<FakeRule, 'id' | 'security_group_id'>[] {
  return (['IPv4', 'IPv6'] as const).map((ethertype) => ({
    direction: 'egress' as const,
    ethertype,
    protocol: null,
    port_range_min: null,
    port_range_max: null,
    remote_ip_prefix: null,
    remote_group_id: null,
  }));
}
