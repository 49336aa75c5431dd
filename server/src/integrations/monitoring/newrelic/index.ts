import { setTimeout as sleep } from 'node:timers/promises';
import { MonitoringError, type MonitoredInstance, type MonitoringProvider } from '../types.ts';
import { NewRelicClient, type NewRelicClientOptions } from './client.ts';

export { DEFAULT_API_URL, DEFAULT_SYNTHETICS_URL, NewRelicClient, type NewRelicClientOptions } from './client.ts';

export interface NewRelicMonitoringOptions extends NewRelicClientOptions {
  /** Put before every name we give (e.g. `<INSTANCE_MANAGER_ID>-`), so installations sharing an account keep apart. */
  namePrefix?: string;
  /** Minutes between Synthetics checks; default 5 (SPEC §9.7). */
  frequencyMinutes?: number;
  /** Synthetics public locations; default one US location, as the original. */
  locations?: string[];
}

interface Monitor {
  id: string;
  name: string;
  uri?: string;
  type?: string;
}
interface Policy {
  id: number;
  name: string;
}
interface Channel {
  id: number;
  name: string;
  type: string;
  configuration?: { recipients?: string };
  links?: { policy_ids?: number[] };
}
interface NrqlCondition {
  id: number;
  name: string;
  nrql?: { query?: string };
}

// Lists are walked page by page; a bound keeps a misbehaving server from looping us forever.
const MAX_PAGES = 200;
const MONITOR_PAGE_SIZE = 100;
// New Relic refuses longer condition names.
const CONDITION_NAME_MAX = 64;

/**
 * New Relic Synthetics as the monitoring provider (SPEC §9.7): per instance one SIMPLE monitor
 * per URL, one alert policy holding an NRQL condition per monitor (failed checks open an
 * incident), and one email channel per recipient linked to the policy. Every object is named
 * from the instance key and looked up before it is created, so a retried or repeated enable
 * finds what an earlier run made instead of making it twice; disable finds them the same way,
 * so it needs nothing stored.
 */
export class NewRelicMonitoring implements MonitoringProvider {
  readonly name = 'newrelic' as const;
  private readonly client: NewRelicClient;
  private readonly prefix: string;
  private readonly frequency: number;
  private readonly locations: string[];

  constructor(options: NewRelicMonitoringOptions) {
    this.client = new NewRelicClient(options);
    this.prefix = options.namePrefix ?? '';
    this.frequency = options.frequencyMinutes ?? 5;
    this.locations = options.locations ?? ['AWS_US_EAST_1'];
  }

  async enable(instance: MonitoredInstance): Promise<void> {
    const urls = unique(instance.urls.map((u) => u.trim()).filter(Boolean));
    const emails = unique(instance.emails.map((e) => e.trim().toLowerCase()).filter(Boolean));
    const policyName = this.policyName(instance.key);

    const policy = await this.findOrCreate(
      async () => (await this.policiesNamed(policyName))[0],
      () => this.createPolicy(policyName),
    );

    const monitorNames = new Map(urls.map((url) => [this.ownedName(instance.key, url), url]));
    const owned = await this.ownedMonitors(instance.key);
    for (const extra of duplicatesAndStrays(owned, monitorNames)) await this.deleteMonitor(extra.id);
    for (const [name, url] of monitorNames) {
      if (owned.some((m) => m.name === name)) continue;
      await this.findOrCreate(
        async () => (await this.ownedMonitors(instance.key)).find((m) => m.name === name),
        () => this.createMonitor(name, url),
        true,
      );
    }

    const queries = new Map([...monitorNames].map(([name, url]) => [failedChecksQuery(name), url]));
    const conditions = await this.conditionsOf(policy.id);
    for (const stray of duplicatesAndStrays(conditions, queries, (c) => c.nrql?.query ?? '')) {
      await this.client.call('alerts', 'DELETE', `/alerts_nrql_conditions/${stray.id}.json`, undefined, { accept: [404] });
    }
    for (const [query, url] of queries) {
      if (conditions.some((c) => c.nrql?.query === query)) continue;
      await this.findOrCreate(
        async () => (await this.conditionsOf(policy.id)).find((c) => c.nrql?.query === query),
        () => this.createCondition(policy.id, conditionName(url), query),
        true,
      );
    }

    const channelNames = new Map(emails.map((email) => [this.ownedName(instance.key, email), email]));
    const channels = await this.ownedChannels(instance.key);
    for (const extra of duplicatesAndStrays(channels, channelNames)) await this.deleteChannel(extra.id);
    const wanted: Channel[] = [];
    for (const [name, email] of channelNames) {
      const channel =
        channels.find((c) => c.name === name) ??
        (await this.findOrCreate(
          async () => (await this.ownedChannels(instance.key)).find((c) => c.name === name),
          () => this.createEmailChannel(name, email),
          true,
        ));
      wanted.push(channel);
    }
    const unlinked = wanted.filter((c) => !c.links?.policy_ids?.includes(policy.id));
    if (unlinked.length > 0) {
      // New Relic adds the listed channels to the policy's and ignores those already there.
      const ids = wanted.map((c) => c.id).join(',');
      await this.client.call('alerts', 'PUT', `/alerts_policy_channels.json?policy_id=${policy.id}&channel_ids=${ids}`);
    }
  }

