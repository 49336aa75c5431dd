import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MonitoringError, NewRelicMonitoring, type MonitoredInstance } from '../../server/src/integrations/monitoring/index.ts';
import { failedChecksQuery } from '../../server/src/integrations/monitoring/newrelic/index.ts';
import { FakeNewRelic } from '../fakes/newrelic/index.ts';

const fake = new FakeNewRelic({ alertsPageSize: 2, syntheticsMaxLimit: 3 });

const instance: MonitoredInstance = {
  key: 'inst-42',
  name: 'Demo University',
  urls: ['https://demo.example.com/', 'https://studio-demo.example.com/', 'https://preview-demo.example.com/', 'https://demo.example.com/heartbeat?extended'],
  emails: ['ops@example.com', 'Owner@Example.com'],
};

function provider(overrides: { apiKey?: string; maxAttempts?: number } = {}): NewRelicMonitoring {
  return new NewRelicMonitoring({
    apiKey: overrides.apiKey ?? fake.apiKey,
    syntheticsUrl: fake.syntheticsUrl,
    apiUrl: fake.apiUrl,
    namePrefix: 'im-',
    timeoutMs: 5000,
    maxAttempts: overrides.maxAttempts ?? 4,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
  });
}

/** Objects of another installation or instance in the same account, which we must never touch. */
function seedNeighbours(): void {
  const nr = fake;
  for (let i = 0; i < 4; i++) {
    nr.monitors.push({
      id: `other-${i}`,
      name: `im-inst-420: https://o${i}.example.com/`,
      type: 'SIMPLE',
      frequency: 5,
      uri: `https://o${i}.example.com/`,
      locations: ['AWS_US_EAST_1'],
      status: 'ENABLED',
    });
  }
  nr.policies.push({ id: 1, name: 'im-inst-420', incident_preference: 'PER_POLICY', channel_ids: [2] });
  nr.policies.push({ id: 3, name: 'someone else', incident_preference: 'PER_POLICY', channel_ids: [] });
  nr.channels.push({ id: 2, name: 'im-inst-420: ops@example.com', type: 'email', configuration: { recipients: 'ops@example.com' } });
  nr.channels.push({ id: 4, name: 'im-inst-42 ops', type: 'slack', configuration: {} });
}

function snapshot() {
  return {
    monitors: fake.monitors.map((m) => `${m.id}|${m.name}`).sort(),
    policies: fake.policies.map((p) => `${p.id}|${p.name}|${[...p.channel_ids].sort()}`).sort(),
    channels: fake.channels.map((c) => `${c.id}|${c.name}`).sort(),
    conditions: fake.conditions.map((c) => `${c.id}|${c.policy_id}|${c.nrql.query}`).sort(),
  };
}

const ours = () => ({
  monitors: fake.monitors.filter((m) => m.name.startsWith('im-inst-42: ')),
  policies: fake.policies.filter((p) => p.name === 'im-inst-42'),
  channels: fake.channels.filter((c) => c.name.startsWith('im-inst-42: ')),
});

beforeAll(async () => {
  await fake.start();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.clear();
  seedNeighbours();
});

