import { isIP } from 'node:net';

/**
 * This installation's part of one HAProxy load balancer (SPEC §9.4), rendered as a config
 * fragment of backends and a map from host name to backend. The load balancer may be shared
 * with other installations: every name we emit carries `backendPostfix`, and the fragment and
 * map are ours alone (`fragmentName`).
 */
export interface HaproxyState {
  /** LOAD_BALANCER_FRAGMENT_NAME_PREFIX + the load balancer's postfix: the file names on the host. */
  fragmentName: string;
  backendPostfix: string;
  instances: HaproxyInstance[];
  /** Where instances without an active app server go; absent = nowhere (HAProxy answers 503). */
  preliminary?: PreliminaryPage;
}

export interface HaproxyInstance {
  databaseName: string;
  /** Internal and external domains; matched case-insensitively. */
  domains: string[];
  basicAuth?: { username: string; password: string };
  /** The active app servers only. */
  appServers: { n: number; publicIp: string; httpPort: number }[];
}

export interface PreliminaryPage {
  /** PRELIMINARY_PAGE_SERVER_IP: reached over TLS on port 443. */
  serverIp: string;
  /** PRELIMINARY_PAGE_HOSTNAME: sent as Host and SNI and required in the certificate. */
  hostname?: string;
  /** The CAs the preliminary server's certificate must chain to. */
  caFile?: string;
}

export interface RenderedHaproxyConfig {
  fragmentName: string;
  fragment: string;
  map: string;
}

