import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { mergeSettings, parseSettingsLayer, type Mapping } from '../domain/settings.ts';
import { basicAuthOf, decryptSecret, encryptSecret, hmac } from '../secrets.ts';
import { describeError, NotFoundError } from '../errors.ts';
import { failAppServer, givesUp } from './context.ts';
import { computeProvider } from '../compute.ts';
import { config } from '../settings.ts';
import { generateHostKeyPair } from '../integrations/ssh/index.ts';
import { appServerPrepare } from '../queue.ts';
import { handle } from './handlers.ts';
import { beginStep, enqueueNextStep } from './pipeline.ts';
import { insertLogLines } from '../logs.ts';
import { attachServer, fixSettingsOnce } from '../data/app-servers.ts';
import { insertServer } from '../data/servers.ts';
import { pool } from '../db.ts';
import { codeAndAccess, prSettingsLayers, type CodeAndAccess } from '../services/pr-sandboxes.ts';
import { persistentDataSettings } from './persistent-data.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const PRODUCTION_VARS = readFileSync(path.resolve(here, '../integrations/recipes/production-vars.yml'), 'utf8');

/** Step 3: the Server row, the code reference and the settings, fixed once on the app server. */
export const appServerPrepareHandler = handle(appServerPrepare, async ({ appServerId }, job) => {
  const begun = await beginStep(appServerPrepare, appServerId);
  if (!begun) return;
  const { a, step } = begun;
  const compute = computeProvider();
  // Flavor, image and key pair must exist before anything is created for this app server.
  let vm = null;
  try {
    vm = compute.resolveVmSpec ? await compute.resolveVmSpec({ flavor: a.flavor, image: a.image, keyName: a.sshKeyName }) : null;
  } catch (e) {
    if (!givesUp(e, job, appServerPrepare.options.retryLimit)) throw e;
    await step.fail(describeError(e), (client) => failAppServer(client, a, 'ERROR', describeError(e)));
    return;
  }
  // The ref as a SHA and who may SSH in: asked of GitHub once, before anything is created.
  let access: CodeAndAccess;
  try {
    access = await codeAndAccess({ ...a, ownerOrganizationId: a.instance.ownerOrganizationId });
  } catch (e) {
    if (!(e instanceof NotFoundError) && !givesUp(e, job, appServerPrepare.options.retryLimit)) throw e;
    await step.fail(describeError(e), (client) => failAppServer(client, a, 'ERROR', describeError(e)));
    return;
  }
  const auth = basicAuthOf(a.instance);
  const master = decryptSecret(a.instance.secretMasterEnc);
  // Open edX secrets derive from the instance's master secret: stable across redeploys.
  const derived = (name: string) => hmac(master, name);
  const generated: Mapping = {
    EDXAPP_LMS_BASE: a.internalLmsDomain,
    EDXAPP_PREVIEW_LMS_BASE: a.internalPreviewDomain,
    EDXAPP_CMS_BASE: a.internalStudioDomain,
    EDXAPP_SITE_NAME: a.internalLmsDomain,
    EDXAPP_PLATFORM_NAME: a.name,
    EDXAPP_CONTACT_EMAIL: a.email,
    EDXAPP_TECH_SUPPORT_EMAIL: a.email,
    EDXAPP_DEFAULT_FROM_EMAIL: a.email,
    edx_platform_repo: a.edxPlatformRepositoryUrl,
    edx_platform_version: access.sha,
    forum_version: a.openedxRelease,
    notifier_version: a.openedxRelease,
    xqueue_version: a.openedxRelease,
    certs_version: a.openedxRelease,
    COMMON_ENABLE_BASIC_AUTH: true,
    COMMON_HTPASSWD_USER: auth.user,
    COMMON_HTPASSWD_PASS: auth.password,
    ...(access.users.length ? { COMMON_USER_INFO: access.users.map((u) => ({ name: u.name, type: 'admin', authorized_keys: u.keys })) } : {}),
    EDXAPP_EDXAPP_SECRET_KEY: derived('EDXAPP_EDXAPP_SECRET_KEY'),
    EDXAPP_JWT_SECRET_KEY: derived('EDXAPP_JWT_SECRET_KEY'),
    EDXAPP_COMMENTS_SERVICE_KEY: derived('EDXAPP_COMMENTS_SERVICE_KEY'),
    FORUM_API_KEY: derived('EDXAPP_COMMENTS_SERVICE_KEY'),
    EDXAPP_PROFILE_IMAGE_SECRET_KEY: derived('EDXAPP_PROFILE_IMAGE_SECRET_KEY'),
  };
  let production: Mapping[] = [];
  let instanceLayer: Mapping;
  let prLayers: Awaited<ReturnType<typeof prSettingsLayers>> = {};
  try {
    // SPEC §7.2 layers 3 (watched fork) and 5 (the PR's Settings block), for PR sandboxes.
    prLayers = await prSettingsLayers(pool, a.instance.id);
    if (a.profile === 'PRODUCTION') {
      production = [
        parseSettingsLayer(PRODUCTION_VARS, parse, 'production vars'),
        parseSettingsLayer(config().productionInstanceExtraConfiguration, parse, 'PRODUCTION_INSTANCE_EXTRA_CONFIGURATION'),
      ];
    }
    instanceLayer = parseSettingsLayer(a.configurationExtraSettings, parse, 'configuration extra settings');
    Object.assign(generated, await persistentDataSettings(a, a.instance));
  } catch (e) {
    await step.fail(describeError(e), (client) => failAppServer(client, a, 'ERROR', describeError(e)));
    return;
  }
  const { merged, overriddenCredentials } = mergeSettings({
    generated,
    production,
    fork: prLayers.fork,
    instance: instanceLayer,
    pullRequest: prLayers.pullRequest,
  });
  const rendered = stringify(merged);
  const layers = {
    generated: stringify(generated),
    ...(production.length ? { production: production.map((l) => stringify(l)).join('---\n') } : {}),
    ...(prLayers.forkText ? { fork: prLayers.forkText } : {}),
    instance: a.configurationExtraSettings,
    ...(prLayers.pullRequestText ? { pullRequest: prLayers.pullRequestText } : {}),
  };
  await step.complete(async (client) => {
    let serverId = a.serverId;
    if (!serverId) {
      const name = `edxapp-${a.internalLmsDomain.replace(/[^a-z0-9]+/g, '-').slice(0, 30)}-${a.number}`;
      // The VM gets this host key through user data, so the first SSH connection can already verify it.
      const hostKey = compute.name === 'openstack' && config().openstackInjectHostKeys ? generateHostKeyPair() : null;
      serverId = await insertServer(client, {
        provider: compute.name,
        name,
        region: compute.name === 'openstack' ? (config().openstackRegion ?? '') : '',
        hostKey: hostKey?.publicKey ?? null,
        hostPrivateKeyEnc: hostKey ? encryptSecret(hostKey.privateKey) : null,
      });
      await attachServer(client, appServerId, serverId, appServerPrepare.name);
    }
    await fixSettingsOnce(
      client,
      appServerId,
      access.sha,
      layers,
      encryptSecret(rendered),
      access.users.map((u) => u.name),
    );
    if (access.warnings.length)
      await insertLogLines(
        client,
        access.warnings.map((text) => ({ target: { appServerId }, level: 'WARNING' as const, text })),
      );
    const spec = vm ? `, flavor ${vm.flavorName}, image ${vm.imageName}, key pair ${vm.keyName}` : '';
    if (overriddenCredentials.length) {
      await insertLogLines(client, [
        { target: { appServerId }, level: 'WARNING', text: `The extra settings override generated credentials: ${overriddenCredentials.join(', ')}.` },
      ]);
    }
    await insertLogLines(client, [
      { target: { appServerId }, level: 'INFO', text: `Prepared: ${a.recipe} recipe, settings rendered (${rendered.split('\n').length} lines)${spec}.` },
    ]);
    await enqueueNextStep(client, appServerPrepare, a);
  });
});