  async disable(instanceKey: string): Promise<void> {
    for (const monitor of await this.ownedMonitors(instanceKey)) await this.deleteMonitor(monitor.id);
    // The policy takes its conditions and its links to channels with it.
    for (const policy of await this.policiesNamed(this.policyName(instanceKey))) {
      await this.client.call('alerts', 'DELETE', `/alerts_policies/${policy.id}.json`, undefined, { accept: [404] });
    }
    for (const channel of await this.ownedChannels(instanceKey)) await this.deleteChannel(channel.id);
  }

  private policyName(key: string): string {
    return `${this.prefix}${key}`;
  }

  /** A monitor's or channel's name: the instance's policy name, then what it is about. */
  private ownedName(key: string, subject: string): string {
    return `${this.policyName(key)}: ${subject}`;
  }

  /**
   * Looks up, creates if missing. A create that failed without a clear refusal (no answer, 5xx,
   * 429) may still have happened, so each retry starts with the lookup again. `lookedUp` skips
   * the first lookup when the caller has just listed and found nothing.
   */
  private async findOrCreate<T>(find: () => Promise<T | undefined>, create: () => Promise<T>, lookedUp = false): Promise<T> {
    let last: MonitoringError | null = null;
    for (let attempt = 1; attempt <= this.client.maxAttempts; attempt++) {
      if (attempt > 1) await sleep(this.client.backoff(attempt - 1, last));
      if (attempt > 1 || !lookedUp) {
        const found = await find();
        if (found) return found;
      }
      try {
        return await create();
      } catch (e) {
        if (!(e instanceof MonitoringError) || !e.transient) throw e;
        last = e;
      }
    }
    throw last!;
  }

  private async policiesNamed(name: string): Promise<Policy[]> {
    // filter[name] is a server-side hint; the exact comparison is ours.
    const all = await this.pagesOf<Policy>(`/alerts_policies.json?filter[name]=${encodeURIComponent(name)}`, 'policies');
    return all.filter((p) => p.name === name).sort((a, b) => a.id - b.id);
  }

  private async createPolicy(name: string): Promise<Policy> {
    const res = await this.client.call<{ policy: Policy }>('alerts', 'POST', '/alerts_policies.json', {
      policy: { name, incident_preference: 'PER_POLICY' },
    });
    if (!res.body?.policy?.id) throw new MonitoringError('newrelic', res.status, 'POST', '/alerts_policies.json', 'answer without a policy id');
    return res.body.policy;
  }

