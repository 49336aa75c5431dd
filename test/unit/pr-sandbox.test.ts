import { describe, expect, it } from 'vitest';
import {
  checkRunState,
  commitStatusState,
  deploysAutomatically,
  prInstanceFields,
  prInstanceName,
  prLmsDomain,
  qualifies,
  SANDBOX_COMMENT_MARKER,
  sandboxComment,
  sandboxExpiry,
  sandboxReport,
  sandboxTemplateProblem,
  settingsDiff,
  templatesOverlap,
  type PullRequestFacts,
  type SandboxCommentFacts,
  type SandboxSettings,
  type WatchedForkDefaults,
} from '../../server/src/domain/pr-sandbox.ts';
import { databaseModeTag, parsePrSettings } from '../../server/src/domain/pr-settings.ts';

const fork = { fork: 'openedx/edx-platform', enabled: true };

describe('which pull requests qualify for a sandbox', () => {
  it('a member of the fork organization (by user or by GitHub organization) qualifies', () => {
    const base = { baseRepo: 'openedx/edx-platform', authorLogin: 'alice', watchedFork: fork };
    expect(qualifies({ ...base, authorIsOrganizationUser: true, authorIsGithubOrganizationMember: null })).toEqual({ qualifies: true });
    expect(qualifies({ ...base, authorIsOrganizationUser: false, authorIsGithubOrganizationMember: true })).toEqual({ qualifies: true });
  });

  it('repository names compare without case, as GitHub does', () => {
    expect(
      qualifies({
        baseRepo: 'OpenEdx/Edx-Platform',
        authorLogin: 'a',
        watchedFork: fork,
        authorIsOrganizationUser: true,
        authorIsGithubOrganizationMember: null,
      }).qualifies,
    ).toBe(true);
  });

  it('an outsider gets nothing, with the reason recorded', () => {
    const outcome = qualifies({
      baseRepo: 'openedx/edx-platform',
      authorLogin: 'mallory',
      watchedFork: fork,
      authorIsOrganizationUser: false,
      authorIsGithubOrganizationMember: false,
    });
    expect(outcome).toEqual({ qualifies: false, reason: "mallory is not a member of the fork's organization" });
    expect(
      qualifies({
        baseRepo: 'openedx/edx-platform',
        authorLogin: 'mallory',
        watchedFork: fork,
        authorIsOrganizationUser: false,
        authorIsGithubOrganizationMember: null,
      }).qualifies,
    ).toBe(false);
  });

  it('a PR to a repository no enabled watched fork covers gets nothing, even from a member', () => {
    const member = { authorLogin: 'alice', authorIsOrganizationUser: true, authorIsGithubOrganizationMember: true };
    expect(qualifies({ ...member, baseRepo: 'alice/edx-platform', watchedFork: null })).toEqual({
      qualifies: false,
      reason: 'alice/edx-platform is not a watched fork',
    });
    expect(qualifies({ ...member, baseRepo: 'alice/edx-platform', watchedFork: fork }).qualifies).toBe(false);
    expect(qualifies({ ...member, baseRepo: 'openedx/edx-platform', watchedFork: { ...fork, enabled: false } })).toEqual({
      qualifies: false,
      reason: 'watching openedx/edx-platform is disabled',
    });
  });

  it('deploys on its own only open, ready, qualifying PRs', () => {
    const yes = { qualifies: true as const };
    expect(deploysAutomatically({ state: 'OPEN', draft: false }, yes)).toBe(true);
    expect(deploysAutomatically({ state: 'OPEN', draft: true }, yes)).toBe(false);
    expect(deploysAutomatically({ state: 'CLOSED', draft: false }, yes)).toBe(false);
    expect(deploysAutomatically({ state: 'MERGED', draft: false }, yes)).toBe(false);
    expect(deploysAutomatically({ state: 'OPEN', draft: false }, { qualifies: false, reason: 'x' })).toBe(false);
  });
});

