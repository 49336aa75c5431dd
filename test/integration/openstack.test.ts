import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../server/src/config.ts';
import type { ResourceLedgerCallbacks, ServerRecord } from '../../server/src/integrations/compute/types.ts';
import { OpenStackClient, OpenStackError, type OpenStackClientOptions } from '../../server/src/integrations/compute/openstack/client.ts';
import {
  OpenStackCompute,
  openStackComputeFromConfig,
  openStackServerName,
  resolveFlavor,
  resolveImage,
  syncManagedSecurityGroup,
  VmSpecError,
} from '../../server/src/integrations/compute/openstack/index.ts';
import { FakeOpenStack, startFakeOpenStack } from '../fakes/openstack/index.ts';

const HOST_KEY = {
  privateKey:
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBfakefakefakefakefakefakefakefakefakefakefakefakeAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
  publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyHostKeyHostKeyHostKeyHostKeyHostKey',
};

let fake: FakeOpenStack;

function clientFor(overrides: Partial<OpenStackClientOptions> = {}): OpenStackClient {
  return new OpenStackClient({
    authUrl: fake.authUrl,
    username: 'im-user',
    password: 'im-password',
    projectName: 'im-project',
    region: 'RegionOne',
    timeoutMs: 400,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    ...overrides,
  });
}

function computeFor(client = clientFor(), overrides: Partial<ConstructorParameters<typeof OpenStackCompute>[0]> = {}): OpenStackCompute {
  const config = loadConfig({});
  return openStackComputeFromConfig(config, { client, stopPollIntervalMs: 10, probeTimeoutMs: 500, ...overrides });
}

let serverCounter = 0;
function serverRecord(over: Partial<ServerRecord> = {}): ServerRecord {
  serverCounter++;
  return {
    id: `00000000-0000-4000-8000-${String(serverCounter).padStart(12, '0')}`,
    name: openStackServerName('demo.example.com', serverCounter),
    externalId: null,
    publicIp: null,
    httpPort: 80,
    sshPort: 22,
    ...over,
  };
}

/** Polls until `check` returns a value, or fails at the deadline. */
async function waitFor<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, deadlineMs = 5000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function recordingLedger() {
  const events: string[] = [];
  const ledger: ResourceLedgerCallbacks = {
    onIntent: (kind, name) => void events.push(`intent ${kind} ${name}`),
    onCreated: (kind, name, id) => void events.push(`created ${kind} ${name} ${id ? 'with id' : 'WITHOUT ID'}`),
    onDeleted: (kind, name) => void events.push(`deleted ${kind} ${name}`),
  };
  return { events, ledger };
}

beforeEach(async () => {
  fake = await startFakeOpenStack({ bootDelayMs: 60 });
});

afterEach(async () => {
  await fake.close();
});

describe('Keystone v3 auth', () => {
  it('authenticates once and reuses the token for later calls', async () => {
    const client = clientFor();
    await client.request('compute', 'GET', '/flavors/detail');
    await client.request('image', 'GET', '/v2/images');
    await client.request('network', 'GET', '/v2.0/security-groups');
    expect(fake.tokensIssued).toBe(1);
    expect(client.authentications).toBe(1);
  });

  it('re-authenticates once when a token is refused with 401', async () => {
    const client = clientFor();
    await client.request('compute', 'GET', '/flavors/detail');
    fake.revokeTokens();
    const res = await client.request<{ flavors: unknown[] }>('compute', 'GET', '/flavors/detail');
    expect(res.flavors.length).toBeGreaterThan(0);
    expect(fake.tokensIssued).toBe(2);
  });

  it('gives up after one re-authentication if 401 persists', async () => {
    const client = clientFor();
    fake.failNext({
      path: '/v2.1/flavors',
      count: 5,
      status: 401,
      body: '{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}',
    });
    const err: any = await client.request('compute', 'GET', '/flavors/detail').catch((e) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect(err.status).toBe(401);
    expect(err.detail).toBe('The request you have made requires authentication.');
    expect(fake.tokensIssued).toBe(2);
  });

  it('renews the token five minutes before it expires', async () => {
    let now = Date.now();
    const client = clientFor({ now: () => now });
    await client.request('compute', 'GET', '/flavors/detail');
    now += 54 * 60_000;
    await client.request('compute', 'GET', '/flavors/detail');
    expect(fake.tokensIssued).toBe(1);
    now += 2 * 60_000;
    await client.request('compute', 'GET', '/flavors/detail');
    expect(fake.tokensIssued).toBe(2);
  });

  it('retries Keystone when it fails for a moment, even before a call that is never repeated', async () => {
    const client = clientFor();
    fake.failNext({ method: 'POST', path: '/v3/auth/tokens', count: 2, status: 503 });
    const res = await client.request<{ security_group: { id: string } }>('network', 'POST', '/v2.0/security-groups', { security_group: { name: 'once' } });
    expect(res.security_group.id).toBeTruthy();
    expect(fake.securityGroups.filter((g) => g.name === 'once')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.service === 'identity')).toHaveLength(3);
  });

  it('reports refused credentials with Keystone’s message', async () => {
    const err: any = await clientFor({ password: 'wrong' })
      .request('compute', 'GET', '/flavors/detail')
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect(err).toMatchObject({ status: 401, service: 'identity', method: 'POST', path: '/auth/tokens' });
    expect(err.message).toMatch(/requires authentication/);
  });
});

