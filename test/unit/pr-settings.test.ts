import { describe, expect, it } from 'vitest';
import { databaseModeTag, MAX_SETTINGS_BLOCK_BYTES, parsePrSettings } from '../../server/src/domain/pr-settings.ts';

// PR bodies shaped like the ones authors write on edx-platform: templates, checklists, sandbox
// notes, several code blocks, and the Settings block somewhere in between.
const TEMPLATE_BODY = `## Description

This PR lets course authors hide the discussion tab.

**JIRA:** [OSPR-1234](https://openedx.atlassian.net/browse/OSPR-1234)

## Testing instructions

1. Go to a course
2. Check that the tab is hidden

\`\`\`python
FEATURES['ALLOW_HIDING_DISCUSSION_TAB'] = True
\`\`\`

**Settings**
\`\`\`yaml
EDXAPP_FEATURES:
  ALLOW_HIDING_DISCUSSION_TAB: true
EDXAPP_PLATFORM_NAME: Hidden tabs
\`\`\`

## Reviewers
- [ ] @someone
`;

const block = (content: string, fence = '```yaml') => `Some text\n\n**Settings**\n${fence}\n${content}\n\`\`\`\n\nMore text\n`;

describe('the Settings block of a PR body', () => {
  const table: { what: string; body: string | null; settings: object; yaml: string | null }[] = [
    { what: 'a body without the block has no settings', body: '## Description\n\nFixes a typo.\n', settings: {}, yaml: null },
    { what: 'an empty body has no settings', body: '', settings: {}, yaml: null },
    { what: 'a missing body (GitHub sends null) has no settings', body: null, settings: {}, yaml: null },
    {
      what: 'a template body with a python block before the Settings block',
      body: TEMPLATE_BODY,
      settings: { EDXAPP_FEATURES: { ALLOW_HIDING_DISCUSSION_TAB: true }, EDXAPP_PLATFORM_NAME: 'Hidden tabs' },
      yaml: 'EDXAPP_FEATURES:\n  ALLOW_HIDING_DISCUSSION_TAB: true\nEDXAPP_PLATFORM_NAME: Hidden tabs',
    },
    {
      what: 'CRLF line ends (bodies edited in the browser)',
      body: TEMPLATE_BODY.replace(/\n/g, '\r\n'),
      settings: { EDXAPP_FEATURES: { ALLOW_HIDING_DISCUSSION_TAB: true }, EDXAPP_PLATFORM_NAME: 'Hidden tabs' },
      yaml: 'EDXAPP_FEATURES:\n  ALLOW_HIDING_DISCUSSION_TAB: true\nEDXAPP_PLATFORM_NAME: Hidden tabs',
    },
    {
      what: 'blank lines inside the block are kept (the original stopped at the first one)',
      body: block('A: 1\n\n\nB:\n\n  C: 2\n'),
      settings: { A: 1, B: { C: 2 } },
      yaml: 'A: 1\n\n\nB:\n\n  C: 2\n',
    },
    {
      what: 'blank lines between the marker and the fence',
      body: '**Settings**\n\n\n```yaml\nA: 1\n```\n',
      settings: { A: 1 },
      yaml: 'A: 1',
    },
    {
      what: 'only the first of several blocks counts',
      body: `${block('FIRST: 1')}\n**Settings**\n\`\`\`yaml\nSECOND: 2\n\`\`\`\n`,
      settings: { FIRST: 1 },
      yaml: 'FIRST: 1',
    },
    { what: 'a fence tagged yml', body: block('A: yml', '```yml'), settings: { A: 'yml' }, yaml: 'A: yml' },
    { what: 'a fence without a language tag', body: block('A: none', '```'), settings: { A: 'none' }, yaml: 'A: none' },
    { what: 'spaces around the marker', body: '   **Settings**   \t\n```yaml\nA: 1\n```', settings: { A: 1 }, yaml: 'A: 1' },
    {
      what: 'a marker that prose follows is not a block; the next real one is',
      body: '**Settings**\nsee below\n\n**Settings**\n```yaml\nA: 2\n```\n',
      settings: { A: 2 },
      yaml: 'A: 2',
    },
    { what: 'a marker inside a line is not a marker', body: 'Look at **Settings** here\n```yaml\nA: 1\n```\n', settings: {}, yaml: null },
    { what: 'an upper-case language tag is not the fence of the format', body: block('A: 1', '```YAML'), settings: {}, yaml: null },
    { what: 'an empty block has no settings and no error', body: block(''), settings: {}, yaml: '' },
    { what: 'a block of comments only has no settings', body: block('# nothing yet'), settings: {}, yaml: '# nothing yet' },
  ];

  for (const row of table) {
    it(row.what, () => {
      const parsed = parsePrSettings(row.body);
      expect(parsed.settingsError).toBeNull();
      expect(parsed.settings).toEqual(row.settings);
      expect(parsed.settingsYaml).toBe(row.yaml);
    });
  }

  it('reports YAML that does not parse with the line and column inside the block', () => {
    const parsed = parsePrSettings(block('A: 1\nB: [1, 2\nC: 3'));
    expect(parsed.settings).toEqual({});
    expect(parsed.settingsError).toMatch(/^The Settings block is not valid YAML at line \d+, column \d+: /);
    const duplicate = parsePrSettings(block('A: 1\nB: 2\nA: 3'));
    expect(duplicate.settingsError).toBe('The Settings block is not valid YAML at line 3, column 1: Map keys must be unique.');
    const tab = parsePrSettings(block('A:\n\t- x'));
    expect(tab.settingsError).toMatch(/line 2, column 1/);
  });

  it('refuses a list or a scalar at the top level, saying where', () => {
    expect(parsePrSettings(block('\n- a\n- b')).settingsError).toBe(
      'The Settings block must be a YAML mapping (key: value lines), not a list, at line 2, column 1.',
    );
    expect(parsePrSettings(block('just a sentence')).settingsError).toBe(
      'The Settings block must be a YAML mapping (key: value lines), not a string, at line 1, column 1.',
    );
    expect(parsePrSettings(block('42')).settingsError).toMatch(/not a number, at line 1, column 1\.$/);
  });

  it('refuses a YAML alias bomb quickly', () => {
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++)
      lines.push(
        `${names[i]}: &${names[i]} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(', ')}]`,
      );
    const started = performance.now();
    const parsed = parsePrSettings(block(lines.join('\n')));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.settings).toEqual({});
    expect(parsed.settingsError).toMatch(/resource exhaustion/);
  });

  it('still allows a few aliases, as real settings use them', () => {
    const parsed = parsePrSettings(block('base: &base {HOST: db}\nLMS: *base\nCMS: *base'));
    expect(parsed.settingsError).toBeNull();
    expect(parsed.settings).toEqual({ base: { HOST: 'db' }, LMS: { HOST: 'db' }, CMS: { HOST: 'db' } });
  });

  it('refuses a 200 KB block without parsing it', () => {
    const big = Array.from({ length: 8000 }, (_, i) => `KEY_${i}: "${'x'.repeat(16)}"`).join('\n');
    expect(Buffer.byteLength(big)).toBeGreaterThan(200_000);
    const started = performance.now();
    const parsed = parsePrSettings(block(big));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.settingsError).toBe('The Settings block is larger than 64 KB.');
    expect(parsed.settings).toEqual({});
  });

  it('accepts a block of exactly 64 KB and refuses one byte more', () => {
    const filler = (n: number) => `A: "${'x'.repeat(n - 5)}"`;
    expect(parsePrSettings(block(filler(MAX_SETTINGS_BLOCK_BYTES))).settingsError).toBeNull();
    expect(parsePrSettings(block(filler(MAX_SETTINGS_BLOCK_BYTES + 1))).settingsError).toBe('The Settings block is larger than 64 KB.');
  });

  it('reports a block whose fence is never closed', () => {
    const parsed = parsePrSettings('**Settings**\n```yaml\nA: 1\n');
    expect(parsed.settingsError).toBe('The Settings block has no closing ``` line.');
  });

  it('reports nesting too deep to read instead of crashing', () => {
    const parsed = parsePrSettings(block(`a: ${'['.repeat(20_000)}`));
    expect(parsed.settingsError).toMatch(/^The Settings block is not valid YAML at line 1/);
  });
});

