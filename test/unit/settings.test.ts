import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deepMerge, mergeSettings, parseSettingsLayer } from '../../server/src/domain/settings.ts';

describe('settings layers', () => {
  it('merges mappings recursively; lists, scalars and null replace', () => {
    const merged = deepMerge(
      { FEATURES: { A: true, B: false }, HOSTS: ['a', 'b'], NAME: 'x', KEEP: 1 },
      { FEATURES: { B: true, C: true }, HOSTS: ['c'], NAME: null },
    );
    expect(merged).toEqual({ FEATURES: { A: true, B: true, C: true }, HOSTS: ['c'], NAME: null, KEEP: 1 });
  });

  it('applies the layers in order, later winning, and reports overridden credentials', () => {
    const { merged, overriddenCredentials } = mergeSettings({
      generated: { EDXAPP_LMS_BASE: 'a.example.com', COMMON_HTPASSWD_PASS: 'generated', EDXAPP_PLATFORM_NAME: 'A' },
      production: [{ EDXAPP_PLATFORM_NAME: 'Production' }],
      fork: { EDXAPP_PLATFORM_NAME: 'Fork' },
      instance: { EDXAPP_PLATFORM_NAME: 'Instance', COMMON_HTPASSWD_PASS: 'mine' },
      pullRequest: { EDXAPP_PLATFORM_NAME: 'PR' },
    });
    expect(merged).toEqual({ EDXAPP_LMS_BASE: 'a.example.com', COMMON_HTPASSWD_PASS: 'mine', EDXAPP_PLATFORM_NAME: 'PR' });
    expect(overriddenCredentials).toEqual(['COMMON_HTPASSWD_PASS']);
  });

  it('accepts empty or mapping YAML and refuses the rest with a reason', () => {
    expect(parseSettingsLayer('', parse, 'extra settings')).toEqual({});
    expect(parseSettingsLayer('# nothing\n', parse, 'extra settings')).toEqual({});
    expect(parseSettingsLayer('A: 1\nB:\n  C: 2\n', parse, 'extra settings')).toEqual({ A: 1, B: { C: 2 } });
    expect(() => parseSettingsLayer('- a\n- b\n', parse, 'extra settings')).toThrow('extra settings must be a mapping at the top level');
    expect(() => parseSettingsLayer('A: [1,\n', parse, 'extra settings')).toThrow(/extra settings are not valid YAML/);
  });
});
