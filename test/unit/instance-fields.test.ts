import { describe, expect, it } from 'vitest';
import {
  checkDomain,
  checkEmail,
  checkEmailList,
  checkExtraSettings,
  checkRef,
  checkRepositoryUrl,
  driftedFields,
  instanceDefaults,
} from '../../server/src/domain/instance-fields.ts';
import { databaseNameFor } from '../../server/src/domain/subdomain.ts';

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as { field: string; message: string };
  }
  throw new Error('accepted');
};

describe('instance field rules', () => {
  it('accepts git refs, release names and SHAs, and refuses what could escape a command line or a path', () => {
    for (const ok of ['master', 'open-release/redwood.3', 'v1.2.3', '0123456789abcdef0123456789abcdef01234567', 'release+build_1'])
      expect(checkRef(ok, 'openedxRelease')).toBe(ok);
    for (const bad of ['', ' master', 'master\n', '../../../etc/passwd', '$(id)', '`id`', 'a;b', '-x', 'a..b', 'a//b', 'a/', 'x.lock', 'r'.repeat(201)]) {
      expect(refused(() => checkRef(bad, 'openedxRelease')).field).toBe('openedxRelease');
    }
  });

  it('accepts https, ssh and scp-like repository URLs only', () => {
    for (const ok of ['https://github.com/openedx/configuration.git', 'ssh://git@example.org/a/b.git', 'git@github.com:openedx/edx-platform.git']) {
      expect(checkRepositoryUrl(ok, 'configurationSourceRepoUrl')).toBe(ok);
    }
    for (const bad of [
      '',
      'file:///etc/passwd',
      'https://github.com/',
      'https://x.org/a b',
      'https://x.org/a/../../b',
      'ext::sh -c id',
      'https://x.org/%2e%2e/b',
      `https://x.org/${'a'.repeat(500)}`,
    ]) {
      expect(refused(() => checkRepositoryUrl(bad, 'configurationSourceRepoUrl')).field).toBe('configurationSourceRepoUrl');
    }
  });

  it('accepts plain addresses and refuses empty, huge, bracketed or multi-line ones', () => {
    expect(checkEmail('ops+alerts@example.org')).toBe('ops+alerts@example.org');
    expect(checkEmail('admin@localhost')).toBe('admin@localhost');
    for (const bad of ['', '<x>@y.z', 'a@b', `${'x'.repeat(250)}@example.org`, 'a@example.org\nBcc: b@example.org', 'a b@example.org']) {
      expect(refused(() => checkEmail(bad)).message).toBe('Enter a valid email address.');
    }
    expect(checkEmailList(['a@example.org', 'a@example.org'], 'monitoringEmails')).toEqual(['a@example.org']);
    expect(refused(() => checkEmailList(['a@example.org', 'nope'], 'monitoringEmails'))).toMatchObject({
      field: 'monitoringEmails',
      message: '"nope" is not a valid email address.',
    });
  });

  it('lower-cases external domains, clears blank ones and refuses URLs', () => {
    expect(checkDomain('Courses.Example.ORG', 'externalLmsDomain')).toBe('courses.example.org');
    expect(checkDomain('  ', 'externalLmsDomain')).toBeNull();
    for (const bad of ['localhost', 'https://a.example.org', 'a_b.example.org', '-a.example.org'])
      expect(refused(() => checkDomain(bad, 'externalLmsDomain')).field).toBe('externalLmsDomain');
  });

  it('names the line and column of a YAML error and wants a mapping', () => {
    expect(checkExtraSettings('')).toBe('');
    expect(checkExtraSettings('A: 1\nB:\n  C: [1, 2]\n')).toBe('A: 1\nB:\n  C: [1, 2]\n');
    expect(refused(() => checkExtraSettings('A: 1\nB: c: d\n')).message).toBe(
      'The YAML is not valid at line 2, column 4: Nested mappings are not allowed in compact mappings.',
    );
    expect(refused(() => checkExtraSettings('- 1\n')).message).toBe('The extra settings must be a YAML mapping (key: value lines).');
    expect(refused(() => checkExtraSettings('just text')).field).toBe('configurationExtraSettings');
  });
});

describe('defaults by profile', () => {
  const settings = {
    defaultInstanceBaseDomain: 'example.org',
    defaultRecipe: 'ansible',
    defaultOpenedxRelease: 'rel',
    defaultConfigurationRepoUrl: 'https://g/c.git',
    defaultConfigurationVersion: 'rel',
    defaultFork: 'openedx/edx-platform',
    openedxReleaseStableRef: 'stable',
    instanceEphemeralDatabases: true,
    sandboxFlavor: '{}',
    sandboxBaseImage: '{}',
  };

  it('follows the chosen release for sandboxes and the stable settings for production', () => {
    expect(instanceDefaults(settings, 'SANDBOX', 'chosen')).toMatchObject({
      openedxRelease: 'chosen',
      configurationVersion: 'chosen',
      edxPlatformCommit: 'chosen',
      databaseMode: 'EPHEMERAL',
      email: 'contact@example.org',
    });
    expect(instanceDefaults({ ...settings, defaultConfigurationVersion: 'pinned' }, 'SANDBOX')).toMatchObject({
      openedxRelease: 'rel',
      configurationVersion: 'pinned',
    });
    expect(instanceDefaults(settings, 'PRODUCTION')).toMatchObject({
      openedxRelease: 'stable',
      configurationVersion: 'stable',
      edxPlatformCommit: 'stable',
      databaseMode: 'PERSISTENT',
      edxPlatformRepositoryUrl: 'https://github.com/openedx/edx-platform.git',
    });
    expect(instanceDefaults({ ...settings, stableEdxPlatformCommit: 'abc', stableConfigurationRepoUrl: 'https://g/s.git' }, 'PRODUCTION')).toMatchObject({
      edxPlatformCommit: 'abc',
      configurationSourceRepoUrl: 'https://g/s.git',
    });
  });
});

describe('drift and database names', () => {
  it('lists the snapshot fields that changed, lists included', () => {
    expect(driftedFields({ name: 'a', groups: ['x'], email: 'e' }, { name: 'b', groups: ['x'], email: 'e' }, ['name', 'groups', 'email'])).toEqual(['name']);
    expect(driftedFields({ groups: ['x', 'y'] }, { groups: ['x'] }, ['groups'])).toEqual(['groups']);
  });

  it('numbers database names of domains that normalise alike', () => {
    const taken = new Set(['abcd_localhost']);
    expect(databaseNameFor('ab-cd.localhost', (n) => taken.has(n))).toBe('abcd_localhost_2');
    taken.add('abcd_localhost_2');
    expect(databaseNameFor('a-bcd.localhost', (n) => taken.has(n))).toBe('abcd_localhost_3');
  });
});