describe('special keys of the Settings block', () => {
  it('set the release, configuration repository and version, and the image', () => {
    const parsed = parsePrSettings(
      block(
        [
          'openedx_release: open-release/redwood.master',
          'configuration_source_repo_url: https://github.com/open-craft/configuration.git',
          'configuration_version: "1.10"',
          'openstack_server_base_image: {name: "Ubuntu 22.04"}',
          'EDXAPP_PLATFORM_NAME: PR',
        ].join('\n'),
      ),
    );
    expect(parsed.settingsError).toBeNull();
    expect(parsed.fields).toEqual({
      openedxRelease: 'open-release/redwood.master',
      configurationSourceRepoUrl: 'https://github.com/open-craft/configuration.git',
      configurationVersion: '1.10',
      image: '{"name":"Ubuntu 22.04"}',
    });
    // They stay in the settings layer too: the original passed them to the playbook as well.
    expect(parsed.settings.EDXAPP_PLATFORM_NAME).toBe('PR');
    expect(parsed.settings.openedx_release).toBe('open-release/redwood.master');
  });

  it('accept the original name edx_ansible_source_repo, the new name winning over it', () => {
    expect(parsePrSettings(block('edx_ansible_source_repo: https://github.com/a/configuration.git')).fields).toEqual({
      configurationSourceRepoUrl: 'https://github.com/a/configuration.git',
    });
    const both = parsePrSettings(block('edx_ansible_source_repo: https://github.com/a/c.git\nconfiguration_source_repo_url: https://github.com/b/c.git'));
    expect(both.fields.configurationSourceRepoUrl).toBe('https://github.com/b/c.git');
  });

  it('accept an image by id', () => {
    expect(parsePrSettings(block('openstack_server_base_image:\n  id: 5a1f')).fields).toEqual({ image: '{"id":"5a1f"}' });
  });

  const wrong: [string, RegExp][] = [
    ['openedx_release: 2024', /openedx_release must be a string \(quote it\), not a number/],
    ['configuration_version: 1.10', /configuration_version must be a string/],
    ['openedx_release: [a, b]', /openedx_release must be a string \(quote it\), not a list/],
    ['openedx_release:', /openedx_release must be a string \(quote it\), not empty/],
    ['configuration_version: "bad ref with spaces"', /configuration_version is not usable/],
    ['configuration_source_repo_url: "file:///etc/passwd"', /configuration_source_repo_url is not usable/],
    ['openstack_server_base_image: "Ubuntu 22.04"', /openstack_server_base_image must be a mapping/],
    ['openstack_server_base_image: {name: a, id: b}', /openstack_server_base_image must be a mapping/],
    ['openstack_server_base_image: {flavor: a}', /openstack_server_base_image must be a mapping/],
  ];
  for (const [yaml, message] of wrong) {
    it(`refuse a wrong type: ${yaml}`, () => {
      const parsed = parsePrSettings(block(yaml));
      expect(parsed.settingsError).toMatch(message);
      expect(parsed.settings).toEqual({});
      expect(parsed.fields).toEqual({});
    });
  }
});

