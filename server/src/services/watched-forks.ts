// Watched forks (SPEC §3, §10): the repositories whose pull requests get sandboxes. Superusers only.
import { withTx } from '../db.ts';
import { ensureOrganization } from '../data/organizations.ts';
import { deleteWatchedFork as deleteRow, insertWatchedFork, lockWatchedFork, otherSandboxTemplates, updateWatchedForkColumns } from '../data/watched-forks.ts';
import { checkExtraSettings, checkRef, checkRepositoryUrl } from '../domain/instance-fields.ts';
import { sandboxTemplateProblem } from '../domain/pr-sandbox.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { parseImageSpec, VmSpecError } from '../integrations/compute/openstack/resolve.ts';
import { config } from '../settings.ts';
import { audit, type Actor } from './audit.ts';

export interface WatchedForkInput {
  organization?: string | null;
  fork?: string | null;
  enabled?: boolean | null;
  sandboxSubdomainTemplate?: string | null;
  redeployOnPush?: boolean | null;
  openedxRelease?: string | null;
  configurationSourceRepoUrl?: string | null;
  configurationVersion?: string | null;
  image?: string | null;
  configurationExtraSettings?: string | null;
}

const REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

/** The columns to write; a blank optional default clears it. Throws ValidationError naming the field. */
function clean(input: WatchedForkInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const given = (k: keyof WatchedForkInput) => input[k] !== undefined && input[k] !== null;
  if (given('fork')) {
    const fork = input.fork!.trim();
    if (!REPO.test(fork) || fork.split('/').some((p) => p === '.' || p === '..')) throw new ValidationError('fork', 'Give the repository as owner/repo.');
    out.fork = fork.toLowerCase();
  }
  if (given('enabled')) out.enabled = input.enabled;
  if (given('redeployOnPush')) out.redeployOnPush = input.redeployOnPush;
  if (given('sandboxSubdomainTemplate')) out.sandboxSubdomainTemplate = input.sandboxSubdomainTemplate!.trim();
  const optionalText = (k: 'openedxRelease' | 'configurationVersion' | 'configurationSourceRepoUrl' | 'image', check: (v: string) => string) => {
    if (!given(k)) return;
    const v = input[k] as string;
    out[k] = v.trim() ? check(v) : null;
  };
  optionalText('openedxRelease', (v) => checkRef(v, 'openedxRelease'));
  optionalText('configurationVersion', (v) => checkRef(v, 'configurationVersion'));
  optionalText('configurationSourceRepoUrl', (v) => checkRepositoryUrl(v, 'configurationSourceRepoUrl'));
  optionalText('image', (v) => {
    try {
      return JSON.stringify(parseImageSpec(v));
    } catch (e) {
      if (!(e instanceof VmSpecError)) throw e;
      throw new ValidationError('image', 'Give the image as JSON: {"name": "…"} or {"id": "…"}.');
    }
  });
  if (given('configurationExtraSettings')) out.configurationExtraSettings = checkExtraSettings(input.configurationExtraSettings!);
  return out;
}

function checkOrganization(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100 || /[\u0000-\u001f\u007f]/.test(trimmed))
    throw new ValidationError('organization', 'Give the organization’s name (at most 100 characters).');
  return trimmed;
}

async function checkTemplate(client: Parameters<typeof otherSandboxTemplates>[0], template: string, id: string | null): Promise<void> {
  const cfg = config();
  const problem = sandboxTemplateProblem(template, await otherSandboxTemplates(client, id), [cfg.lmsPreviewDomainPrefix, cfg.studioDomainPrefix]);
  if (problem) throw new ValidationError('sandboxSubdomainTemplate', problem);
}

/** Audit input without the extra settings, which may hold secrets. */
function auditable(columns: Record<string, unknown>): Record<string, unknown> {
  const out = { ...columns };
  if (typeof out.configurationExtraSettings === 'string') out.configurationExtraSettings = `(${out.configurationExtraSettings.length} characters)`;
  return out;
}

export async function createWatchedFork(actor: Actor, input: WatchedForkInput & { organization: string; fork: string }): Promise<string> {
  const organization = checkOrganization(input.organization);
  if (!input.fork?.trim()) throw new ValidationError('fork', 'Give the repository as owner/repo.');
  const columns = clean(input);
  columns.sandboxSubdomainTemplate ??= 'pr{number}.sandbox';
  return withTx(async (client) => {
    await checkTemplate(client, columns.sandboxSubdomainTemplate as string, null);
    columns.organizationId = await ensureOrganization(client, organization);
    const id = await insertWatchedFork(client, columns);
    if (!id) throw new ValidationError('fork', 'This repository is already watched, or its template is taken.');
    await audit(client, actor, 'createWatchedFork', id, auditable({ organization, ...columns }));
    return id;
  });
}

export async function updateWatchedFork(actor: Actor, id: string, patch: WatchedForkInput): Promise<string> {
  const columns = clean(patch);
  return withTx(async (client) => {
    const current = await lockWatchedFork(client, id);
    if (!current) throw new NotFoundError('No such watched fork.');
    if (patch.organization !== undefined && patch.organization !== null)
      columns.organizationId = await ensureOrganization(client, checkOrganization(patch.organization));
    if (typeof columns.sandboxSubdomainTemplate === 'string' && columns.sandboxSubdomainTemplate !== current.sandboxSubdomainTemplate)
      await checkTemplate(client, columns.sandboxSubdomainTemplate, id);
    if (!(await updateWatchedForkColumns(client, id, columns)))
      throw new ValidationError('fork', 'Another watched fork already has this repository or template.');
    await audit(client, actor, 'updateWatchedFork', id, auditable(columns));
    return id;
  });
}

export async function deleteWatchedFork(actor: Actor, id: string): Promise<string> {
  return withTx(async (client) => {
    if (!(await deleteRow(client, id))) throw new NotFoundError('No such watched fork.');
    await audit(client, actor, 'deleteWatchedFork', id, null);
    return id;
  });
}
