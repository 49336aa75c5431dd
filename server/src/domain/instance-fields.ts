// Rules for the configurable fields of an instance (SPEC.md §3) and their defaults by profile.
// Pure: each check returns the clean value or throws a ValidationError naming the input field.
import { parseDocument } from 'yaml';
import { ValidationError } from '../errors.ts';

export type Profile = 'SANDBOX' | 'PRODUCTION';

// Postgres refuses NUL, and a lone surrogate would be stored as U+FFFD: neither is text an operator meant.
function isCleanText(text: string, allowNewlines = false): boolean {
  const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  return !loneSurrogate.test(text) && !(allowNewlines ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/).test(text);
}

export function checkName(name: string): string {
  if (!isCleanText(name)) throw new ValidationError('name', 'The name cannot contain control characters.');
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new ValidationError('name', 'Give the instance a name.');
  if (trimmed.length > 250) throw new ValidationError('name', 'The name must be at most 250 characters.');
  return trimmed;
}

export function checkAppServerCount(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new ValidationError('appServerCount', 'Use 1 to 5 app servers per deployment.');
  return n;
}

// Dot-atom local part (RFC 5322 without quoting) and a host name: no angle brackets, spaces or controls.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

export function checkEmail(email: string, field = 'email'): string {
  const value = email;
  if (value.length === 0 || value.length > 254 || !EMAIL.test(value)) throw new ValidationError(field, 'Enter a valid email address.');
  const domain = value.split('@')[1];
  if (!domain.includes('.') && domain !== 'localhost') throw new ValidationError(field, 'Enter a valid email address.');
  return value;
}

export function checkEmailList(emails: string[], field: string): string[] {
  if (emails.length > 20) throw new ValidationError(field, 'Give at most 20 addresses.');
  const out: string[] = [];
  for (const value of emails) {
    let clean: string;
    try {
      clean = checkEmail(value, field);
    } catch {
      throw new ValidationError(field, `"${value.slice(0, 80)}" is not a valid email address.`);
    }
    if (!out.includes(clean)) out.push(clean);
  }
  return out;
}

/**
 * A git ref or release name (`open-release/redwood.master`, a tag, a SHA): it reaches git and the
 * recipe's command line, so only the characters refs use, and none of git's forbidden sequences.
 */
export function checkRef(ref: string, field: string): string {
  const value = ref;
  if (value.length === 0) throw new ValidationError(field, 'Give a branch, tag or commit.');
  if (value.length > 200) throw new ValidationError(field, 'At most 200 characters.');
  if (!/^[A-Za-z0-9._/+-]+$/.test(value)) throw new ValidationError(field, 'Use letters, digits and . _ / + - only.');
  if (/^[-/.]|\/$|\.$|\.\.|\/\/|\/\.|\.lock$/.test(value)) throw new ValidationError(field, 'This is not a valid git ref.');
  return value;
}

/** An https, http, ssh or git URL of a repository, or scp-like `git@host:owner/repo.git`. */
export function checkRepositoryUrl(url: string, field: string): string {
  const value = url;
  const bad = () => new ValidationError(field, 'Give a repository URL such as https://github.com/owner/repo.git.');
  if (value.length === 0) throw bad();
  if (value.length > 500) throw new ValidationError(field, 'At most 500 characters.');
  if (!/^[A-Za-z0-9._~:/@+-]+$/.test(value)) throw bad();
  // URL parsing would resolve `..` away; a repository path never needs it.
  if (/(^|[/:])\.\.([/]|$)/.test(value)) throw bad();
  if (/^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._~/+-]+$/.test(value)) return value;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw bad();
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol) || !parsed.hostname || parsed.pathname.length < 2) throw bad();
  return value;
}

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** An external domain (the customer's own DNS name); blank clears it. Lower-cased: host names are case-insensitive. */
export function checkDomain(domain: string, field: string): string | null {
  if (!domain.trim()) return null;
  const value = domain.toLowerCase().replace(/\.$/, '');
  const labels = value.split('.');
  if (value.length > 253 || labels.length < 2 || labels.some((l) => l.length > 63 || !LABEL.test(l))) {
    throw new ValidationError(field, 'Give a domain name such as courses.example.com.');
  }
  return value;
}

export function checkSecurityGroups(groups: string[]): string[] {
  const field = 'additionalSecurityGroups';
  if (groups.length > 20) throw new ValidationError(field, 'Give at most 20 security groups.');
  const out: string[] = [];
  for (const value of groups) {
    if (value.length > 255 || !/^[A-Za-z0-9_.:-]+$/.test(value)) {
      throw new ValidationError(field, `"${value.slice(0, 80)}" is not a security group name (letters, digits and _ . : -).`);
    }
    if (!out.includes(value)) out.push(value);
  }
  return out;
}

const MAX_EXTRA_SETTINGS = 256 * 1024;

/** YAML extra settings: empty or a mapping; a parse error names its line and column. */
export function checkExtraSettings(text: string): string {
  const field = 'configurationExtraSettings';
  if (text.length > MAX_EXTRA_SETTINGS) throw new ValidationError(field, 'The extra settings must be at most 256 KB.');
  if (!isCleanText(text, true)) throw new ValidationError(field, 'The extra settings cannot contain control characters.');
  if (!text.trim()) return '';
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'an unknown position';
    throw new ValidationError(field, `The YAML is not valid at ${where}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}.`);
  }
  const value = doc.toJS();
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw new ValidationError(field, 'The extra settings must be a YAML mapping (key: value lines).');
  }
  return text;
}