describe('catalog', () => {
  it('uses the public endpoints of the configured region', async () => {
    const client = clientFor({ region: 'RegionTwo' });
    await client.request('compute', 'GET', '/flavors/detail');
    await client.request('network', 'GET', '/v2.0/security-groups');
    await client.request('image', 'GET', '/v2/images');
    const calls = fake.requests.filter((r) => r.service !== 'identity');
    expect(calls.map((r) => `${r.service} ${r.region}`)).toEqual(['compute RegionTwo', 'network RegionTwo', 'image RegionTwo']);
    expect(await client.endpoint('compute')).toBe(`${fake.url}/r2/compute/v2.1`);
  });

  it('names the regions it found when the configured one is absent', async () => {
    const err: any = await clientFor({ region: 'Mars' })
      .request('compute', 'GET', '/flavors/detail')
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect(err.message).toMatch(/no public compute endpoint in region "Mars".*RegionOne, RegionTwo/);
    expect(err.transient).toBe(false);
  });
});

describe('flavor and image resolution', () => {
  it('finds a flavor by name', async () => {
    expect((await resolveFlavor(clientFor(), '{"name": "m1.large"}')).id).toBe('f-large');
  });

  it('finds a flavor by exact attributes, vcpus optional', async () => {
    expect((await resolveFlavor(clientFor(), '{"ram": 4096, "disk": 40}')).id).toBe('f-medium');
    expect((await resolveFlavor(clientFor(), { ram: 4096, disk: 40, vcpus: 2 })).id).toBe('f-medium');
    await expect(resolveFlavor(clientFor(), { ram: 4096, disk: 40, vcpus: 3 })).rejects.toThrow(VmSpecError);
  });

  it('takes the first by name when several flavors match', async () => {
    fake.flavors.push({ id: 'f-z', name: 'z1.medium', ram: 4096, disk: 40, vcpus: 2 }, { id: 'f-a', name: 'a1.medium', ram: 4096, disk: 40, vcpus: 8 });
    expect((await resolveFlavor(clientFor(), { ram: 4096, disk: 40 })).name).toBe('a1.medium');
  });

  it('refuses a spec no flavor matches, naming the spec', async () => {
    const err: any = await resolveFlavor(clientFor(), '{"ram": 3000, "disk": 40}').catch((e) => e);
    expect(err).toBeInstanceOf(VmSpecError);
    expect(err.field).toBe('flavor');
    expect(err.message).toMatch(/no flavor matches \{"ram":3000,"disk":40\}/);
    await expect(resolveFlavor(clientFor(), '{"name": "m9.huge"}')).rejects.toThrow(/no flavor matches \{"name":"m9.huge"\}/);
  });

  it('refuses malformed flavor and image specs before calling the provider', async () => {
    const client = clientFor();
    await expect(resolveFlavor(client, '{ram: 4096')).rejects.toThrow(/flavor spec is not valid JSON/);
    await expect(resolveFlavor(client, '[4096, 40]')).rejects.toThrow(/must be a JSON object/);
    await expect(resolveFlavor(client, '{"ram": "4096"}')).rejects.toThrow(/ram must be a whole number/);
    await expect(resolveFlavor(client, '{"name": "m1.small", "ram": 2048}')).rejects.toThrow(/either \{"name"/);
    await expect(resolveImage(client, '{"slug": "ubuntu"}')).rejects.toThrow(VmSpecError);
    await expect(resolveImage(client, 'Ubuntu 20.04')).rejects.toThrow(/image spec is not valid JSON/);
    expect(fake.requests).toEqual([]);
  });

  it('picks the newest active image of a name', async () => {
    expect((await resolveImage(clientFor(), '{"name": "Ubuntu 20.04"}')).id).toBe('img-focal-new');
    const listing = fake.requests.find((r) => r.service === 'image')!;
    expect(listing.path).toMatch(/status=active/);
    expect(listing.path).toMatch(/sort=created_at%3Adesc/);
  });

  it('finds an image by id, and refuses unknown images', async () => {
    expect((await resolveImage(clientFor(), { id: 'img-jammy' })).name).toBe('Ubuntu 22.04');
    await expect(resolveImage(clientFor(), { id: 'nope' })).rejects.toThrow(/no image with id nope/);
    await expect(resolveImage(clientFor(), { name: 'Windows 95' })).rejects.toThrow(/no active image named "Windows 95"/);
  });

  it('resolves the whole VM spec from the defaults, and refuses a missing key pair', async () => {
    const compute = computeFor();
    expect(await compute.resolveVmSpec()).toEqual({
      flavorRef: 'f-medium',
      flavorName: 'm1.medium',
      imageRef: 'img-focal-new',
      imageName: 'Ubuntu 20.04',
      keyName: 'instance-manager',
    });
    await expect(compute.resolveVmSpec({ keyName: 'someone-else' })).rejects.toThrow(/no key pair named "someone-else"/);
    expect(fake.servers).toEqual([]);
  });
});

describe('managed security group', () => {
  const rules = loadConfig({}).appServerSecurityGroupRules;

  it('creates the group with the configured rules, recording intent before each create', async () => {
    const client = clientFor();
    const events: string[] = [];
    const result = await syncManagedSecurityGroup(
      client,
      { name: 'edxapp-appserver', rules },
      {
        onIntent: (kind, name) => {
          // Intent comes first: the object must not exist yet.
          if (kind === 'security_group') expect(fake.group('edxapp-appserver')).toBeUndefined();
          events.push(`intent ${kind}`);
        },
        onCreated: (kind, _name, id) => {
          expect(id).toBeTruthy();
          events.push(`created ${kind}`);
        },
      },
    );
    expect(result.groupCreated).toBe(true);
    const group = fake.group('edxapp-appserver')!;
    const ingress = group.rules
      .filter((r) => r.direction === 'ingress')
      .map((r) => `${r.ethertype} ${r.protocol} ${r.port_range_min}-${r.port_range_max} ${r.remote_ip_prefix}`)
      .sort();
    expect(ingress).toEqual([
      'IPv4 tcp 22-22 0.0.0.0/0',
      'IPv4 tcp 443-443 0.0.0.0/0',
      'IPv4 tcp 80-80 0.0.0.0/0',
      'IPv6 tcp 22-22 ::/0',
      'IPv6 tcp 443-443 ::/0',
      'IPv6 tcp 80-80 ::/0',
    ]);
    // Neutron's default egress rules are the configured egress rules: kept, not duplicated.
    expect(group.rules.filter((r) => r.direction === 'egress')).toHaveLength(2);
    expect(events[0]).toBe('intent security_group');
    expect(events[1]).toBe('created security_group');
    expect(events.filter((e) => e === 'intent security_group_rule')).toHaveLength(6);
    expect(events.slice(2).every((e, i) => e === (i % 2 === 0 ? 'intent security_group_rule' : 'created security_group_rule'))).toBe(true);
  });

  it('changes nothing on a second sync', async () => {
    const client = clientFor();
    await syncManagedSecurityGroup(client, { name: 'edxapp-appserver', rules });
    const { events, ledger } = recordingLedger();
    const again = await syncManagedSecurityGroup(client, { name: 'edxapp-appserver', rules }, ledger);
    expect(again).toMatchObject({ groupCreated: false, rulesCreated: [], rulesDeleted: [] });
    expect(events).toEqual([]);
    expect(fake.securityGroups.filter((g) => g.name === 'edxapp-appserver')).toHaveLength(1);
  });

  it('overwrites manual changes: extra rules removed, missing ones added', async () => {
    const client = clientFor();
    await syncManagedSecurityGroup(client, { name: 'edxapp-appserver', rules });
    const group = fake.group('edxapp-appserver')!;
    // An operator opens 3306 to the world and removes the HTTPS rule by hand.
    group.rules.push({
      id: 'manual-1',
      security_group_id: group.id,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 3306,
      port_range_max: 3306,
      remote_ip_prefix: '0.0.0.0/0',
      remote_group_id: null,
    });
    group.rules = group.rules.filter((r) => !(r.port_range_min === 443 && r.ethertype === 'IPv4'));
    const { events, ledger } = recordingLedger();
    const result = await syncManagedSecurityGroup(client, { name: 'edxapp-appserver', rules }, ledger);
    expect(result.rulesDeleted).toEqual(['edxapp-appserver: ingress IPv4 tcp 3306-3306 0.0.0.0/0']);
    expect(result.rulesCreated).toEqual(['edxapp-appserver: ingress IPv4 tcp 443-443 0.0.0.0/0']);
    expect(events).toEqual([
      'intent security_group_rule edxapp-appserver: ingress IPv4 tcp 443-443 0.0.0.0/0',
      'created security_group_rule edxapp-appserver: ingress IPv4 tcp 443-443 0.0.0.0/0 with id',
      'deleted security_group_rule edxapp-appserver: ingress IPv4 tcp 3306-3306 0.0.0.0/0',
    ]);
    const now = fake.group('edxapp-appserver')!.rules;
    expect(now.some((r) => r.port_range_min === 3306)).toBe(false);
    expect(now.some((r) => r.port_range_min === 443 && r.ethertype === 'IPv4')).toBe(true);
    expect(now).toHaveLength(8);
  });

  it('syncs to a narrower rule list, removing every other rule', async () => {
    const client = clientFor();
    await syncManagedSecurityGroup(client, { name: 'edxapp-appserver', rules });
    const only = [
      {
        direction: 'ingress' as const,
        ether_type: 'IPv4' as const,
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
        remote_ip_prefix: '10.0.0.0/8',
        remote_group_id: null,
      },
    ];
    await syncManagedSecurityGroup(client, { name: 'edxapp-appserver', rules: only });
    expect(fake.group('edxapp-appserver')!.rules.map((r) => `${r.direction} ${r.port_range_min} ${r.remote_ip_prefix}`)).toEqual(['ingress 22 10.0.0.0/8']);
  });

  it('refuses an instance whose additional group does not exist, naming it', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('monitoring');
    const { ledger } = recordingLedger();
    await compute.syncSecurityGroups(['monitoring'], ledger);
    const err: any = await compute.syncSecurityGroups(['monitoring', 'vpn-only'], ledger).catch((e) => e);
    expect(err).toBeInstanceOf(VmSpecError);
    expect(err.message).toMatch(/additional security group "vpn-only" does not exist/);
  });
});