describe('sandbox subdomain templates', () => {
  it('give pr<N>.sandbox by default and extpr<N>.sandbox to external PRs', () => {
    expect(prLmsDomain(7, { sandboxSubdomainTemplate: 'pr{number}.sandbox' }, 'example.com')).toBe('pr7.sandbox.example.com');
    expect(prLmsDomain(7, null, 'example.com')).toBe('extpr7.sandbox.example.com');
  });

  it('refuse templates whose domains could collide with another fork', () => {
    expect(sandboxTemplateProblem('pr{number}.sandbox', [])).toBeNull();
    expect(sandboxTemplateProblem('pr{number}.sandbox', ['pr{number}.sandbox'])).toBe('Another watched fork uses this template.');
    // pr1{number} for PR 23 is pr123, which pr{number} gives PR 123.
    expect(sandboxTemplateProblem('pr1{number}.sandbox', ['pr{number}.sandbox'])).toMatch(/could take the domains of pr\{number\}\.sandbox/);
    expect(sandboxTemplateProblem('{number}.sandbox', ['1{number}.sandbox'])).toMatch(/could take/);
    expect(sandboxTemplateProblem('pr{number}.x.sandbox', ['pr{number}.sandbox'])).toBeNull();
    expect(sandboxTemplateProblem('pr{number}.sandbox', ['tutor-pr{number}.sandbox'])).toBeNull();
    expect(sandboxTemplateProblem('prx{number}.sandbox', ['pr{number}.sandbox'])).toBeNull();
    expect(sandboxTemplateProblem('pr{number}-1.sandbox', ['pr{number}.sandbox'])).toBeNull();
    // External PRs own extpr<N>.sandbox.
    expect(sandboxTemplateProblem('extpr{number}.sandbox', [])).toMatch(/could take the domains of extpr/);
    expect(sandboxTemplateProblem('ext{number}.sandbox', [])).toBeNull();
  });

  it('find overlaps both ways, and none between disjoint shapes', () => {
    expect(templatesOverlap('a{number}b.s', 'a1{number}b.s')).toBe(true);
    expect(templatesOverlap('a1{number}b.s', 'a{number}b.s')).toBe(true);
    expect(templatesOverlap('a{number}0.s', 'a{number}.s')).toBe(true);
    expect(templatesOverlap('a{number}x.s', 'a{number}.s')).toBe(false);
    expect(templatesOverlap('a{number}1.s', 'a{number}.s')).toBe(true);
    expect(templatesOverlap('a{number}.s', 'b{number}.s')).toBe(false);
  });

  it('refuse malformed templates', () => {
    expect(sandboxTemplateProblem('pr.sandbox', [])).toMatch(/\{number\} exactly once/);
    expect(sandboxTemplateProblem('pr{number}-{number}.sandbox', [])).toMatch(/\{number\} exactly once/);
    expect(sandboxTemplateProblem('pr{number}', [])).toMatch(/at least two labels/);
    expect(sandboxTemplateProblem('PR{number}.sandbox', [])).toMatch(/lowercase/);
    expect(sandboxTemplateProblem('pr{number}..sandbox', [])).toMatch(/lowercase/);
    expect(sandboxTemplateProblem('-pr{number}.sandbox', [])).toMatch(/lowercase/);
    expect(sandboxTemplateProblem('studio-pr{number}.sandbox', [], ['preview-', 'studio-'])).toMatch(/domain prefix/);
  });
});

const pr: PullRequestFacts = {
  number: 99,
  title: 'Allow hiding the discussion tab in courses',
  authorLogin: 'alice',
  headRepo: 'open-craft/edx-platform',
  headRef: 'alice/hide-discussion',
  headSha: '0123456789abcdef0123456789abcdef01234567',
};

const settings: SandboxSettings = {
  baseDomain: 'example.com',
  lmsPreviewDomainPrefix: 'preview-',
  studioDomainPrefix: 'studio-',
  defaultOpenedxRelease: 'master',
  defaultConfigurationRepoUrl: 'https://github.com/openedx/configuration.git',
  defaultConfigurationVersion: null,
  sandboxBaseImage: '{"name":"Ubuntu 20.04"}',
  instanceEphemeralDatabases: true,
  sandboxTtlDays: 14,
};

