import { readFileSync } from 'node:fs';
import { probeSsh, SshHost } from '../../ssh/index.ts';
import { stringify } from 'yaml';
import type { Config, SecurityGroupRuleSetting } from '../../../config.ts';
import type { RemoteHost } from '../../remote/types.ts';
import type { ComputeProvider, CreateServerSpec, ProviderStatus, ResolvedVmSpecRefs, ResourceLedgerCallbacks, ServerRecord, VmSpecInput } from '../types.ts';
import { OpenStackClient, OpenStackError } from './client.ts';
import { resolveFlavor, resolveImage, resolveNetwork, resolveVmSpec } from './resolve.ts';
import { checkSecurityGroupsExist, syncManagedSecurityGroup } from './security-groups.ts';

export { OpenStackClient, OpenStackError } from './client.ts';
export { parseFlavorSpec, parseImageSpec, resolveFlavor, resolveImage, resolveVmSpec, checkKeyPair, VmSpecError } from './resolve.ts';
export { syncManagedSecurityGroup, checkSecurityGroupsExist, ruleKey } from './security-groups.ts';

export interface NovaServer {
  id: string;
  name: string;
  status: string;
  metadata?: Record<string, string>;
  addresses?: Record<string, { addr: string; version: number }[]>;
  fault?: { message?: string; code?: number };
}

export interface OpenStackComputeOptions {
  client: OpenStackClient;
  instanceManagerId: string;
  /** Used when a create names none (OPENSTACK_SANDBOX_FLAVOR, _BASE_IMAGE, _SSH_KEYNAME). */
  defaults: { flavor: string; image: string; keyName: string };
  /** OPENSTACK_NETWORK: a network id or name; unset = the provider's default. */
  network?: string;
  injectHostKeys: boolean;
  securityGroupName: string;
  securityGroupRules: SecurityGroupRuleSetting[];
  /** SHUTDOWN_TIMEOUT: how long a delete waits for SHUTOFF before deleting anyway. */
  shutdownTimeoutMs: number;
  /** Interval of SHUTOFF polls; default 10 s. */
  stopPollIntervalMs?: number;
  /** Timeout of probe()'s SSH handshake; default 5 s. */
  probeTimeoutMs?: number;
  /** How the product logs in to its VMs (OPENSTACK_SANDBOX_SSH_USERNAME, SSH_PRIVATE_KEY[_FILE]). */
  ssh?: {
    username: string;
    privateKey: () => string;
    /** Trust on first use (OPENSTACK_INJECT_HOST_KEYS=false): pin the key the VM showed. */
    onFirstHostKey?: (server: ServerRecord, publicKey: string) => Promise<void> | void;
  };
}

/** The VM's name: `edxapp-<LMS-domain slug>[:30]-<app server number>` (SPEC §9.1). */
export function openStackServerName(instanceDomain: string, appServerNumber: number): string {
  return `edxapp-${instanceDomain
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 30)}-${appServerNumber}`;
}

/** cloud-init user data that makes the injected ed25519 key the VM's only SSH host key. */
export function hostKeyUserData(hostKey: { privateKey: string; publicKey: string }): string {
  return `#cloud-config\n${stringify({
    ssh_deletekeys: true,
    ssh_genkeytypes: [],
    ssh_keys: { ed25519_private: hostKey.privateKey.endsWith('\n') ? hostKey.privateKey : `${hostKey.privateKey}\n`, ed25519_public: hostKey.publicKey.trim() },
  })}`;
}

/** The first IPv4 address of a Nova server, in the order Nova lists its networks. */
export function firstIpv4(server: NovaServer): string | null {
  for (const addresses of Object.values(server.addresses ?? {})) {
    for (const a of addresses) if (a.version === 4) return a.addr;
  }
  return null;
}

const GONE = new Set(['DELETED', 'SOFT_DELETED']);
const BUILDING = new Set(['BUILD', 'REBUILD']);
const RUNNING = new Set(['ACTIVE', 'REBOOT', 'HARD_REBOOT']);

export class OpenStackCompute implements ComputeProvider {
  readonly name = 'openstack' as const;
  readonly client: OpenStackClient;

  constructor(private readonly opts: OpenStackComputeOptions) {
    this.client = opts.client;
  }

  private metadataFor(server: ServerRecord, instanceId?: string): Record<string, string> {
    return {
      'im-installation': this.opts.instanceManagerId,
      'im-server': server.id,
      ...(instanceId ? { 'im-instance': instanceId } : {}),
    };
  }

  private ours(server: ServerRecord, vm: NovaServer): boolean {
    return vm.metadata?.['im-installation'] === this.opts.instanceManagerId && vm.metadata?.['im-server'] === server.id;
  }

