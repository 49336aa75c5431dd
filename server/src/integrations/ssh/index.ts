export { generateHostKeyPair, publicKeyBlob, formatPublicKey } from './keys.ts';
export { connectSsh, probeSsh, type SshConnectOptions } from './connect.ts';
export { SshHost, shellQuote, type SshHostOptions, type ExecOptions, type ExecResult } from './host.ts';
export { HostKeyMismatchError, SshConnectError, SshConnectionClosedError, SshTimeoutError } from './errors.ts';