const forkDefaults: WatchedForkDefaults = {
  organizationId: 'org-fork',
  sandboxSubdomainTemplate: 'pr{number}.sandbox',
  openedxRelease: 'open-release/redwood.master',
  configurationSourceRepoUrl: null,
  configurationVersion: null,
  image: null,
};

describe('the instance a pull request gets', () => {
  it('names it after the PR, its first four title words, author, branch and commit', () => {
    expect(prInstanceName(pr)).toBe('PR#99: Allow hiding the discussion … (alice) - open-craft/alice/hide-discussion (0123456)');
    expect(prInstanceName({ ...pr, title: 'Fix  typo' })).toBe('PR#99: Fix typo (alice) - open-craft/alice/hide-discussion (0123456)');
    expect(prInstanceName({ ...pr, title: 'x'.repeat(400) }).length).toBe(250);
  });

  it('takes release from the fork, configuration from the settings, the tag for databases', () => {
    const body = `Test it: pr99.sandbox.example.com (persistent databases)\n\n**Settings**\n\`\`\`yaml\nconfiguration_version: my-branch\n\`\`\`\n`;
    const parsed = parsePrSettings(body);
    const fields = prInstanceFields({
      pr,
      fork: forkDefaults,
      settings,
      overrides: parsed.fields,
      databaseModeTag: databaseModeTag(body, prLmsDomain(pr.number, forkDefaults, settings.baseDomain)),
      author: null,
    });
    expect(fields).toEqual({
      subDomain: 'pr99.sandbox',
      internalLmsDomain: 'pr99.sandbox.example.com',
      internalPreviewDomain: 'preview-pr99.sandbox.example.com',
      internalStudioDomain: 'studio-pr99.sandbox.example.com',
      name: 'PR#99: Allow hiding the discussion … (alice) - open-craft/alice/hide-discussion (0123456)',
      edxPlatformRepositoryUrl: 'https://github.com/open-craft/edx-platform.git',
      edxPlatformCommit: pr.headSha,
      openedxRelease: 'open-release/redwood.master',
      configurationSourceRepoUrl: 'https://github.com/openedx/configuration.git',
      configurationVersion: 'my-branch',
      image: '{"name":"Ubuntu 20.04"}',
      databaseMode: 'PERSISTENT',
      profile: 'SANDBOX',
      ownerOrganizationId: 'org-fork',
      creatorId: null,
    });
  });

  it('lets the special keys win over the fork, and the configuration version follow the release', () => {
    const fields = prInstanceFields({
      pr,
      fork: { ...forkDefaults, image: '{"name":"fork image"}' },
      settings,
      overrides: { openedxRelease: 'open-release/sumac.1', image: '{"id":"abc"}' },
      databaseModeTag: null,
      author: { userId: 'user-alice', organizationId: 'org-alice' },
    });
    expect(fields.openedxRelease).toBe('open-release/sumac.1');
    expect(fields.configurationVersion).toBe('open-release/sumac.1');
    expect(fields.image).toBe('{"id":"abc"}');
    expect(fields.databaseMode).toBe('EPHEMERAL');
    expect([fields.ownerOrganizationId, fields.creatorId]).toEqual(['org-alice', 'user-alice']);
  });

  it('gives an external PR extpr<N> and none of the fork defaults', () => {
    const fields = prInstanceFields({
      pr,
      fork: null,
      settings: { ...settings, instanceEphemeralDatabases: false, defaultConfigurationVersion: 'cfg-1' },
      overrides: {},
      databaseModeTag: null,
      author: null,
    });
    expect(fields.internalLmsDomain).toBe('extpr99.sandbox.example.com');
    expect(fields.openedxRelease).toBe('master');
    expect(fields.configurationVersion).toBe('cfg-1');
    expect(fields.databaseMode).toBe('PERSISTENT');
    expect(fields.ownerOrganizationId).toBeNull();
  });

  it('expires SANDBOX_TTL_DAYS after the deployment', () => {
    expect(sandboxExpiry(new Date('2026-01-01T10:00:00Z'), 14).toISOString()).toBe('2026-01-15T10:00:00.000Z');
  });
});