describe('VMs', () => {
  it('creates a VM that goes from BUILD to ACTIVE with its first IPv4 address', async () => {
    const compute = computeFor();
    const seen: { metadata: Record<string, string>; userData: string | null }[] = [];
    fake.onServerActive = (_server, boot) => {
      seen.push(boot);
      return { address: '127.0.0.77' };
    };
    fake.addSecurityGroup('edxapp-appserver');
    fake.addSecurityGroup('monitoring');
    const server = serverRecord();
    const { externalId } = await compute.createServer(server, {
      instanceDomain: 'demo.example.com',
      appServerNumber: 1,
      instanceId: 'inst-1',
      hostKey: HOST_KEY,
      additionalSecurityGroups: ['monitoring'],
    });
    expect(await compute.status({ ...server, externalId })).toEqual({ state: 'BUILD' });
    const active = await waitFor(async () => {
      const s = await compute.status({ ...server, externalId });
      return s.state === 'ACTIVE' ? s : null;
    }, 'ACTIVE');
    expect(active).toEqual({ state: 'ACTIVE', publicIp: '127.0.0.77', httpPort: 80, sshPort: 22 });

    const vm = fake.server(externalId)!;
    expect(vm.name).toBe(server.name);
    expect(vm).toMatchObject({
      flavorRef: 'f-medium',
      imageRef: 'img-focal-new',
      keyName: 'instance-manager',
      securityGroups: ['edxapp-appserver', 'monitoring'],
    });
    expect(vm.metadata).toEqual({ 'im-installation': 'im', 'im-server': server.id, 'im-instance': 'inst-1' });
    expect(seen[0].metadata['im-server']).toBe(server.id);
  });

  it('injects the given host key through cloud-init user_data', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    const { externalId } = await compute.createServer(serverRecord(), { instanceDomain: 'demo.example.com', appServerNumber: 2, hostKey: HOST_KEY });
    const userData = fake.server(externalId)!.userData!;
    expect(userData.startsWith('#cloud-config\n')).toBe(true);
    const cloudConfig = parse(userData);
    expect(cloudConfig.ssh_keys).toEqual({ ed25519_private: HOST_KEY.privateKey, ed25519_public: HOST_KEY.publicKey });
    expect(cloudConfig.ssh_deletekeys).toBe(true);
    expect(cloudConfig.ssh_genkeytypes).toEqual([]);
  });

  it('names VMs after the LMS domain and the app server number', () => {
    expect(openStackServerName('Demo.Example.com', 3)).toBe('edxapp-demo-example-com-3');
    expect(openStackServerName('a-very-long-subdomain-name.sandbox.example.com', 12)).toBe('edxapp-a-very-long-subdomain-name-san-12');
  });

  it('uses OPENSTACK_NETWORK by name', async () => {
    const compute = computeFor(clientFor(), { network: 'public' });
    fake.addSecurityGroup('edxapp-appserver');
    const { externalId } = await compute.createServer(serverRecord(), { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY });
    expect(fake.server(externalId)!.networks).toEqual([{ uuid: fake.networks[0].id }]);
  });

  it('finds the VM of a create whose answer was lost instead of creating a second one', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    fake.loseResponseNext({ method: 'POST', path: '/v2.1/servers' });
    const server = serverRecord();
    const spec = { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY };
    const first = await compute.createServer(server, spec);
    expect(fake.servers).toHaveLength(1);
    expect(first.externalId).toBe(fake.servers[0].id);
    // A redelivered step finds it too, without another POST.
    const again = await compute.createServer(server, spec);
    expect(again.externalId).toBe(first.externalId);
    expect(fake.servers).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2.1/servers')).toHaveLength(1);
  });

  it('never repeats a create blindly: a create that failed without a VM fails, and the retry makes exactly one', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    const server = serverRecord();
    const spec = { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY };
    fake.failNext({ method: 'POST', path: '/v2.1/servers', status: 503 });
    await expect(compute.createServer(server, spec)).rejects.toMatchObject({ status: 503, transient: true });
    fake.hangNext({ method: 'POST', path: '/v2.1/servers' });
    await expect(compute.createServer(server, spec)).rejects.toMatchObject({ status: null, transient: true });
    expect(fake.servers).toHaveLength(0);
    const created = await compute.createServer(server, spec);
    expect(fake.servers.map((s) => s.id)).toEqual([created.externalId]);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2.1/servers')).toHaveLength(3);
  });

  it('does not mistake another server’s VM of a similar name for its own', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    const a = serverRecord({ name: 'edxapp-demo-1' });
    const b = serverRecord({ name: 'edxapp-demo-10' });
    const created = await compute.createServer(b, { instanceDomain: 'demo', appServerNumber: 10, hostKey: HOST_KEY });
    const other = await compute.createServer(a, { instanceDomain: 'demo', appServerNumber: 1, hostKey: HOST_KEY });
    expect(other.externalId).not.toBe(created.externalId);
    expect(fake.servers).toHaveLength(2);
  });

  it('passes a refusal on with Nova’s message, and does not retry the create', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    fake.instanceQuota = 0;
    const err: any = await compute.createServer(serverRecord(), { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect(err).toMatchObject({ status: 403, service: 'compute', method: 'POST', path: '/servers' });
    expect(err.detail).toMatch(/^Quota exceeded for instances/);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2.1/servers')).toHaveLength(1);
  });

  it('refuses to create without a host key to inject', async () => {
    await expect(computeFor().createServer(serverRecord(), { instanceDomain: 'd', appServerNumber: 1 })).rejects.toThrow(/needs spec.hostKey/);
    expect(fake.servers).toEqual([]);
  });

  it('reports ERROR with the fault message, and NOT_FOUND for a VM that is gone', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    fake.failNextBoot('No valid host was found.');
    const server = serverRecord();
    const { externalId } = await compute.createServer(server, { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY });
    const failed = await waitFor(async () => {
      const s = await compute.status({ ...server, externalId });
      return s.state === 'ERROR' ? s : null;
    }, 'ERROR');
    expect(failed).toEqual({ state: 'ERROR', reason: 'No valid host was found.' });
    expect(await compute.status({ ...server, externalId: 'a0000000-0000-4000-8000-000000000000' })).toEqual({ state: 'NOT_FOUND' });
    expect(await compute.status(serverRecord())).toEqual({ state: 'NOT_FOUND' });
  });

  it('reports a VM that fails after booting as ERROR', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    const server = serverRecord();
    const { externalId } = await compute.createServer(server, { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY });
    await waitFor(() => fake.server(externalId)!.status === 'ACTIVE', 'ACTIVE');
    fake.failServer(externalId, 'Hypervisor lost');
    expect(await compute.status({ ...server, externalId })).toEqual({ state: 'ERROR', reason: 'Hypervisor lost' });
  });

  it('soft-reboots a VM', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    let reboots = 0;
    fake.onServerReboot = () => void reboots++;
    const server = serverRecord();
    const { externalId } = await compute.createServer(server, { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY });
    await waitFor(() => fake.server(externalId)!.status === 'ACTIVE', 'ACTIVE');
    await compute.reboot({ ...server, externalId });
    const action = fake.requests.find((r) => r.path === `/v2.1/servers/${externalId}/action`)!;
    expect(action.body).toEqual({ reboot: { type: 'SOFT' } });
    expect(fake.server(externalId)!.status).toBe('REBOOT');
    await waitFor(() => fake.server(externalId)!.status === 'ACTIVE' && reboots === 1, 'the reboot to finish');
  });

  it('stops the VM, waits for SHUTOFF, then deletes it', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    const server = serverRecord();
    const { externalId } = await compute.createServer(server, { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY });
    await waitFor(() => fake.server(externalId)!.status === 'ACTIVE', 'ACTIVE');
    const statuses: string[] = [];
    fake.onServerDeleted = (vm) => void statuses.push(`deleted while ${vm.status}`);
    await compute.deleteServer({ ...server, externalId });
    expect(fake.servers).toEqual([]);
    expect(statuses).toEqual(['deleted while SHUTOFF']);
    const calls = fake.requests
      .filter((r) => r.path.startsWith(`/v2.1/servers/${externalId}`))
      .map((r) => `${r.method} ${r.body ? Object.keys(r.body)[0] : ''}`.trim());
    expect(calls[0]).toBe('POST os-stop');
    expect(calls.at(-1)).toBe('DELETE');
    expect(calls.filter((c) => c === 'GET').length).toBeGreaterThanOrEqual(1);
  });

  it('deletes a VM that will not stop once SHUTDOWN_TIMEOUT has passed', async () => {
    await fake.close();
    fake = await startFakeOpenStack({ bootDelayMs: 10, stopDelayMs: 60_000 });
    const compute = computeFor(clientFor(), { shutdownTimeoutMs: 150 });
    fake.addSecurityGroup('edxapp-appserver');
    const server = serverRecord();
    const { externalId } = await compute.createServer(server, { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY });
    await waitFor(() => fake.server(externalId)!.status === 'ACTIVE', 'ACTIVE');
    await compute.deleteServer({ ...server, externalId });
    expect(fake.servers).toEqual([]);
  });

  it('counts a VM that is already gone as deleted', async () => {
    const compute = computeFor();
    await compute.deleteServer(serverRecord({ externalId: 'a0000000-0000-4000-8000-000000000000' }));
    await compute.deleteServer(serverRecord());
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });

  it('counts a VM deleted by someone else while it stops as deleted', async () => {
    await fake.close();
    fake = await startFakeOpenStack({ bootDelayMs: 10, stopDelayMs: 60_000 });
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    const server = serverRecord();
    const { externalId } = await compute.createServer(server, { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY });
    await waitFor(() => fake.server(externalId)!.status === 'ACTIVE', 'ACTIVE');
    const deleting = compute.deleteServer({ ...server, externalId });
    await waitFor(() => fake.requests.some((r) => r.body && 'os-stop' in r.body), 'the stop request');
    fake.servers = [];
    await deleting;
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });

  it('probes with an SSH handshake: a port that is not SSH, a closed port or no address is not ready', async () => {
    const compute = computeFor();
    const sockets = new Set<import('node:net').Socket>();
    const listener: TcpServer = createTcpServer((s) => {
      sockets.add(s);
      s.end('this is not SSH\r\n');
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const port = (listener.address() as AddressInfo).port;
    try {
      expect(await compute.probe(serverRecord({ publicIp: '127.0.0.1', sshPort: port }))).toBe(false);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => listener.close(r));
    }
    expect(await compute.probe(serverRecord({ publicIp: '127.0.0.1', sshPort: port }))).toBe(false);
    expect(await compute.probe(serverRecord())).toBe(false);
    expect(() => compute.host(serverRecord())).toThrow(/has no address/);
  });
});