describe('database tags on the sandbox domain line', () => {
  const domain = 'pr99.sandbox.example.com';

  it('read (ephemeral databases) and (persistent database), in any case', () => {
    expect(databaseModeTag(`Test it: ${domain} (ephemeral databases)`, domain)).toBe('EPHEMERAL');
    expect(databaseModeTag(`Sandbox: https://${domain}/ (Persistent Database)`, domain)).toBe('PERSISTENT');
    expect(databaseModeTag(`Sandbox: ${domain.toUpperCase()} (PERSISTENT DATABASES)`, domain)).toBe('PERSISTENT');
  });

  it('take the first tag of the body', () => {
    const body = `Intro (persistent databases) elsewhere\n${domain} (ephemeral database) and (persistent databases)\n${domain} (persistent databases)`;
    expect(databaseModeTag(body, domain)).toBe('EPHEMERAL');
    expect(databaseModeTag(`${domain}\r\nLMS: ${domain} (persistent databases)\r\n`, domain)).toBe('PERSISTENT');
  });

  it('ignore tags on lines without the domain, and lines naming another sandbox', () => {
    expect(databaseModeTag('(persistent databases)', domain)).toBeNull();
    expect(databaseModeTag(`ext${domain} (persistent databases)`, domain)).toBeNull();
    expect(databaseModeTag(`studio-${domain} (persistent databases)`, domain)).toBeNull();
    expect(databaseModeTag(`pr9.sandbox.example.com (persistent databases)`, 'pr9.sandbox.example.com.evil.org')).toBeNull();
    expect(databaseModeTag(`${domain}.evil.org (persistent databases)`, domain)).toBeNull();
    expect(databaseModeTag(`${domain} (persistent)`, domain)).toBeNull();
    expect(databaseModeTag(null, domain)).toBeNull();
  });

  it('accept the domain at the end of a sentence', () => {
    expect(databaseModeTag(`See ${domain}. (persistent databases)`, domain)).toBe('PERSISTENT');
  });
});