describe('status reported on the PR', () => {
  it('says where a queued or running deployment is', () => {
    expect(sandboxReport({ kind: 'deployment', status: 'QUEUED', queuePosition: 3 })).toEqual({ phase: 'queued', description: 'queued, position 3' });
    expect(sandboxReport({ kind: 'deployment', status: 'QUEUED', capReached: true }).description).toBe('queued, sandbox cap reached');
    expect(sandboxReport({ kind: 'deployment', status: 'PROVISIONING', currentStep: 'appserver.runRecipe' })).toEqual({
      phase: 'in-progress',
      description: 'step 7 of 9',
    });
    expect(sandboxReport({ kind: 'deployment', status: 'PROVISIONING', currentStep: 'deployment.start' }).description).toBe('step 1 of 9');
  });

  it('maps outcomes onto commit status states and check run conclusions', () => {
    const healthy = sandboxReport({ kind: 'deployment', status: 'HEALTHY' });
    const failed = sandboxReport({ kind: 'deployment', status: 'FAILED', failureReason: 'recipe exited with 2' });
    const unhealthy = sandboxReport({ kind: 'deployment', status: 'UNHEALTHY' });
    const badSettings = sandboxReport({ kind: 'settings-error', settingsError: 'The Settings block is not valid YAML at line 2, column 1: x.' });
    const internal = sandboxReport({ kind: 'internal-error' });
    const cancelled = sandboxReport({ kind: 'deployment', status: 'CANCELLED' });
    expect([healthy, failed, unhealthy, badSettings, internal, cancelled].map((r) => commitStatusState(r.phase))).toEqual([
      'success',
      'failure',
      'failure',
      'failure',
      'error',
      'error',
    ]);
    expect(commitStatusState('queued')).toBe('pending');
    expect(commitStatusState('in-progress')).toBe('pending');
    expect(failed.description).toBe('deployment failed: recipe exited with 2');
    expect(checkRunState(healthy.phase)).toEqual({ status: 'completed', conclusion: 'success' });
    expect(checkRunState('queued')).toEqual({ status: 'queued' });
    expect(checkRunState('in-progress')).toEqual({ status: 'in_progress' });
    expect(checkRunState(cancelled.phase)).toEqual({ status: 'completed', conclusion: 'cancelled' });
    expect(checkRunState(badSettings.phase)).toEqual({ status: 'completed', conclusion: 'failure' });
  });

  it('keeps descriptions on one line within GitHub 140 characters', () => {
    const long = sandboxReport({ kind: 'deployment', status: 'FAILED', failureReason: `line one\nline two ${'x'.repeat(300)}` });
    expect(long.description.length).toBe(140);
    expect(long.description).not.toMatch(/\n/);
    expect(long.description.endsWith('…')).toBe(true);
  });
});

