import type { Recipe, RecipeContext } from '../types.ts';

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface AnsibleOptions {
  playbook: string; // ANSIBLE_PLAYBOOK, relative to the configuration repository
  extraPlaybooks: string[]; // ANSIBLE_EXTRA_PLAYBOOKS
}

/**
 * The original's approach, run on the VM itself: fetch the configuration repository at the
 * configured version, write the vars file, and run the playbook locally with sudo. A virtualenv
 * is made only when the repository pins its own requirements; otherwise ansible-playbook from PATH.
 */
export function ansibleRecipe(options: AnsibleOptions): Recipe {
  return {
    name: 'ansible',
    command: 'bash runner.sh bash provision.sh',
    heartbeatPath: '/heartbeat',
    smokeChecks: ['/heartbeat'],
    services: (action) => `sudo supervisorctl ${action} 'edxapp_worker:'`,
    files(ctx: RecipeContext) {
      const a = ctx.appServer;
      const playbooks = [options.playbook, ...options.extraPlaybooks].map(shellQuote).join(' ');
      const script = `#!/usr/bin/env bash
set -euo pipefail
export ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1
repo=${shellQuote(a.configurationSourceRepoUrl)}
version=${shellQuote(a.configurationVersion)}
echo "Provisioning with $repo at $version"
missing=""
for tool in git python3; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
if [ -n "$missing" ]; then
  sudo DEBIAN_FRONTEND=noninteractive apt-get update -q
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q git python3 python3-venv
fi
rm -rf configuration
git clone --quiet --recurse-submodules "$repo" configuration
cd configuration
git checkout --quiet "$version"
git submodule update --init --recursive --quiet
ansible=ansible-playbook
if [ -f requirements.txt ]; then
  python3 -m venv ../venv
  ../venv/bin/pip install --quiet -r requirements.txt
  ansible=../venv/bin/ansible-playbook
fi
for playbook in ${playbooks}; do
  echo "Running $playbook"
  sudo ANSIBLE_FORCE_COLOR=1 "$(command -v "$ansible" || echo "$ansible")" -i localhost, -c local -e @../vars.yml "$playbook"
done
echo "Provisioning finished"
`;
      return [
        { path: 'provision.sh', content: script, mode: 0o755 },
        { path: 'vars.yml', content: ctx.settingsYaml, mode: 0o600 },
      ];
    },
  };
}
