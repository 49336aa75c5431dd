import { randomUUID } from 'node:crypto';
import type { FakeOpenStack } from './index.ts';
import { novaError, type FakeServer, type Reply } from './types.ts';

// Nova v2.1: servers (BUILD, then ACTIVE through the VM launcher hook), their actions, flavors and key pairs.

function view(s: FakeServer): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    metadata: s.metadata,
    addresses: s.addresses,
    flavor: { id: s.flavorRef },
    image: { id: s.imageRef },
    key_name: s.keyName,
    security_groups: s.securityGroups.map((name) => ({ name })),
    created: s.created,
    ...(s.fault ? { fault: s.fault } : {}),
  };
}

export async function compute(fake: FakeOpenStack, method: string, path: string, query: URLSearchParams, body: any): Promise<Reply> {
  let m: RegExpExecArray | null;
  if (method === 'GET' && (path === '/v2.1/servers/detail' || path === '/v2.1/servers')) {
    const name = query.get('name');
    // Nova matches the name filter as a regular expression, not exactly.
    const list = fake.servers.filter((s) => !name || new RegExp(name).test(s.name));
    return { status: 200, json: { servers: path.endsWith('/detail') ? list.map((s) => view(s)) : list.map((s) => ({ id: s.id, name: s.name })) } };
  }
  if (method === 'POST' && path === '/v2.1/servers') return createServerCall(fake, body);
  if ((m = /^\/v2\.1\/servers\/([^/]+)$/.exec(path))) {
    const s = fake.server(decodeURIComponent(m[1]));
    if (!s) return novaError(404, 'itemNotFound', `Instance ${decodeURIComponent(m[1])} could not be found.`);
    if (method === 'GET') return { status: 200, json: { server: view(s) } };
    if (method === 'DELETE') {
      fake.servers = fake.servers.filter((x) => x !== s);
      await fake.onServerDeleted(s);
      return { status: 204 };
    }
  }
  if (method === 'POST' && (m = /^\/v2\.1\/servers\/([^/]+)\/action$/.exec(path))) {
    const s = fake.server(decodeURIComponent(m[1]));
    if (!s) return novaError(404, 'itemNotFound', `Instance ${decodeURIComponent(m[1])} could not be found.`);
    if (body && 'reboot' in body) {
      if (body.reboot?.type !== 'SOFT' && body.reboot?.type !== 'HARD')
        return novaError(
          400,
          'badRequest',
          "Invalid input for field/attribute type. Value: None. None is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']",
        );
      if (s.status !== 'ACTIVE')
        return novaError(409, 'conflictingRequest', `Cannot 'reboot' instance ${s.id} while it is in vm_state ${s.status.toLowerCase()}`);
      s.status = 'REBOOT';
      fake.later(fake.options.rebootDelayMs, async () => {
        await fake.onServerReboot(s);
        if (s.status === 'REBOOT') s.status = 'ACTIVE';
      });
      return { status: 202 };
    }
    if (body && 'os-stop' in body) {
      if (s.status !== 'ACTIVE')
        return novaError(
          409,
          'conflictingRequest',
          `Cannot 'stop' instance ${s.id} while it is in vm_state ${s.status === 'SHUTOFF' ? 'stopped' : s.status.toLowerCase()}`,
        );
      fake.later(fake.options.stopDelayMs, () => {
        if (s.status === 'ACTIVE') s.status = 'SHUTOFF';
      });
      return { status: 202 };
    }
    return novaError(400, 'badRequest', 'There is no such action: ' + Object.keys(body ?? {}).join(','));
  }
  if (method === 'GET' && path.startsWith('/v2.1/flavors/detail')) return { status: 200, json: { flavors: fake.flavors } };
  if (method === 'GET' && (m = /^\/v2\.1\/flavors\/([^/]+)$/.exec(path))) {
    const f = fake.flavors.find((x) => x.id === decodeURIComponent(m![1]));
    return f ? { status: 200, json: { flavor: f } } : novaError(404, 'itemNotFound', `Flavor ${decodeURIComponent(m[1])} could not be found.`);
  }
  if (method === 'GET' && (m = /^\/v2\.1\/os-keypairs\/([^/]+)$/.exec(path))) {
    const name = decodeURIComponent(m[1]);
    const key = fake.keypairs.get(name);
    return key
      ? { status: 200, json: { keypair: { name, public_key: key, fingerprint: 'fa:ke', type: 'ssh' } } }
      : novaError(404, 'itemNotFound', `Keypair ${name} not found for user u1`);
  }
  return novaError(404, 'itemNotFound', 'The resource could not be found.');
}

