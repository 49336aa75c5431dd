import ssh2 from 'ssh2';
import type { ServerHostKeyAlgorithm } from 'ssh2';

const { utils } = ssh2;

/** A fresh ed25519 host key, to inject into a new VM through cloud-init's `ssh_keys`. */
export function generateHostKeyPair(): { privateKey: string; publicKey: string } {
  const pair = utils.generateKeyPairSync('ed25519');
  return { privateKey: pair.private, publicKey: pair.public.trim() };
}

/** The SSH wire-format blob of an OpenSSH public key line (`ssh-ed25519 AAAA… [comment]`). */
export function publicKeyBlob(openSshPublicKey: string): Buffer {
  const parsed = utils.parseKey(openSshPublicKey.trim());
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) {
    throw new Error(`not an OpenSSH public key: ${key instanceof Error ? key.message : 'unreadable'}`);
  }
  return key.getPublicSSH();
}

/** `<type> <base64>` for a wire-format blob, as in authorized_keys and known_hosts. */
export function formatPublicKey(blob: Buffer): string {
  const typeLength = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const type = typeLength > 0 && typeLength + 4 <= blob.length ? blob.subarray(4, 4 + typeLength).toString('latin1') : 'unknown';
  return `${type} ${blob.toString('base64')}`;
}

/**
 * Host key algorithms that make the server present a key of the pinned key's type: a VM
 * also has keys of other types (cloud-init generates them), which we could not check.
 */
export function hostKeyAlgorithmsFor(openSshPublicKey: string): ServerHostKeyAlgorithm[] {
  const type = formatPublicKey(publicKeyBlob(openSshPublicKey)).split(' ')[0];
  return type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type as ServerHostKeyAlgorithm];
}
