import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rawId, waitFor, waitForAppServerStatus } from '../helpers/graphql.ts';
import { createAndSpawn, signedInSuite, spawnAppServer } from '../helpers/suite.ts';
import { ARCHIVE_INSTANCE } from '../helpers/documents.ts';
import { startSmtpServer, type ReceivedMail } from '../helpers/smtp.ts';
import { FakeNewRelic } from '../fakes/newrelic/index.ts';
import { log } from '../../server/src/logs.ts';
import { config, setConfig } from '../../server/src/settings.ts';
import { setMonitoringProvider } from '../../server/src/monitoring.ts';
import { BuiltinMonitoring, NewRelicMonitoring } from '../../server/src/integrations/monitoring/index.ts';
import { checkInstanceAvailability } from '../../server/src/services/availability.ts';

// Going live on the local provider (SPEC §9.7, §16): the activation gate against real app servers
// (the shell recipe), the rollback watch and the availability checks through the local load
// balancer, notifications to a real SMTP server and a webhook receiver, New Relic through its fake.
const here = path.dirname(fileURLToPath(import.meta.url));
const demo = readFileSync(path.resolve(here, '../../server/src/integrations/recipes/shell/demo.sh'), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'im-going-live-'));
const script = path.join(work, 'recipe.sh');
// Instances named "studio500…" serve a Studio that answers 500; "broken…" fail, printing a password first.
writeFileSync(
  script,
  demo.replace(
    'step "Done"',
    `case "$IM_INSTANCE_NAME" in
studio500*)
cat > serve.mjs <<JS
import { createServer } from 'node:http';
createServer((req, res) => {
  const host = String(req.headers.host || '').split(':')[0];
  res.writeHead(host === '\${IM_STUDIO_DOMAIN}' ? 500 : 200, { 'content-type': 'text/plain' }).end('studio500');
}).listen(Number(process.argv[2]), '127.0.0.1');
JS
;;
broken*) echo "DB_PASSWORD=hunter2-leaked-value"; echo "failing on purpose" >&2; exit 1;;
esac
step "Done"`,
  ),
);

const smtp = await startSmtpServer();
const hooks: string[] = [];
const receiver: Server = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    hooks.push(JSON.parse(body).text);
    res.writeHead(200).end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const newRelic = await new FakeNewRelic({ apiKey: 'nr-admin-key' }).start();

const { app, api, db } = signedInSuite({
  env: {
    SHELL_RECIPE_SCRIPT: script,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    ADMINS: 'ops@example.com',
    NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    AVAILABILITY_ALERT_AFTER_FAILURES: '2',
    AVAILABILITY_CHECK_TIMEOUT: '5',
    ACTIVATION_WATCH_MINUTES: '10',
    // The test runs the checks itself: a scheduled run in the middle would count twice.
    AVAILABILITY_CHECKS_SCHEDULE: '0 0 1 1 *',
  },
});

afterAll(async () => {
  await smtp.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await newRelic.close();
  rmSync(work, { recursive: true, force: true });
});

const ACTIVATE = `mutation($id: ID!, $force: Boolean) { activateAppServer(id: $id, force: $force) {
  __typename ... on Error { message } ... on SmokeCheckFailedError { checks { name url ok status } } } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateAppServer(id: $id) { __typename } }`;

function spawn(name: string, options: Record<string, unknown> = {}) {
  return createAndSpawn(api, name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), options, name);
}

