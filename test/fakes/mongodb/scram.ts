// The server half of SCRAM-SHA-256 (RFC 5802, RFC 7677) as mongod runs it over saslStart /
// saslContinue: the server keeps only the salted keys, never the password.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** mongod's minimum (and the driver refuses fewer); its default is 15000, slower for no gain here. */
const ITERATIONS = 4096;

export interface ScramCredentials {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();
const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

// SASLprep maps nothing in printable ASCII, and the tests' passwords are printable ASCII.
export function scramCredentials(password: string): ScramCredentials {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  return { salt, iterations: ITERATIONS, storedKey: sha256(hmac(salted, 'Client Key')), serverKey: hmac(salted, 'Server Key') };
}

/** Splits `a=1,b=2` SCRAM attribute lists. */
function attributes(message: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) map.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return map;
}

export class ScramError extends Error {
  override readonly name = 'ScramError';
}

/** One conversation: `first` answers the client-first message, `final` checks the proof. */
export class ScramConversation {
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';
  readonly userName: string;

  constructor(clientFirst: string) {
    // gs2 header "n,," (no channel binding, no authzid), then the bare message.
    if (!clientFirst.startsWith('n,,')) throw new ScramError('unsupported GS2 header');
    this.clientFirstBare = clientFirst.slice(3);
    const attrs = attributes(this.clientFirstBare);
    const user = attrs.get('n');
    const clientNonce = attrs.get('r');
    if (!user || !clientNonce) throw new ScramError('client-first message lacks n= or r=');
    this.userName = user.replace(/=2C/g, ',').replace(/=3D/g, '=');
    this.nonce = clientNonce + randomBytes(24).toString('base64');
  }

  first(credentials: ScramCredentials): string {
    this.serverFirst = `r=${this.nonce},s=${credentials.salt.toString('base64')},i=${credentials.iterations}`;
    return this.serverFirst;
  }

  /** Returns the server-final message (`v=` signature) when the proof holds; throws otherwise. */
  final(credentials: ScramCredentials, clientFinal: string): string {
    const attrs = attributes(clientFinal);
    if (attrs.get('r') !== this.nonce) throw new ScramError('nonce mismatch');
    const proof = Buffer.from(attrs.get('p') ?? '', 'base64');
    const withoutProof = clientFinal.slice(0, clientFinal.lastIndexOf(',p='));
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(credentials.storedKey, authMessage);
    if (proof.length !== clientSignature.length) throw new ScramError('bad proof');
    const clientKey = Buffer.from(proof.map((b, i) => b ^ clientSignature[i]));
    if (!timingSafeEqual(sha256(clientKey), credentials.storedKey)) throw new ScramError('bad proof');
    return `v=${hmac(credentials.serverKey, authMessage).toString('base64')}`;
  }
}
