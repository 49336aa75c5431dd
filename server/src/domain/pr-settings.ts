// The `**Settings**` block of a pull request body (SPEC.md §10.4) and the database tags of §10.5.
// Pure: the body in, the settings layer, the instance fields it sets and any error out.
import { LineCounter, parseDocument } from 'yaml';
import { checkRef, checkRepositoryUrl } from './instance-fields.ts';

export type Mapping = Record<string, unknown>;
export type DatabaseMode = 'EPHEMERAL' | 'PERSISTENT';

/** Larger blocks are refused before YAML sees them, so a huge body costs one scan. */
export const MAX_SETTINGS_BLOCK_BYTES = 64 * 1024;
// Real settings use a handful of aliases at most; the yaml library's expansion guard then stops a
// "billion laughs" document while it is being converted, long before it grows.
const MAX_ALIAS_COUNT = 50;

/** The instance fields a block may set through its special keys; unset keys are absent. */
export interface PrFieldOverrides {
  openedxRelease?: string;
  configurationVersion?: string;
  configurationSourceRepoUrl?: string;
  /** An image selector as the instance stores it: JSON `{"name": …}` or `{"id": …}`. */
  image?: string;
}

export interface PrSettings {
  /** The block's text (LF line ends) as written, null when the body has no block. */
  settingsYaml: string | null;
  /** The PR layer of §7.2: the block's mapping, empty without a block or with an error. */
  settings: Mapping;
  /** Why the block cannot be used, naming line and column where YAML gives one; null when fine. */
  settingsError: string | null;
  fields: PrFieldOverrides;
}

const NO_BLOCK: PrSettings = { settingsYaml: null, settings: {}, settingsError: null, fields: {} };

const MARKER = '**Settings**';
const OPENING_FENCE = /^```([a-z]*)[ \t]*$/;
const CLOSING_FENCE = /^```[ \t]*$/;

interface Block {
  content: string;
  closed: boolean;
}

/** The first `**Settings**` line followed (after blank lines) by a fence, and what the fence holds. */
function findBlock(body: string): Block | null {
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== MARKER) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === '') j++;
    // A marker not followed by a fence is prose (a heading, a sentence), not a block: keep looking.
    if (j >= lines.length || !OPENING_FENCE.test(lines[j])) continue;
    const start = j + 1;
    let end = start;
    while (end < lines.length && !CLOSING_FENCE.test(lines[end])) end++;
    return { content: lines.slice(start, end).join('\n'), closed: end < lines.length };
  }
  return null;
}

/** Parses the block of a PR body. A body without one has no settings and no error. */
export function parsePrSettings(body: string | null | undefined): PrSettings {
  const block = findBlock(body ?? '');
  if (!block) return NO_BLOCK;
  const settingsYaml = block.content;
  const refuse = (settingsError: string): PrSettings => ({ settingsYaml, settings: {}, settingsError, fields: {} });

  if (!block.closed) return refuse('The Settings block has no closing ``` line.');
  if (Buffer.byteLength(settingsYaml, 'utf8') > MAX_SETTINGS_BLOCK_BYTES) return refuse('The Settings block is larger than 64 KB.');
  if (!settingsYaml.trim()) return { ...NO_BLOCK, settingsYaml };

  const lineCounter = new LineCounter();
  const doc = parseDocument(settingsYaml, { uniqueKeys: true, lineCounter, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'an unknown position';
    return refuse(`The Settings block is not valid YAML at ${where}: ${firstLine(error.message)}.`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return refuse(`The Settings block could not be read: ${firstLine((e as Error).message)}.`);
  }
  if (value === null || value === undefined) return { ...NO_BLOCK, settingsYaml };
  if (!isMapping(value)) {
    const offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return refuse(`The Settings block must be a YAML mapping (key: value lines), not ${describe(value)}, at line ${pos.line}, column ${pos.col}.`);
  }
  const fields = specialFields(value);
  if (typeof fields === 'string') return refuse(fields);
  return { settingsYaml, settings: value, settingsError: null, fields };
}

function firstLine(message: string): string {
  if (/Maximum call stack size exceeded/.test(message)) return 'it is nested too deeply';
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/\.$/, '');
}

function isMapping(v: unknown): v is Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return 'a scalar';
}

// Each special key, the field it sets and the check its value reaches git and the recipe through.
const STRING_KEYS: [key: string, field: keyof PrFieldOverrides, check: (value: string, field: string) => string][] = [
  ['openedx_release', 'openedxRelease', checkRef],
  ['configuration_version', 'configurationVersion', checkRef],
  ['configuration_source_repo_url', 'configurationSourceRepoUrl', checkRepositoryUrl],
  // The original's name for the configuration repository; the new name wins when both are given.
  ['edx_ansible_source_repo', 'configurationSourceRepoUrl', checkRepositoryUrl],
];

/** The special keys as instance fields, or the message of the first one of the wrong type. */
function specialFields(settings: Mapping): PrFieldOverrides | string {
  const fields: PrFieldOverrides = {};
  for (const [key, field, check] of STRING_KEYS) {
    if (!(key in settings)) continue;
    const value = settings[key];
    // A number is refused rather than turned to text: YAML has already read `1.10` as 1.1.
    if (typeof value !== 'string') return `The Settings key ${key} must be a string (quote it), not ${describe(value)}.`;
    try {
      fields[field] ??= check(value.trim(), key);
    } catch (e) {
      return `The Settings key ${key} is not usable: ${(e as Error).message}`;
    }
  }
  if ('openstack_server_base_image' in settings) {
    const image = imageSelector(settings.openstack_server_base_image);
    if (!image) return 'The Settings key openstack_server_base_image must be a mapping with a non-empty "name" or "id", e.g. {name: "Ubuntu 22.04"}.';
    fields.image = image;
  }
  return fields;
}

function imageSelector(value: unknown): string | null {
  if (!isMapping(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== 'name' && keys[0] !== 'id')) return null;
  const chosen = value[keys[0]];
  if (typeof chosen !== 'string' || !chosen.trim()) return null;
  return JSON.stringify({ [keys[0]]: chosen.trim() });
}

const TAGS: [pattern: RegExp, mode: DatabaseMode][] = [
  [/\(ephemeral databases?\)/i, 'EPHEMERAL'],
  [/\(persistent databases?\)/i, 'PERSISTENT'],
];

/**
 * The database mode a PR body asks for (§10.5): a tag on a line naming the sandbox's LMS domain,
 * the first one in the body winning. Null when no such line carries a tag.
 */
export function databaseModeTag(body: string | null | undefined, lmsDomain: string): DatabaseMode | null {
  if (!body || !lmsDomain) return null;
  // The domain must stand alone: `extpr9.sandbox…` or `studio-pr9.sandbox…` do not name `pr9.sandbox…`.
  const domain = new RegExp(`(?<![a-z0-9.-])${escapeRegExp(lmsDomain)}(?![a-z0-9-]|\\.[a-z0-9])`, 'i');
  for (const line of body.split(/\r?\n/)) {
    if (!domain.test(line)) continue;
    let first: { at: number; mode: DatabaseMode } | null = null;
    for (const [pattern, mode] of TAGS) {
      const at = line.search(pattern);
      if (at >= 0 && (!first || at < first.at)) first = { at, mode };
    }
    if (first) return first.mode;
  }
  return null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
