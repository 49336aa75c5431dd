import type { RemoteHost } from '../remote/types.ts';

export interface ServerRecord {
  id: string;
  name: string;
  externalId: string | null;
  publicIp: string | null;
  httpPort: number;
  sshPort: number;
  /** The host key the VM must present (OpenSSH public key); null until pinned. */
  hostKey?: string | null;
}

export type ProviderStatus =
  | { state: 'BUILD' }
  /** A reboot asked for and not done yet: the VM may still answer as it was before. */
  | { state: 'REBOOT' }
  | { state: 'ACTIVE'; publicIp: string; httpPort: number; sshPort: number }
  | { state: 'ERROR'; reason: string }
  | { state: 'NOT_FOUND' };

/** One cloud (or this machine) that hosts app servers' VMs. */
export interface ComputeProvider {
  readonly name: 'local' | 'openstack';
  /** Creates the VM, or finds the one an earlier run created for this server; returns its external id. */
  createServer(server: ServerRecord, spec: CreateServerSpec): Promise<{ externalId: string; httpPort?: number }>;
  status(server: ServerRecord): Promise<ProviderStatus>;
  reboot(server: ServerRecord): Promise<void>;
  /** Deletes the VM; a VM that is already gone counts as deleted. */
  deleteServer(server: ServerRecord): Promise<void>;
  /** Whether the VM answers on its command channel (SSH) with the expected identity. */
  probe(server: ServerRecord): Promise<boolean>;
  host(server: ServerRecord): RemoteHost;
  /** Step 3: resolves flavor, image and key pair before anything is created (permanent refusal on a miss). */
  resolveVmSpec?(spec: VmSpecInput): Promise<ResolvedVmSpecRefs>;
  /** Step 4: syncs the managed security group and checks that the additional ones exist. */
  syncSecurityGroups?(additionalGroups: string[], ledger: ResourceLedgerCallbacks): Promise<void>;
}

/** What a create needs; fields past the first two are used by providers that have them (OpenStack). */
export interface CreateServerSpec {
  instanceDomain: string;
  appServerNumber: number;
  instanceId?: string;
  /** Flavor and image specs (§9.1 JSON); the provider's defaults when absent. */
  flavor?: string;
  image?: string;
  /** Already resolved by resolveVmSpec (step 3): used as they are. */
  flavorRef?: string;
  imageRef?: string;
  keyName?: string;
  additionalSecurityGroups?: string[];
  /** The ed25519 host key pair the VM must present (OpenSSH formats); injected through user_data. */
  hostKey?: { privateKey: string; publicKey: string };
}

export interface VmSpecInput {
  flavor?: string;
  image?: string;
  keyName?: string;
}

export interface ResolvedVmSpecRefs {
  flavorRef: string;
  flavorName: string;
  imageRef: string;
  imageName: string;
  keyName: string;
}

/** Ledger hooks (SPEC §9.8): intent is recorded before the call, the external id after. */
export interface ResourceLedgerCallbacks {
  onIntent(kind: string, name: string): Promise<void> | void;
  onCreated(kind: string, name: string, externalId: string): Promise<void> | void;
  onDeleted?(kind: string, name: string, externalId: string): Promise<void> | void;
}
