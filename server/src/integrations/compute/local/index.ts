import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../../embedded-postgres.ts';
import type { ComputeProvider, ProviderStatus, ServerRecord } from '../types.ts';
import type { RemoteHost } from '../../remote/types.ts';
import { LocalHost } from './host.ts';

/**
 * Development compute: a server is a directory under DATA_DIR/servers and the process tree its
 * `boot.sh` starts (the recipe writes it, as it would install a service on a VM). "Rebooting"
 * restarts that tree.
 */
export class LocalCompute implements ComputeProvider {
  readonly name = 'local' as const;
  private readonly root: string;

  /** `env` is what an app server's processes inherit (config.ts's appServerEnvironment()). */
  constructor(
    dataDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.root = path.join(dataDir, 'servers');
  }

  dir(server: { id: string }): string {
    return path.join(this.root, server.id);
  }

  async createServer(server: ServerRecord): Promise<{ externalId: string; httpPort: number }> {
    const dir = this.dir(server);
    const portFile = path.join(dir, '.http-port');
    mkdirSync(dir, { recursive: true });
    // A retried create finds the port it picked before.
    if (!existsSync(portFile)) writeFileSync(portFile, String(await freePort()));
    return { externalId: `local-${server.id}`, httpPort: Number(readFileSync(portFile, 'utf8')) };
  }

  async status(server: ServerRecord): Promise<ProviderStatus> {
    const dir = this.dir(server);
    if (!existsSync(dir)) return { state: 'NOT_FOUND' };
    return { state: 'ACTIVE', publicIp: '127.0.0.1', httpPort: Number(readFileSync(path.join(dir, '.http-port'), 'utf8')), sshPort: 0 };
  }

  async probe(server: ServerRecord): Promise<boolean> {
    return existsSync(this.dir(server));
  }

  async reboot(server: ServerRecord): Promise<void> {
    await this.stopServices(server);
    this.startServices(server);
  }

  async deleteServer(server: ServerRecord): Promise<void> {
    await this.stopServices(server);
    rmSync(this.dir(server), { recursive: true, force: true });
  }

  host(server: ServerRecord): RemoteHost {
    return new LocalHost(this.dir(server), this.env);
  }

  /** Starts the server's services (its boot.sh) if the recipe installed any and they are not running. */
  startServices(server: { id: string }): boolean {
    const dir = this.dir(server);
    const boot = path.join(dir, 'boot.sh');
    if (!existsSync(boot)) return false;
    if (this.servicesAlive(server)) return true;
    const child = spawn('bash', [boot], { cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'ignore'], env: this.env });
    child.unref();
    writeFileSync(path.join(dir, 'boot.pid'), String(child.pid));
    return true;
  }

  servicesAlive(server: { id: string }): boolean {
    const pidFile = path.join(this.dir(server), 'boot.pid');
    if (!existsSync(pidFile)) return false;
    try {
      process.kill(-Number(readFileSync(pidFile, 'utf8')), 0);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * What a machine's shutdown stops: the boot services (boot.pid) and every process group a
   * recipe service recorded under `run/*.pid` (the shell recipe's worker).
   */
  async stopServices(server: { id: string }): Promise<void> {
    const dir = this.dir(server);
    const runDir = path.join(dir, 'run');
    const pidFiles = [
      path.join(dir, 'boot.pid'),
      ...(existsSync(runDir)
        ? readdirSync(runDir)
            .filter((f) => f.endsWith('.pid'))
            .map((f) => path.join(runDir, f))
        : []),
    ];
    for (const pidFile of pidFiles) {
      if (!existsSync(pidFile)) continue;
      const pgid = Number(readFileSync(pidFile, 'utf8'));
      if (Number.isInteger(pgid) && pgid > 1) await killGroup(pgid);
      rmSync(pidFile, { force: true });
    }
  }
}

export async function killGroup(pgid: number): Promise<void> {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
