// Settings layers of SPEC.md §7.2, merged in order (later wins): generated defaults, production
// vars (PRODUCTION only), watched-fork settings, the instance's extra settings, the PR's block.
// Mappings merge recursively; lists, scalars and null replace.

export type Mapping = Record<string, unknown>;

export interface SettingsLayers {
  generated: Mapping;
  production?: Mapping[];
  fork?: Mapping;
  instance?: Mapping;
  pullRequest?: Mapping;
}

function isMapping(v: unknown): v is Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepMerge(base: Mapping, over: Mapping): Mapping {
  const out: Mapping = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isMapping(prev) && isMapping(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

/** Generated keys that hold credentials: overriding one is allowed, and worth a warning. */
export function isCredentialKey(key: string): boolean {
  return /(PASSWORD|PASS|SECRET|_KEY|TOKEN)$/i.test(key);
}

export function mergeSettings(layers: SettingsLayers): { merged: Mapping; overriddenCredentials: string[] } {
  const above = [...(layers.production ?? []), layers.fork, layers.instance, layers.pullRequest].filter(isMapping);
  let merged = layers.generated;
  const overridden = new Set<string>();
  for (const layer of above) {
    for (const key of Object.keys(layer)) if (key in layers.generated && isCredentialKey(key)) overridden.add(key);
    merged = deepMerge(merged, layer);
  }
  return { merged, overriddenCredentials: [...overridden].sort() };
}

/** Parses a YAML settings layer: empty or a mapping; anything else is refused with a reason. */
export function parseSettingsLayer(text: string, parse: (t: string) => unknown, what: string): Mapping {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw new Error(`${what} are not valid YAML: ${(e as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) throw new Error(`${what} must be a mapping at the top level`);
  return value;
}
