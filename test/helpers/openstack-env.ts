import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeOpenStack, type FakeOpenStack } from '../fakes/openstack/index.ts';
import { launchVmsFor } from '../fakes/vm/openstack.ts';
import { fakeVmSupport } from '../fakes/vm/index.ts';
import { generateHostKeyPair } from '../../server/src/integrations/ssh/index.ts';

/** Whether fake VMs and Ansible can run here; under CI a missing piece fails instead of skipping. */
export function openStackSuiteReady(suite: string): boolean {
  const support = fakeVmSupport();
  let tools = true;
  try {
    execFileSync('sh', ['-c', 'command -v ansible-playbook && command -v git']);
  } catch {
    tools = false;
  }
  if (support.ok && tools) return true;
  const why = !support.ok ? support.reason : 'ansible-playbook or git is missing (apt-get install ansible-core git)';
  if (process.env.CI === 'true') throw new Error(`${suite} cannot run: ${why}`);
  console.warn(`SKIPPED: ${suite}: ${why}`);
  return false;
}

/**
 * A configuration repository, as a git bundle, whose playbook installs a small site as a boot
 * service on port 80; branch `broken` has a playbook that fails, branch `slow` one that runs for
 * ten minutes. A bundle clones like a
 * repository but is a plain file, so the VM's user is not refused for not owning it.
 */
export function makeConfigurationRepo(work: string): string {
  const repo = path.join(work, 'configuration');
  mkdirSync(path.join(repo, 'playbooks'), { recursive: true });
  writeFileSync(
    path.join(repo, 'playbooks', 'site.yml'),
    `- hosts: localhost
  gather_facts: false
  vars:
    vm_home: "{{ (playbook_dir + '/../../../..') | realpath }}"
  tasks:
    - name: Site directory
      file: { path: "{{ vm_home }}/site", state: directory, mode: "0755" }
    - name: Front page
      copy:
        dest: "{{ vm_home }}/site/index.html"
        content: "<h1>{{ EDXAPP_PLATFORM_NAME }}</h1><p>{{ EDXAPP_LMS_BASE }}</p>\\n"
        mode: "0644"
    - name: Heartbeat
      copy: { dest: "{{ vm_home }}/site/heartbeat", content: "ok\\n", mode: "0644" }
    - name: Web service started at boot
      copy:
        dest: "{{ vm_home }}/boot.d/site"
        mode: "0755"
        content: |
          #!/bin/sh
          cd {{ vm_home }}/site && exec python3 -m http.server 80
    - name: Say done
      debug: { msg: "site installed for {{ EDXAPP_LMS_BASE }}" }
`,
  );
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'site');
  git('checkout', '-q', '-b', 'broken');
  writeFileSync(
    path.join(repo, 'playbooks', 'site.yml'),
    `- hosts: localhost
  gather_facts: false
  tasks:
    - name: Break on purpose
      command: /bin/false
`,
  );
  git('commit', '-q', '-am', 'broken');
  git('checkout', '-q', '-b', 'slow', 'main');
  writeFileSync(
    path.join(repo, 'playbooks', 'site.yml'),
    `- hosts: localhost
  gather_facts: false
  tasks:
    - name: Say it starts
      debug: { msg: "slow recipe started" }
    - name: Take a long time
      command: sleep 600
`,
  );
  git('commit', '-q', '-am', 'slow');
  git('checkout', '-q', 'main');
  const bundle = path.join(work, 'configuration.bundle');
  git('bundle', 'create', '-q', bundle, '--all');
  chmodSync(bundle, 0o644);
  return bundle;
}

export interface OpenStackEnv {
  fake: FakeOpenStack;
  vms: ReturnType<typeof launchVmsFor>;
  /** Settings that point the product at the fake cloud, its VMs and the repository. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startOpenStackEnv(work: string): Promise<OpenStackEnv> {
  const client = generateHostKeyPair();
  const fake = await startFakeOpenStack({ bootDelayMs: 300, rebootDelayMs: 100, stopDelayMs: 100 });
  fake.keypairs.set('instance-manager', client.publicKey);
  const vms = launchVmsFor(fake);
  const repo = makeConfigurationRepo(work);
  return {
    fake,
    vms,
    env: {
      COMPUTE_PROVIDER: 'openstack',
      OPENSTACK_USER: 'im-user',
      OPENSTACK_PASSWORD: 'im-password',
      OPENSTACK_TENANT: 'im-project',
      OPENSTACK_AUTH_URL: fake.authUrl,
      OPENSTACK_REGION: 'RegionOne',
      DEFAULT_INSTANCE_BASE_DOMAIN: 'example.com',
      SSH_PRIVATE_KEY: client.privateKey,
      DEFAULT_RECIPE: 'ansible',
      DEFAULT_CONFIGURATION_REPO_URL: repo,
      DEFAULT_CONFIGURATION_VERSION: 'main',
      ANSIBLE_PLAYBOOK: 'playbooks/site.yml',
    },
    async stop() {
      await vms.stopAll();
      await (fake as { stop?: () => Promise<void> }).stop?.();
    },
  };
}
