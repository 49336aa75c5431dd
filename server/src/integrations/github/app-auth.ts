// GitHub App authentication: a short JWT signed with the app's private key (RS256) buys an
// installation token, which is kept until shortly before it expires.
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { GitHubError } from './types.ts';

export interface GitHubAppCredentials {
  appId: string;
  /** PEM, PKCS#1 (`BEGIN RSA PRIVATE KEY`, as GitHub hands it out) or PKCS#8; `\n` escapes accepted. */
  privateKey: string;
  installationId: string;
}

// GitHub refuses a JWT living longer than 10 minutes and allows for clock drift with a
// back-dated `iat`.
const JWT_LIFETIME_S = 9 * 60;
const JWT_BACKDATE_S = 60;
// An installation token lives an hour; a fresh one is fetched this long before it ends.
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function loadAppPrivateKey(pem: string): KeyObject {
  const text = pem.includes('\\n') && !pem.includes('\n') ? pem.replace(/\\n/g, '\n') : pem;
  try {
    const key = createPrivateKey(text.trim());
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
    return key;
  } catch (e) {
    // The key's text must not reach a message: name the problem only.
    throw new GitHubError('not-configured', null, `GITHUB_APP_PRIVATE_KEY is not an RSA private key in PEM form (${(e as Error).message.split('\n')[0]})`);
  }
}

/** The app's JWT (RS256) for `now` (ms): `iss` = app id, `iat` a minute back, `exp` nine minutes on. */
export function appJwt(appId: string, key: KeyObject, now: number): string {
  const seconds = Math.floor(now / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iat: seconds - JWT_BACKDATE_S, exp: seconds + JWT_LIFETIME_S, iss: appId }));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** Fetches `POST /app/installations/{id}/access_tokens` with the JWT; returns the token and when it ends. */
export type InstallationTokenFetcher = (jwt: string, installationId: string) => Promise<{ token: string; expiresAt: Date }>;

/** Installation tokens, cached until near expiry; concurrent callers share one request. */
export class InstallationTokens {
  private readonly key: KeyObject;
  private cached: { token: string; expiresAt: number } | null = null;
  private inFlight: Promise<string> | null = null;

  constructor(
    private readonly credentials: GitHubAppCredentials,
    private readonly fetchToken: InstallationTokenFetcher,
    private readonly now: () => number = Date.now,
  ) {
    if (!credentials.appId || !credentials.installationId)
      throw new GitHubError('not-configured', null, 'GITHUB_APP_ID and GITHUB_APP_INSTALLATION_ID are both needed');
    this.key = loadAppPrivateKey(credentials.privateKey);
  }

  jwt(): string {
    return appJwt(this.credentials.appId, this.key, this.now());
  }

  async token(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.expiresAt - TOKEN_REFRESH_MARGIN_MS) return cached.token;
    this.inFlight ??= this.fetchToken(this.jwt(), this.credentials.installationId)
      .then(({ token, expiresAt }) => {
        this.cached = { token, expiresAt: expiresAt.getTime() };
        return token;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Forgets a token GitHub refused (revoked, or the installation's permissions changed). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }
}
