import type { FakeOpenStack } from '../openstack/index.ts';
import { publicKeyBlob } from '../../../server/src/integrations/ssh/keys.ts';
import { vmFromUserData, type FakeVm, type FakeVmOptions } from './index.ts';

/**
 * Gives every server of the OpenStack fake a real fake VM: started when Nova turns it ACTIVE
 * (host key from its user_data), rebooted by the reboot action, stopped when it is deleted.
 * Authorized keys: the given ones plus the server's Nova key pair, as cloud-init installs it.
 */
export function launchVmsFor(
  fake: FakeOpenStack,
  opts: { authorizedKey?: string | string[]; username?: string; network?: FakeVmOptions['network'] } = {},
): { vms: Map<string, FakeVm>; stopAll(): Promise<void> } {
  const vms = new Map<string, FakeVm>();
  const given = opts.authorizedKey === undefined ? [] : Array.isArray(opts.authorizedKey) ? opts.authorizedKey : [opts.authorizedKey];
  fake.onServerActive = async (server, { userData }) => {
    const existing = vms.get(server.id);
    if (existing) return { address: existing.address };
    if (!userData) throw new Error(`server ${server.name} has no user_data: no host key to give its VM`);
    const keyPair = server.keyName ? fake.keypairs.get(server.keyName) : undefined;
    const keys = [...given, ...(keyPair && isPublicKey(keyPair) ? [keyPair] : [])];
    const vm = await vmFromUserData(userData, { authorizedKey: keys, username: opts.username, network: opts.network });
    vms.set(server.id, vm);
    return { address: vm.address };
  };
  fake.onServerReboot = async (server) => {
    await vms.get(server.id)?.reboot();
  };
  fake.onServerDeleted = async (server) => {
    const vm = vms.get(server.id);
    vms.delete(server.id);
    await vm?.stop();
  };
  return {
    vms,
    async stopAll() {
      const all = [...vms.values()];
      vms.clear();
      await Promise.allSettled(all.map((vm) => vm.stop()));
    },
  };
}

function isPublicKey(line: string): boolean {
  try {
    publicKeyBlob(line);
    return true;
  } catch {
    return false;
  }
}