describe('the sandbox comment', () => {
  const facts: SandboxCommentFacts = {
    lmsUrl: 'https://pr99.sandbox.example.com',
    studioUrl: 'https://studio-pr99.sandbox.example.com',
    previewUrl: 'https://preview-pr99.sandbox.example.com',
    consoleUrl: 'https://im.example.com/instances/abc',
    report: { phase: 'success', description: 'sandbox is up' },
    commit: pr.headSha,
    headRepo: pr.headRepo,
    databaseMode: 'EPHEMERAL',
    expiresAt: new Date('2026-12-14T10:00:00.000Z'),
    forkDefaults: { EDXAPP_PLATFORM_NAME: 'Fork', EDXAPP_FEATURES: { A: true, B: false }, REMOVED: 1, SAME: 'x' },
    effectiveSettings: {
      EDXAPP_PLATFORM_NAME: 'PR',
      EDXAPP_FEATURES: { A: true, B: true },
      SAME: 'x',
      EDXAPP_EMAIL_HOST_PASSWORD: 'hunter2',
      DATABASES: { default: { PASSWORD: 'pw-in-nested' } },
      BROKER_URL: 'amqp://user:broker-secret@rabbit:5671/vhost',
      CACHE_URL: 'redis://:cache-secret@redis:6379/0',
      SOCIAL_AUTH: { GITHUB_SECRET: ['s1', 's2'] },
    },
  };

  it('starts with the marker and carries URLs, status, commit, database mode, expiry and console link', () => {
    const body = sandboxComment(facts);
    expect(body.split('\n')[0]).toBe(SANDBOX_COMMENT_MARKER);
    for (const part of [
      '| LMS | https://pr99.sandbox.example.com |',
      '| Studio | https://studio-pr99.sandbox.example.com |',
      '| Preview | https://preview-pr99.sandbox.example.com |',
      '| Status | ✅ Ready: sandbox is up |',
      `https://github.com/open-craft/edx-platform/commit/${pr.headSha} (\`0123456\`)`,
      '| Databases | ephemeral |',
      '| Expires | 2026-12-14T10:00:00Z |',
      '| Console | https://im.example.com/instances/abc |',
    ])
      expect(body).toContain(part);
  });

  it('collapses a diff of the effective settings against the fork defaults, secrets hidden', () => {
    const body = sandboxComment(facts);
    expect(body).toContain("<details><summary>Settings that differ from the fork's defaults (8)</summary>");
    const diff = body.slice(body.indexOf('```diff') + 8, body.lastIndexOf('```') - 1).split('\n');
    expect(diff).toEqual([
      '+ BROKER_URL: "amqp://user:***@rabbit:5671/vhost"',
      '+ CACHE_URL: "redis://:***@redis:6379/0"',
      '+ DATABASES.default.PASSWORD: ***',
      '+ EDXAPP_EMAIL_HOST_PASSWORD: ***',
      '- EDXAPP_FEATURES.B: false',
      '+ EDXAPP_FEATURES.B: true',
      '- EDXAPP_PLATFORM_NAME: "Fork"',
      '+ EDXAPP_PLATFORM_NAME: "PR"',
      '- REMOVED: 1',
      '+ SOCIAL_AUTH.GITHUB_SECRET: ***',
    ]);
    for (const secret of ['hunter2', 'pw-in-nested', 'broker-secret', 'cache-secret', 's1']) expect(body).not.toContain(secret);
  });

  it('shows a settings error, and a note when settings changed since the deployment', () => {
    const error = sandboxComment({ ...facts, settingsError: 'The Settings block is not valid YAML at line 2, column 3: bad.' });
    expect(error).toContain('**The Settings block cannot be used**');
    expect(error).toContain('line 2, column 3');
    expect(sandboxComment({ ...facts, settingsChangedSinceDeployment: true })).toContain('Settings changed: redeploy to apply.');
  });

  it('cannot be broken out of by backticks in a value, and stays under the GitHub limit', () => {
    const sneaky = sandboxComment({ ...facts, effectiveSettings: { X: '```\n<script>' } });
    expect(sneaky).toContain('````diff');
    const huge = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`KEY_${i}`, 'v'.repeat(50)]));
    const body = sandboxComment({ ...facts, forkDefaults: {}, effectiveSettings: huge });
    expect(body.length).toBeLessThan(65_536);
    expect(body).toMatch(/… \d+ more lines not shown/);
  });

  it('lists nothing when the PR changes nothing', () => {
    expect(settingsDiff({ A: { B: 1 } }, { A: { B: 1 } })).toEqual([]);
    expect(sandboxComment({ ...facts, effectiveSettings: facts.forkDefaults })).toContain('(none)');
  });
});