/** Waits for a mail whose subject matches, sent after `since` mails had arrived. */
async function mailMatching(subject: RegExp, since = 0, timeoutMs = 30_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = smtp.received.slice(since).find((m) => subject.test(m.headers.subject ?? ''));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail matching ${subject}; got: ${smtp.received.map((m) => m.headers.subject).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const bodyOf = (m: ReceivedMail) => m.body.replace(/=\r\n/g, '').replace(/\r\n/g, '\n');

async function isActive(appServerId: string): Promise<boolean> {
  return (await db.query(`SELECT active FROM app_server WHERE id = $1`, [rawId(appServerId)])).rows[0].active;
}

async function serverDir(appServerId: string): Promise<string> {
  const r = await db.query(`SELECT "serverId" FROM app_server WHERE id = $1`, [rawId(appServerId)]);
  return path.join(app.dataDir, 'servers', r.rows[0].serverId);
}

/** The demo site answers 503 without its files: the app server is up but the site is down. */
async function breakSite(appServerId: string): Promise<() => void> {
  const www = path.join(await serverDir(appServerId), 'www');
  const saved = ['index.html', 'heartbeat'].map((f) => [f, readFileSync(path.join(www, f))] as const);
  for (const [f] of saved) unlinkSync(path.join(www, f));
  return () => {
    for (const [f, content] of saved) writeFileSync(path.join(www, f), content);
  };
}

async function instanceLog(instanceId: string): Promise<string[]> {
  await log.flush();
  return (await db.query(`SELECT text FROM log_entry WHERE "instanceId" = $1 ORDER BY id`, [rawId(instanceId)])).rows.map((r) => r.text);
}

describe('the activation gate', () => {
  it('refuses an app server whose Studio answers 500, naming the check; force activates it; ACTIVATION_SMOKE_CHECKS=false skips the checks', async () => {
    const { instanceId, appServerId } = await spawn('studio500 gate');
    await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 60_000);

    const refused = await api.request(ACTIVATE, { id: appServerId });
    expect(refused.data.activateAppServer.__typename).toBe('SmokeCheckFailedError');
    expect(refused.data.activateAppServer.message).toBe('Smoke checks failed: Studio answered 500');
    const studio = refused.data.activateAppServer.checks.find((c: { name: string }) => c.name === 'studio');
    expect(studio).toMatchObject({ ok: false, status: 500 });
    expect(studio.url).toMatch(/^http:\/\/studio-studio500-gate\./);
    expect(refused.data.activateAppServer.checks.filter((c: { ok: boolean }) => c.ok).map((c: { name: string }) => c.name)).toEqual([
      'lms-heartbeat',
      'lms',
      'preview',
    ]);
    expect(await isActive(appServerId)).toBe(false);

    const page = await api.request(`query($id: ID!) { appServer(id: $id) { lastSmokeCheck { ok summary checks { name status } } } }`, { id: appServerId });
    expect(page.data.appServer.lastSmokeCheck).toMatchObject({ ok: false, summary: 'Smoke checks failed: Studio answered 500' });

    const mailsBefore = smtp.received.length;
    const forced = await api.request(ACTIVATE, { id: appServerId, force: true });
    expect(forced.data.activateAppServer.__typename).toBe('MutationActivateAppServerSuccess');
    expect(await isActive(appServerId)).toBe(true);
    const activated = await mailMatching(/\[studio500 gate\] AppServer \d+ activated/, mailsBefore);
    expect(activated.to).toEqual(['ops@example.com']);

    expect((await api.request(DEACTIVATE, { id: appServerId })).data.deactivateAppServer.__typename).toBe('MutationDeactivateAppServerSuccess');
    const saved = config();
    setConfig({ ...saved, activationSmokeChecks: false });
    try {
      const unchecked = await api.request(ACTIVATE, { id: appServerId });
      expect(unchecked.data.activateAppServer.__typename).toBe('MutationActivateAppServerSuccess');
    } finally {
      setConfig(saved);
    }
    expect(await isActive(appServerId)).toBe(true);
  }, 120_000);

  it('blocks the automatic switch of a deployment, with the failed check as its failure reason and a mail', async () => {
    const mailsBefore = smtp.received.length;
    const { instanceId, deploymentId, appServerId } = await spawn('studio500 auto', { activateOnSuccess: true });
    await waitForAppServerStatus(api, instanceId, appServerId, 'RUNNING', 60_000);
    await waitFor(
      api,
      instanceId,
      async () => Boolean((await db.query(`SELECT "failureReason" FROM deployment WHERE id = $1`, [rawId(deploymentId)])).rows[0].failureReason),
      'the blocked activation',
    );
    const d = (await db.query(`SELECT "failureReason" FROM deployment WHERE id = $1`, [rawId(deploymentId)])).rows[0];
    expect(d.failureReason).toMatch(/^Not activated: AppServer \d+: Smoke checks failed: Studio answered 500$/);
    expect(await isActive(appServerId)).toBe(false);
    const mail = await mailMatching(/\[studio500 auto\] Deployment failed|\[studio500 auto\] \w+ deployment failed/, mailsBefore);
    expect(bodyOf(mail)).toContain('Studio answered 500');
  }, 120_000);
});

describe('the rollback watch and the availability checks', () => {
  it('rolls back to the previous app servers after two failed runs within the watch, and not outside it', async () => {
    const mailsBefore = smtp.received.length;
    const first = await spawn('Rollback', { activateOnSuccess: true });
    await waitFor(api, first.instanceId, () => isActive(first.appServerId), 'the first activation');
    const succeeded = await mailMatching(/\[Rollback\] \w+ deployment succeeded/, mailsBefore);
    expect(bodyOf(succeeded)).toMatch(/AppServer 1 is now active/);

    const second = await spawnAppServer(api, first.instanceId, { activateOnSuccess: true });
    await waitFor(api, first.instanceId, async () => (await isActive(second.appServerId)) && !(await isActive(first.appServerId)), 'the switch');
    const instance = rawId(first.instanceId);
    expect((await db.query(`SELECT "previousAppServerIds" FROM activation_watch WHERE "instanceId" = $1`, [instance])).rows[0].previousAppServerIds).toEqual([
      rawId(first.appServerId),
    ]);
    await breakSite(second.appServerId);

    // Outside the window (time moved by the row, not slept), failures roll nothing back.
    await db.query(`UPDATE activation_watch SET "switchedAt" = now() - interval '11 minutes' WHERE "instanceId" = $1`, [instance]);
    expect((await checkInstanceAvailability(instance))!.rolledBack).toBe(false);
    expect((await checkInstanceAvailability(instance))!.rolledBack).toBe(false);
    expect(await isActive(second.appServerId)).toBe(true);

    // Inside it: the first failed run counts, the second rolls back.
    await db.query(`UPDATE activation_watch SET "switchedAt" = now() - interval '1 minute' WHERE "instanceId" = $1`, [instance]);
    const run1 = (await checkInstanceAvailability(instance))!;
    expect(run1.checked.every((c) => !c.ok)).toBe(true);
    expect(run1.rolledBack).toBe(false);
    const rollbackMails = smtp.received.length;
    expect((await checkInstanceAvailability(instance))!.rolledBack).toBe(true);
    expect(await isActive(first.appServerId)).toBe(true);
    expect(await isActive(second.appServerId)).toBe(false);
    expect((await instanceLog(first.instanceId)).some((t) => /^Rolled back to AppServer 1, deactivating AppServer 2: 2 availability runs failed/.test(t))).toBe(
      true,
    );
    const mail = await mailMatching(/\[Rollback\] Rolled back to AppServer 1/, rollbackMails);
    expect(bodyOf(mail)).toContain('AppServer 2 was deactivated');
    expect(hooks.some((h) => h.includes('Rolled back to AppServer 1'))).toBe(true);

    // The old app server serves again through the load balancer: the next run passes, and says so once.
    const after = (await checkInstanceAvailability(instance))!;
    expect(after.checked.map((c) => c.status)).toEqual([200, 200, 200, 200]);
    expect(after.rolledBack).toBe(false);
    expect(after.events).toEqual(Array(4).fill('availabilityRecovered'));
  }, 180_000);

  it('with MONITORING_PROVIDER none (or newrelic) sends no builtin alert, keeps no URL state, and still rolls back within the watch only', async () => {
    const first = await spawn('Quiet', { activateOnSuccess: true });
    await waitFor(api, first.instanceId, () => isActive(first.appServerId), 'the first activation');
    const second = await spawnAppServer(api, first.instanceId, { activateOnSuccess: true });
    await waitFor(api, first.instanceId, async () => (await isActive(second.appServerId)) && !(await isActive(first.appServerId)), 'the switch');
    const instance = rawId(first.instanceId);
    await breakSite(second.appServerId);
    const saved = config();
    setConfig({ ...saved, monitoringProvider: 'none' });
    try {
      // Past the window nothing is probed at all.
      await db.query(`UPDATE activation_watch SET "switchedAt" = now() - interval '11 minutes' WHERE "instanceId" = $1`, [instance]);
      expect(await checkInstanceAvailability(instance)).toBeNull();
      await db.query(`UPDATE activation_watch SET "switchedAt" = now() - interval '1 minute' WHERE "instanceId" = $1`, [instance]);
      const run1 = (await checkInstanceAvailability(instance))!;
      expect(run1.checked.every((c) => !c.ok)).toBe(true);
      expect(run1.events).toEqual([]);
      const run2 = (await checkInstanceAvailability(instance))!;
      expect(run2).toMatchObject({ rolledBack: true, events: ['rolledBack'] });
      expect(await isActive(first.appServerId)).toBe(true);
      expect(await isActive(second.appServerId)).toBe(false);
      const states = await db.query(`SELECT count(*)::int AS n FROM url_availability WHERE "instanceId" = $1`, [instance]);
      expect(states.rows[0].n).toBe(0);
      // Rolled back: the watch is over, and no builtin check runs for this instance any more.
      expect(await checkInstanceAvailability(instance)).toBeNull();
    } finally {
      setConfig(saved);
    }
  }, 180_000);

  it('alerts admins and monitoring emails once after 2 failures of a URL, then sends one recovery; New Relic follows activation and archive', async () => {
    setMonitoringProvider(
      new NewRelicMonitoring({ apiKey: 'nr-admin-key', apiUrl: newRelic.apiUrl, syntheticsUrl: newRelic.syntheticsUrl, namePrefix: 'test-' }),
    );
    try {
      const created = await api.request(
        `mutation { createInstance(input: {name: "Watched", subDomain: "watched", monitoringEmails: ["site-owner@example.com"]}) {
          __typename ... on MutationCreateInstanceSuccess { data { id } } } }`,
      );
      const instanceId = created.data.createInstance.data.id;
      const { appServerId } = await spawnAppServer(api, instanceId, { activateOnSuccess: true });
      await waitFor(api, instanceId, () => isActive(appServerId), 'the activation');
      const instance = rawId(instanceId);
      await waitFor(api, instanceId, async () => newRelic.monitors.length === 4, 'the New Relic monitors', 30_000);
      expect(newRelic.monitors.map((m) => m.uri).sort()).toEqual([
        'https://preview-watched.localhost/',
        'https://studio-watched.localhost/',
        'https://watched.localhost/',
        'https://watched.localhost/heartbeat?extended',
      ]);

      const ok = (await checkInstanceAvailability(instance))!;
      expect(ok.checked.map((c) => [c.ok, c.status])).toEqual([
        [true, 200],
        [true, 200],
        [true, 200],
        [true, 200],
      ]);
      const restore = await breakSite(appServerId);
      const before = smtp.received.length;
      expect((await checkInstanceAvailability(instance))!.events).toEqual([]);
      expect((await checkInstanceAvailability(instance))!.events).toEqual(Array(4).fill('availabilityAlert'));
      expect((await checkInstanceAvailability(instance))!.events).toEqual([]);
      const alert = await mailMatching(/\[Watched\] DOWN: http:\/\/watched\.localhost:\d+\/$/, before);
      expect(alert.to.sort()).toEqual(['ops@example.com', 'site-owner@example.com']);
      expect(bodyOf(alert)).toMatch(/failed 2 checks in a row\.\nLast error: answered 503/);

      const states = await api.request(`query($id: ID!) { instance(id: $id) { availability { url up consecutiveFailures alerted downSince } } }`, {
        id: instanceId,
      });
      expect(states.data.instance.availability).toHaveLength(4);
      expect(states.data.instance.availability.every((s: { up: boolean; consecutiveFailures: number }) => !s.up && s.consecutiveFailures === 3)).toBe(true);

      restore();
      const beforeRecovery = smtp.received.length;
      expect((await checkInstanceAvailability(instance))!.events).toEqual(Array(4).fill('availabilityRecovered'));
      expect((await checkInstanceAvailability(instance))!.events).toEqual([]);
      const recovered = await mailMatching(/\[Watched\] UP again: http:\/\/watched\.localhost:\d+\/$/, beforeRecovery);
      expect(bodyOf(recovered)).toMatch(/answers again \(down since /);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.received.slice(beforeRecovery).filter((m) => /UP again/.test(m.headers.subject ?? ''))).toHaveLength(4);
      expect(hooks.some((h) => h.includes('DOWN: http://watched.localhost'))).toBe(true);

      // Archive turns the outside monitoring off and says so.
      const beforeArchive = smtp.received.length;
      expect((await api.request(ARCHIVE_INSTANCE, { id: instanceId })).data.archiveInstance.__typename).toBe('MutationArchiveInstanceSuccess');
      await mailMatching(/\[Watched\] Archived/, beforeArchive, 60_000);
      await waitFor(api, instanceId, async () => newRelic.monitors.length === 0 && newRelic.policies.length === 0, 'the monitors removed', 30_000);
    } finally {
      setMonitoringProvider(new BuiltinMonitoring());
    }
  }, 180_000);
});

describe('failure notifications', () => {
  it('mails a failed app server with its last log lines, the password masked, to admins', async () => {
    const before = smtp.received.length;
    const { instanceId, appServerId } = await spawn('broken recipe');
    await waitForAppServerStatus(api, instanceId, appServerId, 'CONFIGURATION_FAILED', 60_000);
    const mail = await mailMatching(/\[broken recipe\] AppServer \d+ failed/, before);
    const body = bodyOf(mail);
    expect(body).toMatch(/Last \d+ log lines?:/);
    expect(body).toContain('failing on purpose');
    expect(body).toContain('DB_PASSWORD=');
    expect(body).not.toContain('hunter2-leaked-value');
    await mailMatching(/\[broken recipe\] \w+ deployment failed/, before);
  }, 120_000);

  it('mails a cancelled deployment once', async () => {
    const before = smtp.received.length;
    const { deploymentId } = await spawn('Cancelled');
    const cancelled = await api.request(`mutation($id: ID!) { cancelDeployment(id: $id) { __typename } }`, { id: deploymentId });
    expect(cancelled.data.cancelDeployment.__typename).toBe('MutationCancelDeploymentSuccess');
    const mail = await mailMatching(/\[Cancelled\] \w+ deployment cancelled/, before);
    expect(mail.to).toEqual(['ops@example.com']);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.slice(before).filter((m) => /\[Cancelled\]/.test(m.headers.subject ?? ''))).toHaveLength(1);
  }, 60_000);
});
