import { stringify } from 'yaml';
import { parse } from 'yaml';
import { encryptSecret } from '../secrets.ts';
import { basicAuthOf, describeError, enqueueStep, failAppServer, givesUp, loadAppServer, stopRequested, computeProvider } from './context.ts';
import { config } from '../settings.ts';
import { generateHostKeyPair } from '../integrations/ssh/index.ts';
import { defineJob } from './queue.ts';
import { claimStep } from './step.ts';
import { insertLogLines } from '../logs.ts';

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = prev && v && typeof prev === 'object' && typeof v === 'object' && !Array.isArray(prev) && !Array.isArray(v)
      ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

/** Step 3: the Server row, the code reference and the settings, fixed once on the app server. */
export const appserverPrepare = defineJob<{ appServerId: string }>({
  name: 'appserver.prepare',
  options: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  async handler({ appServerId }, job) {
    const a = await loadAppServer(appServerId);
    if (!a || stopRequested(a)) return;
    const step = await claimStep({ appServerId }, 'appserver.prepare', a.attempt);
    if (!step) return;
    const compute = computeProvider();
    // Flavor, image and key pair must exist before anything is created for this app server.
    let vm = null;
    try {
      vm = compute.resolveVmSpec ? await compute.resolveVmSpec({ flavor: a.flavor, image: a.image, keyName: a.sshKeyName }) : null;
    } catch (e) {
      if (!givesUp(e, job, appserverPrepare.options.retryLimit)) throw e;
      await step.fail(describeError(e), (client) => failAppServer(client, a, 'ERROR', describeError(e)));
      return;
    }
    const auth = basicAuthOf(a.instance);
    const generated = {
      EDXAPP_LMS_BASE: a.internalLmsDomain,
      EDXAPP_PREVIEW_LMS_BASE: a.internalPreviewDomain,
      EDXAPP_CMS_BASE: a.internalStudioDomain,
      EDXAPP_SITE_NAME: a.internalLmsDomain,
      EDXAPP_PLATFORM_NAME: a.name,
      EDXAPP_CONTACT_EMAIL: a.email,
      EDXAPP_TECH_SUPPORT_EMAIL: a.email,
      EDXAPP_DEFAULT_FROM_EMAIL: a.email,
      edx_platform_repo: a.edxPlatformRepositoryUrl,
      edx_platform_version: a.edxPlatformCommit,
      COMMON_ENABLE_BASIC_AUTH: true,
      COMMON_HTPASSWD_USER: auth.user,
      COMMON_HTPASSWD_PASS: auth.password,
    };
    let extra: Record<string, unknown> = {};
    try {
      const parsed = a.configurationExtraSettings.trim() ? parse(a.configurationExtraSettings) : {};
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new Error('the top level must be a mapping');
      extra = parsed ?? {};
    } catch (e) {
      await step.fail(String(e), (client) => failAppServer(client, a, 'ERROR', `configuration extra settings are not valid YAML: ${(e as Error).message}`));
      return;
    }
    const rendered = stringify(deepMerge(generated, extra));
    const layers = { generated: stringify(generated), instance: a.configurationExtraSettings };
    await step.complete(async (client) => {
      let serverId = a.serverId;
      if (!serverId) {
        const name = `edxapp-${a.internalLmsDomain.replace(/[^a-z0-9]+/g, '-').slice(0, 30)}-${a.number}`;
        // The VM gets this host key through user data, so the first SSH connection can already verify it.
        const hostKey = compute.name === 'openstack' && config().openstackInjectHostKeys ? generateHostKeyPair() : null;
        const res = await client.query(
          `INSERT INTO server (provider, name, region, "hostKey", "hostPrivateKeyEnc") VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [compute.name, name, compute.name === 'openstack' ? (config().openstackRegion ?? '') : '', hostKey?.publicKey ?? null, hostKey ? encryptSecret(hostKey.privateKey) : null],
        );
        serverId = res.rows[0].id as string;
        await client.query(`UPDATE app_server SET "serverId" = $2, "currentStep" = 'appserver.prepare', "updatedAt" = now() WHERE id = $1`, [appServerId, serverId]);
      }
      await client.query(
        `UPDATE app_server SET "edxPlatformSha" = COALESCE("edxPlatformSha", $2), "settingsLayers" = COALESCE("settingsLayers", $3::jsonb),
           "renderedSettingsEnc" = COALESCE("renderedSettingsEnc", $4), "updatedAt" = now() WHERE id = $1`,
        [appServerId, a.edxPlatformCommit, JSON.stringify(layers), encryptSecret(rendered)],
      );
      const spec = vm ? `, flavor ${vm.flavorName}, image ${vm.imageName}, key pair ${vm.keyName}` : '';
      await insertLogLines(client, [{ target: { appServerId }, level: 'INFO', text: `Prepared: ${a.recipe} recipe, settings rendered (${rendered.split('\n').length} lines)${spec}.` }]);
      await enqueueStep(client, 'appserver.securityGroups', appServerId, a.attempt);
    });
  },
});
