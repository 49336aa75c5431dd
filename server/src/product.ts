import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { appServerEnvironment, resolveSecrets, type Config } from './config.ts';
import { connectDb, disconnectDb, migrate, pendingMigrations, withAdvisoryLock } from './db.ts';
import { EmbeddedPostgresError, ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres.ts';
import { startEvents, stopEvents } from './events.ts';
import { startJobs, stopJobs } from './jobs/index.ts';
import { localCompute, setComputeProvider } from './compute.ts';
import { createComputeProvider } from './integrations/compute/index.ts';
import type { ComputeProvider } from './integrations/compute/types.ts';
import { localLoadBalancer } from './integrations/lb/local/index.ts';
import { HaproxySshApplier } from './integrations/lb/haproxy/index.ts';
import { dnsProvider, type GandiLiveDnsOptions } from './integrations/dns/index.ts';
import { setLoadBalancing, type LoadBalancing } from './load-balancing.ts';
import { anyLoadBalancingServer, seedDefaultLoadBalancingServer } from './services/load-balancers.ts';
import { pinLoadBalancerHostKey } from './data/load-balancing-servers.ts';
import { createRecipes, useRecipes } from './integrations/recipes/index.ts';
import { logMailer, smtpMailer, type Mailer } from './integrations/mail/index.ts';
import { setRegistrationMailer } from './services/registration.ts';
import { slackWebhook } from './integrations/webhook/index.ts';
import { Notifier } from './notifications/index.ts';
import { setNotifier } from './notifier.ts';
import { BuiltinMonitoring, NewRelicMonitoring, type MonitoringProvider } from './integrations/monitoring/index.ts';
import { setLocalAvailabilityEntry, setMonitoringProvider } from './monitoring.ts';
import { recordFirstHostKey, routeFor } from './services/routing.ts';
import { configureLogger, logger } from './logger.ts';
import { log, setMinLogLevel } from './logs.ts';
import { configureSecrets, setInstallationSecrets } from './secrets.ts';
import { setConfig } from './settings.ts';
import { pool } from './db.ts';
import { localServersNotTerminated, localServersToReadopt } from './data/servers.ts';
import { ensureOrganization } from './data/organizations.ts';
import { seedFirstWatchedFork } from './data/watched-forks.ts';
import { setGitHub } from './github.ts';
import { CachedMembership, GitHubRestClient, type GitHubClient } from './integrations/github/index.ts';
import { createObjectStorage, setObjectStorage } from './object-storage.ts';
import { seedSharedServers } from './services/shared-servers.ts';

export class StartupError extends Error {}

export interface RunningProduct {
  port: number | null;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** The compute provider COMPUTE_PROVIDER names, wired to this product's database; `openstack` tunes OpenStack polling (tests). */
export function composeComputeProvider(config: Config, openstack?: Parameters<typeof createComputeProvider>[1]['openstack']): ComputeProvider {
  return createComputeProvider(config, { appServerEnv: appServerEnvironment(), onFirstHostKey: recordFirstHostKey, openstack });
}

/**
 * The load balancer and DNS providers (SPEC §9.4, §9.5). Without LOAD_BALANCER_PROVIDER, an
 * existing LoadBalancingServer row picks haproxy, as DEFAULT_LOAD_BALANCING_SERVER does.
 * `gandi` overrides the DNS client's tuning (tests shorten its retry delays).
 */
export async function composeLoadBalancing(config: Config, gandi: Partial<GandiLiveDnsOptions> = {}): Promise<LoadBalancing> {
  let provider = config.loadBalancerProvider;
  if (provider === 'none' && !config.loadBalancerProviderExplicit && (await anyLoadBalancingServer())) provider = 'haproxy';
  const privateKey = () => config.sshPrivateKey ?? readFileSync(config.sshPrivateKeyFile, 'utf8');
  return {
    provider,
    applierFor: (lb) =>
      new HaproxySshApplier({
        host: lb.domain,
        port: config.loadBalancerSshPort,
        username: lb.sshUsername,
        privateKey: privateKey(),
        expectedHostKey: lb.hostKey,
        onFirstHostKey: (key) => pinLoadBalancerHostKey(pool, lb.id, key),
        applyCommand: config.loadBalancerApplyCommand,
      }),
    fragmentNamePrefix: config.loadBalancerFragmentNamePrefix,
    preliminary: config.preliminaryPageServerIp ? { serverIp: config.preliminaryPageServerIp, hostname: config.preliminaryPageHostname } : undefined,
    dns: dnsProvider(
      config.dnsProvider === 'gandi'
        ? {
            provider: 'gandi',
            gandi: {
              apiKey: config.gandiApiKey!,
              authScheme: config.gandiAuthScheme,
              apiUrl: config.gandiApiUrl,
              // One writer per zone cluster-wide, whichever worker runs the step.
              serialize: (zone, write) => withAdvisoryLock(`dns-zone:${zone}`, write),
              ...gandi,
            },
          }
        : { provider: 'none' },
    ),
    dnsRecordTtl: config.dnsRecordTtl,
  };
}

/** Notifications (SPEC §9.7) over SMTP_URL, or the process log without it, and NOTIFY_WEBHOOK_URL. */
export function composeNotifier(config: Config): Notifier {
  return new Notifier({
    mailer: config.smtpUrl ? smtpMailer({ url: config.smtpUrl, from: config.emailFrom }) : logMailer({ from: config.emailFrom }),
    webhook: config.notifyWebhookUrl ? slackWebhook(config.notifyWebhookUrl) : undefined,
    admins: config.admins,
    subjectPrefix: config.emailSubjectPrefix,
    log: logger,
  });
}

/** The GitHub client of the PR sandboxes (SPEC §10), or null without a token or GitHub App. */
export function composeGitHub(config: Config): { github: GitHubClient; membership: CachedMembership } | null {
  if (!config.githubAccessToken && !config.githubApp) return null;
  const github = new GitHubRestClient({ apiUrl: config.githubApiUrl, token: config.githubAccessToken ?? null, app: config.githubApp ?? null });
  return { github, membership: new CachedMembership(github) };
}

/** WATCH_FORK + WATCH_ORGANIZATION seed the first watched fork (SPEC §3); later edits are kept. */
async function seedWatchedFork(config: Config): Promise<void> {
  if (!config.watchOrganization) return;
  const organizationId = await ensureOrganization(pool, config.watchOrganization);
  await seedFirstWatchedFork(pool, config.watchFork, organizationId, config.githubRedeployOnPush);
}

/** MONITORING_PROVIDER: the builtin checks (nothing to register), New Relic Synthetics, or none. */
export function composeMonitoring(config: Config): MonitoringProvider | null {
  if (config.monitoringProvider === 'none') return null;
  if (config.monitoringProvider === 'newrelic') {
    return new NewRelicMonitoring({
      apiKey: config.newrelicAdminUserApiKey!,
      ...(config.newrelicApiUrl ? { apiUrl: config.newrelicApiUrl } : {}),
      ...(config.newrelicSyntheticsUrl ? { syntheticsUrl: config.newrelicSyntheticsUrl } : {}),
      namePrefix: `${config.instanceManagerId}-`,
    });
  }
  return new BuiltinMonitoring();
}

/** Applicants' mail (SPEC §11): from BETATEST_EMAIL_SENDER, over SMTP_URL or to the process log. */
export function composeRegistrationMailer(config: Config): Mailer {
  return config.smtpUrl ? smtpMailer({ url: config.smtpUrl, from: config.betatestEmailSender }) : logMailer({ from: config.betatestEmailSender });
}

/**
 * Starts what PROCESS_ROLES asks for: the web server, the worker, or both, on one database.
 * This is the composition root: integrations get their settings and lookups from here.
 */
export async function startProduct(rawConfig: Config): Promise<RunningProduct> {
  const config = resolveSecrets(rawConfig);
  setConfig(config);
  configureLogger({ level: config.logLevel, format: config.logFormat });
  for (const w of config.warnings) logger.warn(w);
  configureSecrets(config.secretsEncryptionKey!, config.secretsEncryptionOldKeys);
  setInstallationSecrets([config.s3SecretAccessKey, config.instanceSmtpRelayPassword]);
  setMinLogLevel(config.logEntryMinLevel);

  let embedded: RunningPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dataDir = path.join(config.dataDir, 'postgres');
    try {
      embedded = await startEmbeddedPostgres({ dataDir, persistent: true, role: 'server', onEvent: (level, msg, fields) => logger[level](msg, fields) });
    } catch (e) {
      if (e instanceof EmbeddedPostgresError) throw new StartupError(e.message);
      throw e;
    }
    await ensureDatabase(embedded.url(), 'instance_manager');
    databaseUrl = embedded.url('instance_manager');
    logger.info(`embedded Postgres: ${embedded.origin}`, { dataDir, port: embedded.port });
  }
  try {
    if (config.migrateOnStart) {
      const applied = await migrate(databaseUrl);
      if (applied.length) logger.info('migrations applied', { applied });
    } else {
      const client = new pg.Client({ connectionString: databaseUrl });
      client.on('error', () => {}); // a dropped connection fails the query below instead
      await client.connect();
      const pending = await pendingMigrations(client).finally(() => client.end());
      if (pending.length) {
        throw new StartupError(
          `${pending.length} database migration(s) pending (${pending.join(', ')}): run \`npm run db:migrate\` first, or set MIGRATE_ON_START=true.`,
        );
      }
    }
    connectDb(databaseUrl, Math.min(config.workerConcurrency + 10, 40));
    // One provider per started product: a second product in this process gets its own DATA_DIR.
    setComputeProvider(composeComputeProvider(config));
    setRegistrationMailer(composeRegistrationMailer(config));
    useRecipes(createRecipes(config));
    setGitHub(composeGitHub(config));
    await seedWatchedFork(config);
    setNotifier(composeNotifier(config));
    setMonitoringProvider(composeMonitoring(config));
    setObjectStorage(createObjectStorage(config));
    await seedSharedServers(config);
    await seedDefaultLoadBalancingServer(config.defaultLoadBalancingServer);
    setLoadBalancing(await composeLoadBalancing(config));
    await startEvents(databaseUrl);
    const worker = config.processRoles.includes('worker');
    await startJobs(databaseUrl, worker ? { concurrency: config.workerConcurrency } : null);
    if (worker) await readoptLocalServices();
    let app: ReturnType<typeof import('./app.ts').buildApp> | null = null;
    let port: number | null = null;
    if (config.processRoles.includes('web')) {
      const { buildApp } = await import('./app.ts');
      const prefixes = { studio: config.studioDomainPrefix, preview: config.lmsPreviewDomainPrefix };
      app = buildApp(config, config.loadBalancerProvider === 'local' ? localLoadBalancer((hostname) => routeFor(hostname, prefixes)) : null);
      port = await app.start();
      logger.info(`listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`, { roles: config.processRoles });
    }
    // The local load balancer serves every instance's domains on the web port (SPEC §9.2); a
    // worker-only process checks them on the configured one.
    if (config.loadBalancerProvider === 'local') setLocalAvailabilityEntry({ address: '127.0.0.1', port: port ?? config.port });
    return {
      port,
      databaseUrl,
      async stop() {
        await app?.stop();
        await stopJobs();
        await log.flush();
        if (worker) await stopLocalServices();
        setComputeProvider(null);
        setRegistrationMailer(null);
        useRecipes(null);
        setGitHub(null);
        clearOutbound();
        setObjectStorage(null);
        setLoadBalancing(null);
        await stopEvents();
        await disconnectDb();
        await embedded?.stop();
      },
    };
  } catch (e) {
    setComputeProvider(null);
    useRecipes(null);
    setGitHub(null);
    clearOutbound();
    setObjectStorage(null);
    setLoadBalancing(null);
    await stopJobs();
    await stopEvents();
    await disconnectDb();
    await embedded?.stop();
    throw e;
  }
}

function clearOutbound(): void {
  setNotifier(null);
  setMonitoringProvider(null);
  setLocalAvailabilityEntry(null);
}

/** Local app servers' services are the worker's children: restart them after a worker restart. */
async function readoptLocalServices(): Promise<void> {
  const local = localCompute();
  if (!local) return;
  const servers = await localServersToReadopt(pool);
  for (const s of servers) local.startServices(s);
}

async function stopLocalServices(): Promise<void> {
  const local = localCompute();
  if (!local) return;
  const servers = await localServersNotTerminated(pool).catch(() => []);
  for (const s of servers) await local.stopServices(s);
}