  /** Step 3: flavor, image and key pair, checked before anything is created. */
  async resolveVmSpec(spec: VmSpecInput = {}): Promise<ResolvedVmSpecRefs> {
    return resolveVmSpec(this.client, {
      flavor: spec.flavor ?? this.opts.defaults.flavor,
      image: spec.image ?? this.opts.defaults.image,
      keyName: spec.keyName ?? this.opts.defaults.keyName,
    });
  }

  /** Step 4: the managed group synced, the additional ones checked. */
  async syncSecurityGroups(additionalGroups: string[], ledger: ResourceLedgerCallbacks): Promise<void> {
    await syncManagedSecurityGroup(this.client, { name: this.opts.securityGroupName, rules: this.opts.securityGroupRules }, ledger);
    await checkSecurityGroupsExist(
      this.client,
      additionalGroups.filter((g) => g !== this.opts.securityGroupName),
    );
  }

  /**
   * The VM of this server: by external id once it is recorded (404 = gone), before that by name
   * and our metadata (a create whose answer was lost).
   */
  async findServer(server: ServerRecord, name = server.name): Promise<NovaServer | null> {
    if (server.externalId) {
      const res = await this.client.call<{ server: NovaServer }>('compute', 'GET', `/servers/${encodeURIComponent(server.externalId)}`, undefined, {
        accept: [404],
      });
      return res.body && !GONE.has(res.body.server.status) ? res.body.server : null;
    }
    if (!name) return null;
    // Nova's name filter is a pattern (edxapp-x-1 matches edxapp-x-10): keep exact names with our metadata.
    const res = await this.client.request<{ servers: NovaServer[] }>('compute', 'GET', `/servers/detail?${new URLSearchParams({ name })}`);
    return res.servers.find((s) => s.name === name && this.ours(server, s) && !GONE.has(s.status)) ?? null;
  }

  async createServer(server: ServerRecord, spec: CreateServerSpec): Promise<{ externalId: string }> {
    const name = server.name || openStackServerName(spec.instanceDomain, spec.appServerNumber);
    const existing = await this.findServer(server, name);
    if (existing) return { externalId: existing.id };

    if (this.opts.injectHostKeys && !spec.hostKey) {
      throw new Error('createServer needs spec.hostKey while OPENSTACK_INJECT_HOST_KEYS is true');
    }
    const flavorRef = spec.flavorRef ?? (await resolveFlavor(this.client, spec.flavor ?? this.opts.defaults.flavor)).id;
    const imageRef = spec.imageRef ?? (await resolveImage(this.client, spec.image ?? this.opts.defaults.image)).id;
    const groups = [this.opts.securityGroupName, ...(spec.additionalSecurityGroups ?? []).filter((g) => g !== this.opts.securityGroupName)];
    const body = {
      server: {
        name,
        flavorRef,
        imageRef,
        key_name: spec.keyName ?? this.opts.defaults.keyName,
        security_groups: groups.map((g) => ({ name: g })),
        ...(this.opts.network ? { networks: [{ uuid: await resolveNetwork(this.client, this.opts.network) }] } : {}),
        metadata: this.metadataFor(server, spec.instanceId),
        ...(this.opts.injectHostKeys && spec.hostKey ? { user_data: Buffer.from(hostKeyUserData(spec.hostKey)).toString('base64') } : {}),
      },
    };
    try {
      // Never retried blindly: a second POST would be a second VM.
      const res = await this.client.request<{ server: { id: string } }>('compute', 'POST', '/servers', body);
      return { externalId: res.server.id };
    } catch (e) {
      if (!(e instanceof OpenStackError && e.transient)) throw e;
      // The answer was lost (timeout, 5xx from a proxy): the VM may exist all the same.
      const found = await this.findServer(server, name);
      if (found) return { externalId: found.id };
      throw e;
    }
  }

  async status(server: ServerRecord): Promise<ProviderStatus> {
    const vm = await this.findServer(server);
    if (!vm) return { state: 'NOT_FOUND' };
    if (vm.status === 'ERROR') return { state: 'ERROR', reason: vm.fault?.message ?? 'the VM is in ERROR (no fault message)' };
    if (BUILDING.has(vm.status)) return { state: 'BUILD' };
    // Until Nova reports the reboot done, SSH may still reach the VM as it was before it.
    if (vm.status === 'REBOOT' || vm.status === 'HARD_REBOOT') return { state: 'REBOOT' };
    if (vm.status === 'UNKNOWN') {
      throw new OpenStackError(null, 'compute', 'GET', `/servers/${vm.id}`, 'Nova reports the VM as UNKNOWN (its compute host does not answer)');
    }
    // ACTIVE, and the states a running VM passes through (REBOOT, SHUTOFF during our terminate…):
    // the VM exists; whether it answers is for the SSH probe to tell.
    const publicIp = firstIpv4(vm);
    if (!publicIp) return { state: 'BUILD' };
    return { state: 'ACTIVE', publicIp, httpPort: server.httpPort || 80, sshPort: server.sshPort || 22 };
  }

