import type { RemoteHost } from '../remote/types.ts';

export interface ServerRecord {
  id: string;
  name: string;
  externalId: string | null;
  publicIp: string | null;
  httpPort: number;
  sshPort: number;
}

export type ProviderStatus =
  | { state: 'BUILD' }
  | { state: 'ACTIVE'; publicIp: string; httpPort: number; sshPort: number }
  | { state: 'ERROR'; reason: string }
  | { state: 'NOT_FOUND' };

/** One cloud (or this machine) that hosts app servers' VMs. */
export interface ComputeProvider {
  readonly name: 'local' | 'openstack';
  /** Creates the VM, or finds the one an earlier run created for this server; returns its external id. */
  createServer(server: ServerRecord, spec: { instanceDomain: string; appServerNumber: number }): Promise<{ externalId: string; httpPort?: number }>;
  status(server: ServerRecord): Promise<ProviderStatus>;
  reboot(server: ServerRecord): Promise<void>;
  /** Deletes the VM; a VM that is already gone counts as deleted. */
  deleteServer(server: ServerRecord): Promise<void>;
  /** Whether the VM answers on its command channel (SSH) with the expected identity. */
  probe(server: ServerRecord): Promise<boolean>;
  host(server: ServerRecord): RemoteHost;
}
