import http from 'node:http';
import type { AddressInfo } from 'node:net';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokerSettings,
  deprovisionRabbitMq,
  provisionRabbitMq,
  rabbitMqPasswordMatches,
  RabbitMqError,
  RabbitMqManagementClient,
  type RabbitMqAdminCredentials,
  type RabbitMqInstanceBroker,
} from '../../server/src/integrations/rabbitmq/index.ts';
import { reportMissing } from '../services/process.ts';
import { rabbitmqSupport, startRabbitMq, type PrivateRabbitMq } from '../services/rabbitmq.ts';

const support = rabbitmqSupport();
reportMissing('the RabbitMQ provisioning tests (real RabbitMQ)', support);

describe.skipIf(!support.ok)('RabbitMQ provisioning on a private broker', () => {
  let broker: PrivateRabbitMq;
  let admin: RabbitMqAdminCredentials;
  let api: RabbitMqManagementClient;

  const alpha: RabbitMqInstanceBroker = {
    vhost: 'alpha_example_com',
    providerUser: 'alphaprovideruserxxxxxxxxxxxxxxx',
    providerPassword: 'provider-secret-0123456789abcdef',
    consumerUser: 'alphaconsumeruserxxxxxxxxxxxxxxx',
    consumerPassword: 'consumer-secret-0123456789abcdef',
  };

  beforeAll(async () => {
    broker = await startRabbitMq();
    console.log(`private RabbitMQ (with management) ready in ${broker.startMs} ms`);
    admin = { apiUrl: broker.apiUrl, username: broker.adminUser, password: broker.adminPassword };
    api = new RabbitMqManagementClient(admin);
  }, 120_000);

  afterAll(async () => {
    await broker?.stop();
  });

  function amqpConnect(username: string, password: string, vhost: string) {
    return amqp.connect({ protocol: 'amqp', hostname: '127.0.0.1', port: broker.amqpPort, username, password, vhost, heartbeat: 0 });
  }

  async function vhostPermissions(vhost: string): Promise<Record<string, { configure: string; write: string; read: string }>> {
    const { body } = await api.call<Array<{ user: string; configure: string; write: string; read: string }>>('GET', ['vhosts', vhost, 'permissions']);
    return Object.fromEntries(body!.map((p) => [p.user, { configure: p.configure, write: p.write, read: p.read }]));
  }

  it('creates the vhost, the provider and consumer users without tags, and full permissions for them and the admin', async () => {
    const result = await provisionRabbitMq(admin, alpha);
    expect(result).toEqual({
      vhostCreated: true,
      usersCreated: [alpha.providerUser, alpha.consumerUser],
      usersUpdated: [],
      // The broker gives the vhost's creator (the admin) full permissions itself.
      permissionsSet: [alpha.providerUser, alpha.consumerUser],
    });
    expect(await api.getVhost(alpha.vhost)).toMatchObject({ name: alpha.vhost });
    for (const [name, password] of [
      [alpha.providerUser, alpha.providerPassword],
      [alpha.consumerUser, alpha.consumerPassword],
    ] as const) {
      const user = await api.getUser(name);
      expect(user?.tags).toEqual([]);
      expect(rabbitMqPasswordMatches(user!, password)).toBe(true);
      expect(rabbitMqPasswordMatches(user!, `${password}x`)).toBe(false);
    }
    const full = { configure: '.*', write: '.*', read: '.*' };
    expect(await vhostPermissions(alpha.vhost)).toEqual({ [alpha.providerUser]: full, [alpha.consumerUser]: full, [broker.adminUser]: full });
  });

  it('lets the provider publish and the consumer receive on the vhost, over AMQP, and nowhere else', async () => {
    const provider = await amqpConnect(alpha.providerUser, alpha.providerPassword, alpha.vhost);
    const consumer = await amqpConnect(alpha.consumerUser, alpha.consumerPassword, alpha.vhost);
    try {
      const out = await provider.createChannel();
      await out.assertQueue('celery', { durable: false });
      out.sendToQueue('celery', Buffer.from('task 1'));
      await out.close();
      const inbound = await consumer.createChannel();
      const message = await waitForMessage(inbound, 'celery');
      expect(message).toBe('task 1');
      await inbound.close();
    } finally {
      await provider.close();
      await consumer.close();
    }
    await expect(amqpConnect(alpha.providerUser, alpha.providerPassword, '/')).rejects.toThrow(/NOT.ALLOWED|Expected ConnectionOpenOk; got <ConnectionClose/i);
    await expect(amqpConnect(alpha.providerUser, 'wrong password', alpha.vhost)).rejects.toThrow(/ACCESS.REFUSED/i);
  });

  it('keeps the broker users out of the management API (no tags)', async () => {
    const error = await api.whoami({ username: alpha.providerUser, password: alpha.providerPassword }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RabbitMqError);
    expect((error as RabbitMqError).kind).toBe('unauthorized');
    expect((error as RabbitMqError).message).not.toContain(alpha.providerPassword);
    expect(await api.whoami()).toMatchObject({ name: broker.adminUser });
  });

  it('changes nothing when run again', async () => {
    const before = await Promise.all([api.getUser(alpha.providerUser), api.getUser(alpha.consumerUser)]);
    const permissionsBefore = await vhostPermissions(alpha.vhost);
    const again = await provisionRabbitMq(admin, alpha);
    expect(again).toEqual({ vhostCreated: false, usersCreated: [], usersUpdated: [], permissionsSet: [] });
    // A rehash would change the salt: the stored hashes are byte for byte the same.
    expect(await Promise.all([api.getUser(alpha.providerUser), api.getUser(alpha.consumerUser)])).toEqual(before);
    expect(await vhostPermissions(alpha.vhost)).toEqual(permissionsBefore);
  });

  it('repairs a changed password, added tags and narrowed permissions when run again', async () => {
    await api.putUser(alpha.providerUser, 'changed by hand', 'management');
    await api.putPermissions(alpha.vhost, alpha.consumerUser, { configure: '', write: '', read: '.*' });
    await api.call('DELETE', ['permissions', alpha.vhost, broker.adminUser]);
    await expect(amqpConnect(alpha.providerUser, alpha.providerPassword, alpha.vhost)).rejects.toThrow(/ACCESS.REFUSED/i);

    const repaired = await provisionRabbitMq(admin, alpha);
    expect(repaired).toEqual({
      vhostCreated: false,
      usersCreated: [],
      usersUpdated: [alpha.providerUser],
      permissionsSet: [alpha.consumerUser, broker.adminUser],
    });
    expect((await api.getUser(alpha.providerUser))?.tags).toEqual([]);
    const full = { configure: '.*', write: '.*', read: '.*' };
    expect(await vhostPermissions(alpha.vhost)).toEqual({ [alpha.providerUser]: full, [alpha.consumerUser]: full, [broker.adminUser]: full });
    const provider = await amqpConnect(alpha.providerUser, alpha.providerPassword, alpha.vhost);
    await provider.close();
  });

  it('records intent before the vhost and each user, and the reference after', async () => {
    const events: string[] = [];
    const beta: RabbitMqInstanceBroker = { ...alpha, vhost: 'beta', providerUser: 'betaprovider', consumerUser: 'betaconsumer' };
    await provisionRabbitMq(admin, beta, {
      ledger: {
        onIntent: (kind, name) => void events.push(`intent ${kind} ${name}`),
        onCreated: (kind, name, ref) => void events.push(`created ${kind} ${name} ${ref}`),
      },
    });
    const host = new URL(broker.apiUrl).host;
    expect(events).toEqual([
      'intent rabbitmq-vhost beta',
      `created rabbitmq-vhost beta beta@${host}`,
      'intent rabbitmq-user betaprovider',
      `created rabbitmq-user betaprovider betaprovider@${host}`,
      'intent rabbitmq-user betaconsumer',
      `created rabbitmq-user betaconsumer betaconsumer@${host}`,
    ]);
    const deleted: string[] = [];
    await deprovisionRabbitMq(admin, beta, { ledger: { onDeleted: (kind, name) => void deleted.push(`${kind} ${name}`) } });
    expect(deleted).toEqual(['rabbitmq-vhost beta', 'rabbitmq-user betaprovider', 'rabbitmq-user betaconsumer']);
  });

  it('encodes vhost names in paths, so one with slashes and spaces is a vhost of its own', async () => {
    const odd: RabbitMqInstanceBroker = { ...alpha, vhost: '/odd name/with?query#x', providerUser: 'odd provider', consumerUser: 'odd/consumer' };
    await provisionRabbitMq(admin, odd);
    expect(await api.getVhost(odd.vhost)).toMatchObject({ name: odd.vhost });
    expect(await api.getUser('odd/consumer')).toMatchObject({ name: 'odd/consumer' });
    const conn = await amqpConnect('odd provider', alpha.providerPassword, odd.vhost);
    await conn.close();
    expect(await deprovisionRabbitMq(admin, odd)).toEqual({ vhostDeleted: true, usersDeleted: ['odd provider', 'odd/consumer'] });
    expect(await api.getVhost('/')).toMatchObject({ name: '/' });
  });

  it('removes the vhost and users on deprovision, and a second deprovision (404s) is done too', async () => {
    expect(await deprovisionRabbitMq(admin, alpha)).toEqual({ vhostDeleted: true, usersDeleted: [alpha.providerUser, alpha.consumerUser] });
    expect(await api.getVhost(alpha.vhost)).toBeNull();
    expect(await api.getUser(alpha.providerUser)).toBeNull();
    expect(await api.getUser(alpha.consumerUser)).toBeNull();
    expect(await deprovisionRabbitMq(admin, alpha)).toEqual({ vhostDeleted: false, usersDeleted: [] });
    await expect(amqpConnect(alpha.providerUser, alpha.providerPassword, alpha.vhost)).rejects.toThrow(/ACCESS.REFUSED/i);
  });

  it('fails with typed errors that never show a password', async () => {
    const cases: Array<[RabbitMqAdminCredentials, RabbitMqError['kind'], number | undefined]> = [
      [{ ...admin, password: 'wrong-admin-password' }, 'unauthorized', 401],
      [{ ...admin, username: 'nobody', password: 'wrong-admin-password' }, 'unauthorized', 401],
      [{ ...admin, apiUrl: 'http://127.0.0.1:1' }, 'connection', undefined],
      [{ ...admin, apiUrl: `http://${admin.username}:${admin.password}@127.0.0.1:1` }, 'invalid-url', undefined],
      [{ ...admin, apiUrl: 'not a url' }, 'invalid-url', undefined],
    ];
    for (const [credentials, kind, status] of cases) {
      for (const call of [provisionRabbitMq, deprovisionRabbitMq]) {
        const error = await call(credentials, alpha, { retries: 1, retryDelayMs: 10 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RabbitMqError);
        expect((error as RabbitMqError).kind).toBe(kind);
        expect((error as RabbitMqError).status).toBe(status);
        const shown = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`;
        for (const secret of [credentials.password, admin.password, alpha.providerPassword, alpha.consumerPassword]) expect(shown).not.toContain(secret);
      }
    }
    expect(await api.getVhost(alpha.vhost)).toBeNull();
  });

  it('retries a 5xx a bounded number of times', async () => {
    // A proxy in front of the real API that answers 503 to the first `failures` requests.
    let failures = 2;
    let seen = 0;
    const proxy = http.createServer(async (req, res) => {
      seen++;
      if (failures > 0) {
        failures--;
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable","reason":"booting"}');
        return;
      }
      const body = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks)));
      });
      const upstream = await fetch(`${broker.apiUrl}${req.url}`, {
        method: req.method,
        headers: { authorization: req.headers.authorization ?? '', 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: body.length > 0 ? new Uint8Array(body) : undefined,
      });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = { ...admin, apiUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
    try {
      const gamma: RabbitMqInstanceBroker = { ...alpha, vhost: 'gamma', providerUser: 'gammaprovider', consumerUser: 'gammaconsumer' };
      const result = await provisionRabbitMq(proxied, gamma, { retries: 2, retryDelayMs: 10 });
      expect(result.vhostCreated).toBe(true);
      await deprovisionRabbitMq(admin, gamma);

      failures = 5;
      seen = 0;
      const error = await provisionRabbitMq(proxied, gamma, { retries: 2, retryDelayMs: 10 }).catch((e: unknown) => e as RabbitMqError);
      expect(error).toBeInstanceOf(RabbitMqError);
      expect((error as RabbitMqError).kind).toBe('connection');
      expect((error as RabbitMqError).status).toBe(503);
      expect((error as RabbitMqError).message).toMatch(/GET \/api\/vhosts\/gamma answered 503: unavailable: booting/);
      expect(seen).toBe(3);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('gives an app server settings with which Celery reaches its vhost', async () => {
    const delta: RabbitMqInstanceBroker = { ...alpha, vhost: 'delta', providerUser: 'deltaprovider', consumerUser: 'deltaconsumer' };
    await provisionRabbitMq(admin, delta);
    const settings = brokerSettings({ host: '127.0.0.1', port: broker.amqpPort, useTls: false }, delta) as Record<string, any>;
    expect(settings.EDXAPP_CELERY_BROKER_TRANSPORT).toBe('amqp');
    expect(settings.EDXAPP_CELERY_BROKER_USE_SSL).toBe(false);
    const [hostname, port] = String(settings.EDXAPP_CELERY_BROKER_HOSTNAME).split(':');
    const conn = await amqp.connect({
      protocol: 'amqp',
      hostname,
      port: Number(port),
      username: settings.EDXAPP_CELERY_USER,
      password: settings.EDXAPP_CELERY_PASSWORD,
      vhost: settings.EDXAPP_CELERY_BROKER_VHOST,
    });
    await conn.close();
    const xqueue = await amqp.connect({
      protocol: 'amqp',
      hostname: settings.XQUEUE_RABBITMQ_HOSTNAME,
      port: settings.XQUEUE_RABBITMQ_PORT,
      username: settings.XQUEUE_RABBITMQ_USER,
      password: settings.XQUEUE_RABBITMQ_PASS,
      vhost: settings.XQUEUE_RABBITMQ_VHOST,
    });
    await xqueue.close();
    await deprovisionRabbitMq(admin, delta);
  });
});

async function waitForMessage(channel: amqp.Channel, queue: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const message = await channel.get(queue, { noAck: true });
    if (message) return message.content.toString();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no message on ${queue} within 10 s`);
}