  async reboot(server: ServerRecord): Promise<void> {
    const id = await this.externalIdOf(server);
    if (!id) throw new OpenStackError(404, 'compute', 'POST', '/servers/-/action', `no VM for server ${server.name}`);
    const path = `/servers/${encodeURIComponent(id)}/action`;
    const res = await this.client.call('compute', 'POST', path, { reboot: { type: 'SOFT' } }, { idempotent: true, accept: [409] });
    if (res.status !== 409) return;
    // A retried reboot whose first try went through is refused as busy: that reboot is ours.
    const vm = await this.findServer(server);
    if (vm?.status !== 'REBOOT' && vm?.status !== 'HARD_REBOOT') throw new OpenStackError(409, 'compute', 'POST', path, res.error ?? 'conflict');
  }

  async deleteServer(server: ServerRecord): Promise<void> {
    const id = await this.externalIdOf(server);
    if (!id) return;
    const path = `/servers/${encodeURIComponent(id)}`;
    const deadline = Date.now() + this.opts.shutdownTimeoutMs;
    const interval = this.opts.stopPollIntervalMs ?? 10_000;
    // A clean stop first, so services flush; a VM that will not stop is deleted at the deadline.
    let stop = await this.client.call('compute', 'POST', `${path}/action`, { 'os-stop': null }, { idempotent: true, accept: [404, 409] });
    if (stop.status === 404) return;
    while (Date.now() < deadline) {
      const res = await this.client.call<{ server: NovaServer }>('compute', 'GET', path, undefined, { accept: [404] });
      if (res.status === 404 || !res.body) return;
      const status = res.body.server.status;
      if (status === 'SHUTOFF' || GONE.has(status)) break;
      // ERROR, BUILD, PAUSED…: no clean stop will come, delete now.
      if (!RUNNING.has(status)) break;
      await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
      // A stop refused while the VM was busy (409, e.g. rebooting) is asked again.
      if (stop.status === 409) {
        stop = await this.client.call('compute', 'POST', `${path}/action`, { 'os-stop': null }, { idempotent: true, accept: [404, 409] });
        if (stop.status === 404) return;
      }
    }
    await this.client.call('compute', 'DELETE', path, undefined, { accept: [404] });
  }

  private async externalIdOf(server: ServerRecord): Promise<string | null> {
    if (server.externalId) return server.externalId;
    return (await this.findServer(server))?.id ?? null;
  }

  /**
   * Ready for provisioning: the SSH port answers and the handshake shows the host key we injected
   * (any key when none is pinned yet). A different key throws HostKeyMismatchError.
   */
  async probe(server: ServerRecord): Promise<boolean> {
    if (!server.publicIp) return false;
    return probeSsh(server.publicIp, server.sshPort || 22, server.hostKey ?? null, this.opts.probeTimeoutMs ?? 5000);
  }

  host(server: ServerRecord): RemoteHost {
    if (!server.publicIp) throw new Error(`server ${server.name} has no address yet`);
    if (!this.opts.ssh) throw new Error('no SSH key configured (SSH_PRIVATE_KEY or SSH_PRIVATE_KEY_FILE)');
    return new SshHost({
      host: server.publicIp,
      port: server.sshPort || 22,
      username: this.opts.ssh.username,
      privateKey: this.opts.ssh.privateKey(),
      expectedHostKey: server.hostKey ?? null,
      onFirstHostKey: this.opts.ssh.onFirstHostKey ? (key) => this.opts.ssh!.onFirstHostKey!(server, key) : undefined,
      workDir: `im/${server.id}`,
    });
  }
}

/** The provider from settings (COMPUTE_PROVIDER=openstack). */
export function openStackComputeFromConfig(
  config: Config,
  overrides: Partial<Omit<OpenStackComputeOptions, 'client'>> & { client?: OpenStackClient } = {},
): OpenStackCompute {
  const client =
    overrides.client ??
    new OpenStackClient({
      authUrl: config.openstackAuthUrl!,
      username: config.openstackUser!,
      password: config.openstackPassword!,
      projectName: config.openstackTenant!,
      userDomainName: config.openstackUserDomainName,
      projectDomainName: config.openstackProjectDomainName,
      region: config.openstackRegion!,
    });
  return new OpenStackCompute({
    instanceManagerId: config.instanceManagerId,
    defaults: { flavor: config.sandboxFlavor, image: config.sandboxBaseImage, keyName: config.sandboxSshKeyName },
    network: config.openstackNetwork,
    injectHostKeys: config.openstackInjectHostKeys,
    securityGroupName: config.appServerSecurityGroupName,
    securityGroupRules: config.appServerSecurityGroupRules,
    shutdownTimeoutMs: config.shutdownTimeout * 1000,
    ssh: {
      username: config.sandboxSshUsername,
      privateKey: () => config.sshPrivateKey ?? readFileSync(config.sshPrivateKeyFile, 'utf8'),
    },
    ...overrides,
    client,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
