import ssh2 from 'ssh2';
import type { Client as ClientType } from 'ssh2';
import { HostKeyMismatchError, SshConnectError } from './errors.ts';
import { formatPublicKey, hostKeyAlgorithmsFor, publicKeyBlob } from './keys.ts';

const { Client } = ssh2;

export interface SshConnectOptions {
  host: string;
  port: number;
  username: string;
  privateKey: string | Buffer;
  passphrase?: string;
  /** OpenSSH public key the server must show; null or absent = trust on first use. */
  expectedHostKey?: string | null;
  /** Trust on first use: called with the key seen, before authentication, so the caller can pin it. */
  onFirstHostKey?: (publicKey: string) => void | Promise<void>;
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
}

/**
 * Opens an authenticated connection. The host key is checked in ssh2's `hostVerifier`, which
 * runs after key exchange and before any authentication request is sent.
 */
export function connectSsh(opts: SshConnectOptions, onClient?: (client: ClientType) => void): Promise<ClientType> {
  const expectedBlob = opts.expectedHostKey ? publicKeyBlob(opts.expectedHostKey) : null;
  const client = new Client();
  onClient?.(client);
  return new Promise((resolve, reject) => {
    let ready = false;
    // The reason we refused the server, which ssh2 only reports as a generic handshake error.
    let refusal: Error | null = null;
    const fail = (err: Error) => {
      if (ready) return;
      ready = true; // settled
      client.end();
      reject(refusal ?? err);
    };
    client.on('ready', () => {
      if (ready) return;
      ready = true;
      resolve(client);
    });
    // Always listened to: an 'error' without a listener would crash the process.
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      fail(new SshConnectError(`SSH connection to ${opts.host}:${opts.port} failed: ${err.message}`, err));
    });
    client.on('close', () => {
      fail(new SshConnectError(`SSH connection to ${opts.host}:${opts.port} closed during the handshake`));
    });
    client.connect({
      host: opts.host,
      port: opts.port,
      username: opts.username,
      privateKey: opts.privateKey,
      passphrase: opts.passphrase,
      readyTimeout: opts.readyTimeoutMs,
      keepaliveInterval: opts.keepaliveIntervalMs,
      keepaliveCountMax: 3,
      ...(opts.expectedHostKey ? { algorithms: { serverHostKey: hostKeyAlgorithmsFor(opts.expectedHostKey) } } : {}),
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        const actual = formatPublicKey(key);
        if (expectedBlob) {
          if (key.equals(expectedBlob)) return verify(true);
          refusal = new HostKeyMismatchError(opts.host, opts.port, formatPublicKey(expectedBlob), actual);
          return verify(false);
        }
        Promise.resolve()
          .then(() => opts.onFirstHostKey?.(actual))
          .then(
            () => verify(true),
            (err: unknown) => {
              refusal = err instanceof Error ? err : new Error(String(err));
              verify(false);
            },
          );
      },
    });
    // Interactive traffic (small writes, many round trips): no Nagle delay.
    client.setNoDelay(true);
  });
}

/**
 * Whether sshd answers on host:port with the expected host key, without authenticating:
 * false when the port is closed, unreachable or does not finish the handshake in time;
 * throws HostKeyMismatchError when another key answers.
 */
export function probeSsh(host: string, port: number, expectedPublicKey: string | null, timeoutMs: number): Promise<boolean> {
  const expectedBlob = expectedPublicKey ? publicKeyBlob(expectedPublicKey) : null;
  const client = new Client();
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.destroy();
      outcome();
    };
    const timer = setTimeout(() => settle(() => resolve(false)), timeoutMs);
    client.on('error', () => settle(() => resolve(false)));
    client.on('close', () => settle(() => resolve(false)));
    client.connect({
      host,
      port,
      username: 'probe',
      readyTimeout: timeoutMs,
      ...(expectedPublicKey ? { algorithms: { serverHostKey: hostKeyAlgorithmsFor(expectedPublicKey) } } : {}),
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        if (!expectedBlob || key.equals(expectedBlob)) settle(() => resolve(true));
        else {
          const mismatch = new HostKeyMismatchError(host, port, formatPublicKey(expectedBlob), formatPublicKey(key));
          settle(() => reject(mismatch));
        }
        // Either way we know the answer: leave before authenticating.
        verify(false);
      },
    });
    client.setNoDelay(true);
  });
}