/** The state would not render to a safe configuration; `field` names the offending input. */
export class HaproxyConfigError extends Error {
  override readonly name = 'HaproxyConfigError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_CA_FILE = '/etc/ssl/certs/ca-certificates.crt';
export const STICKINESS_COOKIE = 'im-appserver';

// Names become file names and HAProxy identifiers; nothing that a config line could split on.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const POSTFIX = /^[A-Za-z0-9_-]+$/;
const LABEL = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const DOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const FILE_PATH = /^\/[A-Za-z0-9_.+\/-]+$/;

/** JSON.stringify quotes the value, so a newline or a space in it stays visible in the message. */
function shown(value: unknown): string {
  return JSON.stringify(value);
}

function checkName(field: string, value: string, pattern: RegExp): string {
  if (typeof value !== 'string' || !pattern.test(value) || value.length > 200) {
    throw new HaproxyConfigError(field, `${field} ${shown(value)} is not a safe HAProxy name (${pattern.source})`);
  }
  return value;
}

function checkDomain(field: string, value: string): string {
  const domain = typeof value === 'string' ? value.toLowerCase() : value;
  if (typeof domain !== 'string' || domain.length > 253 || !DOMAIN.test(domain)) {
    throw new HaproxyConfigError(field, `${field} ${shown(value)} is not a domain name`);
  }
  return domain;
}

function checkIp(field: string, value: string): string {
  if (typeof value !== 'string' || isIP(value) === 0) throw new HaproxyConfigError(field, `${field} ${shown(value)} is not an IP address`);
  return value;
}

function checkPort(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new HaproxyConfigError(field, `${field} ${shown(value)} is not a TCP port`);
  return value;
}

/** `ip:port` as HAProxy reads it; an IPv6 address needs its family prefix to keep its colons apart from the port's. */
function address(ip: string, port: number): string {
  return isIP(ip) === 6 ? `ipv6@${ip}:${port}` : `${ip}:${port}`;
}

function basicAuthHeader(field: string, auth: { username: string; password: string }): string {
  const { username, password } = auth;
  // The pair never appears in an error: only which part is wrong.
  if (typeof username !== 'string' || username === '' || username.includes(':')) {
    throw new HaproxyConfigError(`${field}.username`, `${field}.username must be non-empty and without ':' (RFC 7617)`);
  }
  if (typeof password !== 'string') throw new HaproxyConfigError(`${field}.password`, `${field}.password must be a string`);
  // Base64 has no character HAProxy's config parser would treat specially.
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Renders the fragment and the map. Pure and deterministic: instances, app servers and map lines
 * are sorted, so an unchanged state gives identical bytes. Throws HaproxyConfigError on any
 * input that is not a plain name, domain, address or port, rather than escaping it.
 */
export function renderHaproxyConfig(state: HaproxyState): RenderedHaproxyConfig {
  const fragmentName = checkName('fragmentName', state.fragmentName, NAME);
  const postfix = checkName('backendPostfix', state.backendPostfix, POSTFIX);
  const preliminaryBackend = `be-preliminary-${postfix}`;
  const backends: string[] = [];
  const routes = new Map<string, { backend: string; owner: string }>();
  let preliminaryUsed = false;

  const instances = [...state.instances].sort((a, b) => byString(a.databaseName, b.databaseName));
  const seenDatabases = new Set<string>();
  for (const [i, instance] of instances.entries()) {
    const field = `instances[${i}]`;
    const databaseName = checkName(`${field}.databaseName`, instance.databaseName, POSTFIX);
    if (seenDatabases.has(databaseName)) throw new HaproxyConfigError(`${field}.databaseName`, `instance ${databaseName} appears twice`);
    seenDatabases.add(databaseName);
    const servers = [...instance.appServers].sort((a, b) => a.n - b.n);
    let backend: string | null = null;
    if (servers.length > 0) {
      backend = `be-${databaseName}-${postfix}`;
      backends.push(renderBackend(backend, `${field}`, instance, servers));
    } else if (state.preliminary) {
      backend = preliminaryBackend;
      preliminaryUsed = true;
    }
    for (const [j, raw] of instance.domains.entries()) {
      const domain = checkDomain(`${field}.domains[${j}]`, raw);
      const existing = routes.get(domain);
      if (existing && existing.owner !== databaseName) {
        throw new HaproxyConfigError(`${field}.domains[${j}]`, `domain ${domain} belongs to both ${existing.owner} and ${databaseName}`);
      }
      // No backend: no map line, so HAProxy finds no backend for the host and answers 503.
      if (backend) routes.set(domain, { backend, owner: databaseName });
    }
  }
  if (preliminaryUsed && state.preliminary) backends.push(renderPreliminary(preliminaryBackend, state.preliminary));

  const header = `# HAProxy fragment ${fragmentName}, rendered by the instance manager: every apply replaces it.\n`;
  const fragment = header + backends.map((b) => `\n${b}`).join('');
  const map = [...routes.entries()]
    .sort(([a], [b]) => byString(a, b))
    .map(([domain, { backend }]) => `${domain} ${backend}\n`)
    .join('');
  return { fragmentName, fragment, map };
}

function renderBackend(backend: string, field: string, instance: HaproxyInstance, servers: HaproxyInstance['appServers']): string {
  const lines = [`backend ${backend}`, '    mode http', `    cookie ${STICKINESS_COOKIE} insert postonly indirect`];
  if (instance.basicAuth) {
    // The client's own credentials win: only a request without them gets the instance's.
    lines.push(
      `    http-request set-header Authorization "${basicAuthHeader(`${field}.basicAuth`, instance.basicAuth)}" unless { req.hdr(authorization) -m found }`,
    );
  }
  lines.push('    option httpchk GET /heartbeat');
  // One server cannot fail over to another: checking it would only turn a slow heartbeat into a 503.
  const check = servers.length >= 2 ? ' check' : '';
  const seen = new Set<number>();
  for (const [k, server] of servers.entries()) {
    const sfield = `${field}.appServers[${k}]`;
    if (!Number.isInteger(server.n) || server.n < 0)
      throw new HaproxyConfigError(`${sfield}.n`, `${sfield}.n ${shown(server.n)} is not a non-negative integer`);
    if (seen.has(server.n)) throw new HaproxyConfigError(`${sfield}.n`, `app server ${server.n} appears twice`);
    seen.add(server.n);
    const name = `appserver-${server.n}`;
    const target = address(checkIp(`${sfield}.publicIp`, server.publicIp), checkPort(`${sfield}.httpPort`, server.httpPort));
    lines.push(`    server ${name} ${target} cookie ${name}${check}`);
  }
  return lines.join('\n') + '\n';
}

function renderPreliminary(backend: string, page: PreliminaryPage): string {
  const ip = checkIp('preliminary.serverIp', page.serverIp);
  const caFile = page.caFile ?? DEFAULT_CA_FILE;
  if (!FILE_PATH.test(caFile) || caFile.split('/').includes('..')) {
    throw new HaproxyConfigError('preliminary.caFile', `preliminary.caFile ${shown(caFile)} is not a plain absolute path`);
  }
  const lines = [`backend ${backend}`, '    mode http'];
  let tls = `ssl verify required ca-file ${caFile}`;
  if (page.hostname !== undefined) {
    const hostname = checkDomain('preliminary.hostname', page.hostname);
    lines.push(`    http-request set-header Host ${hostname}`);
    tls += ` sni str(${hostname}) verifyhost ${hostname}`;
  }
  lines.push(`    server preliminary-page ${address(ip, 443)} ${tls}`);
  return lines.join('\n') + '\n';
}