/** What the defaults depend on, taken from the settings (config.ts). */
export interface DefaultSettings {
  defaultInstanceBaseDomain: string;
  defaultRecipe: string;
  defaultOpenedxRelease: string;
  defaultConfigurationRepoUrl: string;
  defaultConfigurationVersion: string;
  defaultFork: string;
  openedxReleaseStableRef: string;
  stableEdxPlatformRepoUrl?: string;
  stableEdxPlatformCommit?: string;
  stableConfigurationRepoUrl?: string;
  stableConfigurationVersion?: string;
  instanceEphemeralDatabases: boolean;
  sandboxFlavor: string;
  sandboxBaseImage: string;
}

export interface InstanceDefaults {
  profile: Profile;
  baseDomain: string;
  recipe: string;
  email: string;
  openedxRelease: string;
  configurationSourceRepoUrl: string;
  configurationVersion: string;
  edxPlatformRepositoryUrl: string;
  edxPlatformCommit: string;
  databaseMode: 'EPHEMERAL' | 'PERSISTENT';
  appServerCount: number;
  flavor: string;
  image: string;
}

/**
 * The defaults of a new instance. PRODUCTION takes the STABLE_* settings and PERSISTENT
 * databases; versions left to the release follow `release` when the operator chose one.
 */
export function instanceDefaults(cfg: DefaultSettings, profile: Profile, release?: string): InstanceDefaults {
  const forkUrl = `https://github.com/${cfg.defaultFork}.git`;
  const common = {
    profile,
    baseDomain: cfg.defaultInstanceBaseDomain,
    recipe: cfg.defaultRecipe,
    email: `contact@${cfg.defaultInstanceBaseDomain}`,
    appServerCount: 1,
    flavor: cfg.sandboxFlavor,
    image: cfg.sandboxBaseImage,
  };
  if (profile === 'PRODUCTION') {
    const chosen = release ?? cfg.openedxReleaseStableRef;
    return {
      ...common,
      openedxRelease: chosen,
      configurationSourceRepoUrl: cfg.stableConfigurationRepoUrl ?? cfg.defaultConfigurationRepoUrl,
      configurationVersion: cfg.stableConfigurationVersion ?? chosen,
      edxPlatformRepositoryUrl: cfg.stableEdxPlatformRepoUrl ?? forkUrl,
      edxPlatformCommit: cfg.stableEdxPlatformCommit ?? chosen,
      databaseMode: 'PERSISTENT',
    };
  }
  const chosen = release ?? cfg.defaultOpenedxRelease;
  return {
    ...common,
    openedxRelease: chosen,
    configurationSourceRepoUrl: cfg.defaultConfigurationRepoUrl,
    // DEFAULT_CONFIGURATION_VERSION defaults to the release setting: then it follows the chosen release.
    configurationVersion: cfg.defaultConfigurationVersion === cfg.defaultOpenedxRelease ? chosen : cfg.defaultConfigurationVersion,
    edxPlatformRepositoryUrl: forkUrl,
    edxPlatformCommit: chosen,
    databaseMode: cfg.instanceEphemeralDatabases ? 'EPHEMERAL' : 'PERSISTENT',
  };
}

/** Snapshot fields whose value on the instance differs from `snapshot` (SPEC §16 drift). */
export function driftedFields(instance: Record<string, unknown>, snapshot: Record<string, unknown>, fields: readonly string[]): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return fields.filter((f) => !same(instance[f], snapshot[f]));
}
