import { randomBytes } from 'node:crypto';
import { SshHost, shellQuote } from '../../ssh/index.ts';
import { HaproxyConfigError, type RenderedHaproxyConfig } from './render.ts';

/** Puts one load balancer's rendered configuration live. */
export interface LoadBalancerApplier {
  /** Resolves once the load balancer serves `config`; throws LoadBalancerApplyError when it refused it. */
  apply(config: RenderedHaproxyConfig, opts?: { signal?: AbortSignal }): Promise<void>;
}

/** For `LOAD_BALANCER_PROVIDER=none`: nothing to configure. */
export const noLoadBalancerApplier: LoadBalancerApplier = {
  async apply() {},
};

/** The apply command ran and failed (invalid configuration, failed reload, no sudo, …). */
export class LoadBalancerApplyError extends Error {
  override readonly name = 'LoadBalancerApplyError';
  constructor(
    readonly host: string,
    readonly fragmentName: string,
    /** null when the command ended by a signal. */
    readonly exitCode: number | null,
    /** The end of the command's output (stderr after stdout), basic-auth values redacted. */
    readonly outputTail: string,
  ) {
    super(`applying HAProxy fragment ${fragmentName} on ${host} failed (exit ${exitCode ?? 'by signal'})${outputTail ? `: ${outputTail}` : ''}`);
  }
}

export interface HaproxySshApplierOptions {
  /** The load balancer's address (its domain or IP). */
  host: string;
  port?: number;
  username: string;
  privateKey: string | Buffer;
  passphrase?: string;
  /** The load balancer's pinned host key; null or absent = trust on first use. */
  expectedHostKey?: string | null;
  onFirstHostKey?: (publicKey: string) => void | Promise<void>;
  /** LOAD_BALANCER_APPLY_COMMAND: given the staging directory as its last argument. */
  applyCommand?: string;
  /** Where uploads wait for the apply command, relative to the SSH user's home. */
  stagingDir?: string;
  /** Bound on the apply command (validation, the lock wait, the reload). */
  applyTimeoutMs?: number;
  readyTimeoutMs?: number;
}

export const DEFAULT_APPLY_COMMAND = 'sudo haproxy-config apply';
const OUTPUT_TAIL_CHARS = 2_000;

/** Keeps the end of the output, where HAProxy's alerts and the helper's verdict are, without credentials. */
export function outputTail(stdout: string, stderr: string): string {
  const text = [stdout.trim(), stderr.trim()].filter(Boolean).join('\n');
  const redacted = text.replace(/(Basic\s+)[A-Za-z0-9+/=]+/gi, '$1<redacted>');
  return redacted.length > OUTPUT_TAIL_CHARS ? `…${redacted.slice(-OUTPUT_TAIL_CHARS)}` : redacted;
}

/**
 * Uploads the fragment and the map into a staging directory of its own on the load balancer
 * (SshHost's atomic uploads, host key checked) and runs the apply command on it; one SSH
 * connection per apply, closed afterwards. A host key seen on first use is pinned for later applies.
 */
export class HaproxySshApplier implements LoadBalancerApplier {
  private expectedHostKey: string | null;

  constructor(private readonly opts: HaproxySshApplierOptions) {
    this.expectedHostKey = opts.expectedHostKey ?? null;
  }

  async apply(config: RenderedHaproxyConfig, { signal }: { signal?: AbortSignal } = {}): Promise<void> {
    // The helper takes the name from the file name: keep it one plain path component.
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(config.fragmentName)) {
      throw new HaproxyConfigError('fragmentName', `fragmentName ${JSON.stringify(config.fragmentName)} is not a plain file name`);
    }
    const stagingDir = this.opts.stagingDir ?? 'im-haproxy';
    const host = new SshHost({
      host: this.opts.host,
      port: this.opts.port,
      username: this.opts.username,
      privateKey: this.opts.privateKey,
      passphrase: this.opts.passphrase,
      workDir: stagingDir,
      expectedHostKey: this.expectedHostKey,
      onFirstHostKey: async (key) => {
        await this.opts.onFirstHostKey?.(key);
        this.expectedHostKey = key;
      },
      readyTimeoutMs: this.opts.readyTimeoutMs,
    });
    try {
      // A directory per apply: two applies at once never take each other's files.
      const run = `${Date.now()}-${randomBytes(6).toString('hex')}`;
      await host.upload([
        { path: `${run}/${config.fragmentName}.cfg`, content: config.fragment },
        { path: `${run}/${config.fragmentName}.map`, content: config.map },
      ]);
      const staged = `"$HOME"/${shellQuote(`${stagingDir}/${run}`)}`;
      const command = this.opts.applyCommand ?? DEFAULT_APPLY_COMMAND;
      // The staged files go whatever the outcome: the next apply uploads afresh.
      const script = `${command} ${staged}; status=$?; rm -rf -- ${staged}; exit $status`;
      const r = await host.exec(script, { timeoutMs: this.opts.applyTimeoutMs ?? 180_000, signal });
      if (r.code !== 0) throw new LoadBalancerApplyError(this.opts.host, config.fragmentName, r.code, outputTail(r.stdout, r.stderr));
    } finally {
      await host.close();
    }
  }
}