describe('New Relic monitoring', () => {
  it('enable creates a SIMPLE monitor per URL, a policy with a condition per monitor, and a linked email channel per recipient', async () => {
    await provider().enable(instance);
    const { monitors, policies, channels } = ours();

    expect(monitors.map((m) => m.uri).sort()).toEqual([...instance.urls].sort());
    for (const m of monitors) {
      expect(m).toMatchObject({ type: 'SIMPLE', frequency: 5, status: 'ENABLED', options: { verifySSL: true } });
      expect(m.name).toBe(`im-inst-42: ${m.uri}`);
    }

    expect(policies).toHaveLength(1);
    const policy = policies[0]!;
    expect(policy.incident_preference).toBe('PER_POLICY');
    const conditions = fake.conditions.filter((c) => c.policy_id === policy.id);
    expect(conditions.map((c) => c.nrql.query).sort()).toEqual(monitors.map((m) => failedChecksQuery(m.name)).sort());
    expect(conditions.every((c) => c.name.length <= 64)).toBe(true);

    expect(channels.map((c) => c.configuration.recipients).sort()).toEqual(['ops@example.com', 'owner@example.com']);
    expect([...policy.channel_ids].sort()).toEqual(channels.map((c) => c.id).sort());
    // Every call carried the key; the neighbours are as they were.
    expect(fake.requests.every((r) => r.apiKey === fake.apiKey)).toBe(true);
    expect(fake.policies.find((p) => p.id === 1)!.channel_ids).toEqual([2]);
  });

  it('enable again changes nothing: existing objects are found across pages, not duplicated', async () => {
    await provider().enable(instance);
    const before = snapshot();
    const writes = fake.writes.length;
    await provider().enable(instance);
    expect(snapshot()).toEqual(before);
    expect(fake.writes.length).toBe(writes);
  });

  it('enable follows changed URLs and recipients, removing what no longer applies', async () => {
    await provider().enable(instance);
    const keptMonitor = ours().monitors.find((m) => m.uri === 'https://demo.example.com/')!;
    await provider().enable({
      ...instance,
      urls: ['https://demo.example.com/', 'https://courses.example.org/'],
      emails: ['ops@example.com', 'new@example.com'],
    });
    const { monitors, policies, channels } = ours();
    expect(monitors.map((m) => m.uri).sort()).toEqual(['https://courses.example.org/', 'https://demo.example.com/']);
    expect(monitors.find((m) => m.uri === 'https://demo.example.com/')!.id).toBe(keptMonitor.id);
    expect(
      fake.conditions
        .filter((c) => c.policy_id === policies[0]!.id)
        .map((c) => c.nrql.query)
        .sort(),
    ).toEqual(monitors.map((m) => failedChecksQuery(m.name)).sort());
    expect(channels.map((c) => c.configuration.recipients).sort()).toEqual(['new@example.com', 'ops@example.com']);
    expect([...policies[0]!.channel_ids].sort()).toEqual(channels.map((c) => c.id).sort());
  });

  it('disable removes monitors, policy, conditions and channels, and disable again is fine', async () => {
    const neighbours = snapshot();
    await provider().enable(instance);
    await provider().disable(instance.key);
    expect(ours()).toEqual({ monitors: [], policies: [], channels: [] });
    expect(snapshot()).toEqual(neighbours);

    const writes = fake.writes.length;
    await provider().disable(instance.key);
    expect(fake.writes.length).toBe(writes);
    expect(snapshot()).toEqual(neighbours);
  });

  it('disable takes a 404 as already deleted (a delete whose answer was lost, then retried)', async () => {
    const neighbours = snapshot();
    await provider().enable(instance);
    fake.failNext({ method: 'DELETE', path: '/synthetics/api/v3/monitors/', status: 502, afterEffect: true });
    fake.failNext({ method: 'DELETE', path: /^\/v2\/alerts_policies\/\d+\.json$/, status: 503, afterEffect: true });
    fake.failNext({ method: 'DELETE', path: /^\/v2\/alerts_channels\/\d+\.json$/, status: 500, afterEffect: true });
    await provider().disable(instance.key);
    expect(snapshot()).toEqual(neighbours);
    const notFound = fake.requests.filter((r) => r.method === 'DELETE' && r.status === 404);
    expect(notFound).toHaveLength(3);
  });

  it('a wrong key is a typed 401 that never shows the key', async () => {
    const wrongKey = 'NRAK-WRONGWRONGWRONGWRONGWRONG';
    const error = await provider({ apiKey: wrongKey })
      .enable(instance)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(MonitoringError);
    const e = error as MonitoringError;
    expect(e).toMatchObject({ status: 401, unauthorized: true, transient: false, provider: 'newrelic' });
    expect(e.detail).toBe('The API key provided is invalid');
    for (const text of [e.message, String(e.stack), JSON.stringify(e)]) {
      expect(text).not.toContain(wrongKey);
      expect(text).not.toContain(fake.apiKey);
    }
    // Refusals are not retried, and nothing was created.
    expect(fake.requests).toHaveLength(1);
    expect(ours()).toEqual({ monitors: [], policies: [], channels: [] });
  });

  it('an error that echoes the key is redacted', async () => {
    fake.failNext({ method: 'POST', path: '/v2/alerts_policies.json', status: 403, body: { error: { title: `Key ${fake.apiKey} may not write policies` } } });
    const error = (await provider()
      .enable(instance)
      .then(
        () => null,
        (e: unknown) => e,
      )) as MonitoringError;
    expect(error).toMatchObject({ status: 403, unauthorized: true, detail: 'Key [redacted] may not write policies' });
    expect(error.message).not.toContain(fake.apiKey);
  });

  it('5xx and 429 answers are retried', async () => {
    fake.failNext({ method: 'GET', path: '/v2/alerts_policies.json', status: 503, count: 2 });
    fake.failNext({ method: 'GET', path: '/synthetics/api/v3/monitors', status: 429 });
    fake.failNext({ method: 'PUT', path: '/v2/alerts_policy_channels.json', status: 500 });
    await provider().enable(instance);
    const { monitors, policies, channels } = ours();
    expect(monitors).toHaveLength(4);
    expect(policies).toHaveLength(1);
    expect(policies[0]!.channel_ids).toHaveLength(2);
    expect(channels).toHaveLength(2);
    expect(fake.requests.filter((r) => r.status >= 500 || r.status === 429)).toHaveLength(4);
  });

  it('a create that failed after taking effect is found on retry, not made twice', async () => {
    fake.failNext({ method: 'POST', path: '/v2/alerts_policies.json', status: 503, afterEffect: true });
    fake.failNext({ method: 'POST', path: '/synthetics/api/v3/monitors', status: 502, afterEffect: true });
    fake.failNext({ method: 'POST', path: '/v2/alerts_channels.json', status: 504, afterEffect: true });
    fake.failNext({ method: 'POST', path: /^\/v2\/alerts_nrql_conditions\/policies\//, status: 500, afterEffect: true });
    await provider().enable(instance);
    const { monitors, policies, channels } = ours();
    expect(monitors).toHaveLength(4);
    expect(new Set(monitors.map((m) => m.uri)).size).toBe(4);
    expect(policies).toHaveLength(1);
    expect(channels).toHaveLength(2);
    expect(fake.conditions.filter((c) => c.policy_id === policies[0]!.id)).toHaveLength(4);
  });

  it('gives up after its bounded attempts with a transient typed error', async () => {
    fake.failNext({ method: 'GET', path: '/v2/alerts_policies.json', status: 503, count: 100 });
    const error = await provider({ maxAttempts: 3 })
      .enable(instance)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(MonitoringError);
    expect(error).toMatchObject({ status: 503, transient: true, detail: 'upstream unavailable' });
    expect(fake.requests.filter((r) => r.path.startsWith('/v2/alerts_policies.json'))).toHaveLength(3);
  });

  it('cleans up duplicates an earlier crash left behind', async () => {
    await provider().enable(instance);
    const original = ours().monitors.find((m) => m.uri === instance.urls[0])!;
    fake.monitors.push({ ...original, id: 'duplicate-monitor' });
    const channel = ours().channels[0]!;
    fake.channels.push({ ...channel, id: 9999 });
    await provider().enable(instance);
    expect(fake.monitors.some((m) => m.id === 'duplicate-monitor')).toBe(false);
    expect(fake.monitors.some((m) => m.id === original.id)).toBe(true);
    expect(ours().monitors).toHaveLength(4);
    expect(ours().channels.map((c) => c.id)).not.toContain(9999);
    expect(ours().channels).toHaveLength(2);
  });
});