describe('failures and retries', () => {
  it('retries 5xx on idempotent calls, then succeeds', async () => {
    const client = clientFor();
    fake.failNext({ method: 'GET', path: '/v2.1/flavors/detail', count: 3, status: 503 });
    const res = await client.request<{ flavors: unknown[] }>('compute', 'GET', '/flavors/detail');
    expect(res.flavors.length).toBe(3);
    expect(fake.requests.filter((r) => r.path.startsWith('/v2.1/flavors/detail'))).toHaveLength(4);
  });

  it('retries a call that got no answer in time', async () => {
    const client = clientFor({ timeoutMs: 150 });
    fake.hangNext({ method: 'GET', path: '/v2.0/security-groups' });
    const res = await client.request<{ security_groups: unknown[] }>('network', 'GET', '/v2.0/security-groups');
    expect(res.security_groups).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path.startsWith('/v2.0/security-groups'))).toHaveLength(2);
  });

  it('gives up with an OpenStackError after ten attempts of a failing call', async () => {
    const client = clientFor();
    fake.failNext({ path: '/v2/images', count: 1000, status: 500 });
    const err: any = await client.request('image', 'GET', '/v2/images').catch((e) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect(err).toMatchObject({ status: 500, service: 'image', method: 'GET', path: '/v2/images', transient: true });
    expect(err.detail).toMatch(/500 Service Unavailable/);
    expect(fake.requests.filter((r) => r.path === '/v2/images')).toHaveLength(10);
  });

  it('retries 429 as well, and never a refusal', async () => {
    const client = clientFor();
    fake.failNext({ path: '/v2.1/flavors', count: 2, status: 429, body: '{"overLimit": {"code": 429, "message": "Over limit"}}' });
    await client.request('compute', 'GET', '/flavors/detail');
    const err: any = await client.request('compute', 'GET', '/servers/nope').catch((e) => e);
    expect(err).toMatchObject({ status: 404, detail: 'Instance nope could not be found.' });
    expect(fake.requests.filter((r) => r.path === '/v2.1/servers/nope')).toHaveLength(1);
  });

  it('carries Neutron’s error message', async () => {
    const err: any = await clientFor()
      .request('network', 'DELETE', '/v2.0/security-group-rules/nope')
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect(err).toMatchObject({ status: 404, service: 'network', detail: 'Security group rule nope does not exist' });
  });

  it('reads VM status through a flaky API, and reports an API that stays down', async () => {
    const compute = computeFor();
    fake.addSecurityGroup('edxapp-appserver');
    const server = serverRecord();
    const { externalId } = await compute.createServer(server, { instanceDomain: 'demo.example.com', appServerNumber: 1, hostKey: HOST_KEY });
    fake.failNext({ method: 'GET', path: `/v2.1/servers/${externalId}`, count: 4, status: 502 });
    expect((await compute.status({ ...server, externalId })).state).toMatch(/BUILD|ACTIVE/);
    fake.failNext({ method: 'GET', path: `/v2.1/servers/${externalId}`, count: 10, status: 503 });
    await expect(compute.status({ ...server, externalId })).rejects.toMatchObject({ status: 503, transient: true });
  });
});
