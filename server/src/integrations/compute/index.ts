import { readFileSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { LocalCompute } from './local/index.ts';
import { openStackComputeFromConfig } from './openstack/index.ts';
import type { ComputeProvider, ServerRecord } from './types.ts';

/** What the composition root hands the compute provider besides its settings. */
export interface ComputeWiring {
  /** What a local app server's processes inherit (config.ts's appServerEnvironment()). */
  appServerEnv: NodeJS.ProcessEnv;
  /** Records a VM's host key seen on first contact (trust on first use, when none was injected). */
  onFirstHostKey: (server: ServerRecord, publicKey: string) => Promise<void>;
  /** Tune OpenStack polling or its client (tests use short intervals). */
  openstack?: Parameters<typeof openStackComputeFromConfig>[1];
}

/** The provider COMPUTE_PROVIDER names, built once per product by the composition root. */
export function createComputeProvider(config: Config, wiring: ComputeWiring): ComputeProvider {
  if (config.computeProvider !== 'openstack') return new LocalCompute(config.dataDir, wiring.appServerEnv);
  return openStackComputeFromConfig(config, {
    ...wiring.openstack,
    ssh: {
      username: config.sandboxSshUsername,
      privateKey: () => config.sshPrivateKey ?? readFileSync(config.sshPrivateKeyFile, 'utf8'),
      // A later change of key is refused by SSH; only the first one is recorded.
      onFirstHostKey: wiring.onFirstHostKey,
    },
  });
}