  private async ownedMonitors(key: string): Promise<Monitor[]> {
    const prefix = this.ownedName(key, '');
    const found: Monitor[] = [];
    for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
      const res = await this.client.call<{ monitors?: Monitor[] }>('synthetics', 'GET', `/monitors?offset=${offset}&limit=${MONITOR_PAGE_SIZE}`);
      const monitors = res.body?.monitors ?? [];
      if (monitors.length === 0) break;
      found.push(...monitors.filter((m) => m.name.startsWith(prefix)));
      offset += monitors.length;
    }
    return found;
  }

  private async createMonitor(name: string, uri: string): Promise<Monitor> {
    const res = await this.client.call('synthetics', 'POST', '/monitors', {
      name,
      uri,
      type: 'SIMPLE',
      frequency: this.frequency,
      locations: this.locations,
      status: 'ENABLED',
      options: { verifySSL: true },
    });
    // Synthetics answers 201 with the new monitor's address and no body.
    const id = res.headers.get('location')?.replace(/\/+$/, '').split('/').pop();
    if (!id) throw new MonitoringError('newrelic', res.status, 'POST', '/monitors', 'answer without a Location header');
    return { id, name, uri, type: 'SIMPLE' };
  }

  private async deleteMonitor(id: string): Promise<void> {
    await this.client.call('synthetics', 'DELETE', `/monitors/${encodeURIComponent(id)}`, undefined, { accept: [404] });
  }

  private async conditionsOf(policyId: number): Promise<NrqlCondition[]> {
    return this.pagesOf<NrqlCondition>(`/alerts_nrql_conditions.json?policy_id=${policyId}`, 'nrql_conditions');
  }

  private async createCondition(policyId: number, name: string, query: string): Promise<NrqlCondition> {
    const path = `/alerts_nrql_conditions/policies/${policyId}.json`;
    const res = await this.client.call<{ nrql_condition: NrqlCondition }>('alerts', 'POST', path, {
      nrql_condition: {
        name,
        enabled: true,
        value_function: 'single_value',
        // Any failed check in 10 minutes (two runs at the 5-minute frequency) opens an incident.
        terms: [{ duration: '10', operator: 'above', priority: 'critical', threshold: '0', time_function: 'any' }],
        nrql: { query, since_value: '3' },
      },
    });
    if (!res.body?.nrql_condition?.id) throw new MonitoringError('newrelic', res.status, 'POST', path, 'answer without a condition id');
    return res.body.nrql_condition;
  }

  private async ownedChannels(key: string): Promise<Channel[]> {
    const prefix = this.ownedName(key, '');
    const all = await this.pagesOf<Channel>('/alerts_channels.json', 'channels');
    return all.filter((c) => c.type === 'email' && c.name.startsWith(prefix)).sort((a, b) => a.id - b.id);
  }

  private async createEmailChannel(name: string, email: string): Promise<Channel> {
    const res = await this.client.call<{ channels: Channel[] }>('alerts', 'POST', '/alerts_channels.json', {
      channel: { name, type: 'email', configuration: { recipients: email, include_json_attachment: false } },
    });
    const channel = res.body?.channels?.[0];
    if (!channel?.id) throw new MonitoringError('newrelic', res.status, 'POST', '/alerts_channels.json', 'answer without a channel id');
    return channel;
  }

  private async deleteChannel(id: number): Promise<void> {
    await this.client.call('alerts', 'DELETE', `/alerts_channels/${id}.json`, undefined, { accept: [404] });
  }

  /** Alerts v2 lists: `page=N`, more pages announced by a Link header with rel="next". */
  private async pagesOf<T>(path: string, field: string): Promise<T[]> {
    const items: T[] = [];
    const sep = path.includes('?') ? '&' : '?';
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await this.client.call<Record<string, T[]>>('alerts', 'GET', `${path}${sep}page=${page}`);
      items.push(...(res.body?.[field] ?? []));
      if (!/rel="?next"?/.test(res.headers.get('link') ?? '')) break;
    }
    return items;
  }
}

/** Objects to delete: names no longer wanted, and all but the oldest of a name made twice. */
function duplicatesAndStrays<T extends { name: string }>(owned: T[], wanted: Map<string, string>, keyOf: (o: T) => string = (o) => o.name): T[] {
  const seen = new Set<string>();
  return owned.filter((o) => {
    const key = keyOf(o);
    if (!wanted.has(key) || seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export function failedChecksQuery(monitorName: string): string {
  return `SELECT count(*) FROM SyntheticCheck WHERE monitorName = '${monitorName.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' AND result = 'FAILED'`;
}

function conditionName(url: string): string {
  const name = `Down: ${url}`;
  return name.length <= CONDITION_NAME_MAX ? name : `${name.slice(0, CONDITION_NAME_MAX - 1)}…`;
}