function createServerCall(fake: FakeOpenStack, body: any): Reply {
  const s = body?.server;
  if (!s?.name) return novaError(400, 'badRequest', "Invalid input for field/attribute server. Value: {}. 'name' is a required property");
  if (!fake.flavors.some((f) => f.id === s.flavorRef)) return novaError(400, 'badRequest', `Flavor ${s.flavorRef} could not be found.`);
  if (!fake.images.some((i) => i.id === s.imageRef && i.status === 'active')) return novaError(400, 'badRequest', `Image ${s.imageRef} could not be found.`);
  if (s.key_name && !fake.keypairs.has(s.key_name)) return novaError(400, 'badRequest', 'Invalid key_name provided.');
  for (const g of s.security_groups ?? []) {
    if (!fake.group(g.name)) return novaError(400, 'badRequest', `Security group ${g.name} not found for project p1.`);
  }
  for (const n of Array.isArray(s.networks) ? s.networks : []) {
    if (!fake.networks.some((x) => x.id === n.uuid)) return novaError(400, 'badRequest', `Network ${n.uuid} could not be found.`);
  }
  for (const [k, v] of Object.entries(s.metadata ?? {})) {
    if (typeof v !== 'string' || v.length > 255 || k.length > 255)
      return novaError(400, 'badRequest', `Invalid input for field/attribute metadata. Value: ${k}`);
  }
  if (fake.servers.length >= fake.instanceQuota) {
    return novaError(403, 'forbidden', `Quota exceeded for instances: Requested 1, but already used ${fake.servers.length} of ${fake.instanceQuota} instances`);
  }
  const server: FakeServer = {
    id: randomUUID(),
    name: s.name,
    status: 'BUILD',
    flavorRef: s.flavorRef,
    imageRef: s.imageRef,
    keyName: s.key_name ?? null,
    securityGroups: (s.security_groups ?? [{ name: 'default' }]).map((g: { name: string }) => g.name),
    networks: s.networks,
    metadata: { ...(s.metadata ?? {}) },
    userData: s.user_data ? Buffer.from(s.user_data, 'base64').toString('utf8') : null,
    addresses: {},
    created: new Date().toISOString(),
  };
  fake.servers.push(server);
  const bootFault = fake.nextBootFaults.shift();
  fake.later(fake.options.bootDelayMs, async () => {
    if (!fake.servers.includes(server) || server.status !== 'BUILD') return;
    if (bootFault) {
      server.status = 'ERROR';
      server.fault = { message: bootFault, code: 500, created: new Date().toISOString() };
      return;
    }
    let address: string;
    try {
      ({ address } = await fake.onServerActive(server, { userData: server.userData, metadata: server.metadata }));
    } catch (e) {
      server.status = 'ERROR';
      server.fault = { message: `fake VM launcher failed: ${(e as Error).message}`, code: 500, created: new Date().toISOString() };
      return;
    }
    server.addresses = {
      public: [
        // IPv6 listed first, as many clouds do: the client must pick the IPv4 one.
        { addr: 'fd00::' + server.id.slice(0, 4), version: 6, 'OS-EXT-IPS:type': 'fixed' },
        { addr: address, version: 4, 'OS-EXT-IPS:type': 'fixed' },
      ],
    };
    if (server.status === 'BUILD') server.status = 'ACTIVE';
  });
  return {
    status: 202,
    json: {
      server: { id: server.id, links: [], 'OS-DCF:diskConfig': 'MANUAL', security_groups: server.securityGroups.map((name) => ({ name })), adminPass: 'fake' },
    },
  };
}
