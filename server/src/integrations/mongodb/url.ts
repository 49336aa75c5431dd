import { MongoInputError } from './errors.ts';

export const MONGO_DEFAULT_PORT = 27017;

export interface MongoServerAddress {
  srv: boolean;
  hosts: { host: string; port: number }[];
  options: URLSearchParams;
  /** Decoded from the URL, so errors can be scrubbed of it; null without credentials. */
  password: string | null;
}

// mongodb://[user:pass@]host[:port][,host[:port]…][/[db]][?options]: WHATWG URL refuses the
// comma-separated host list, hence a parser of our own. Userinfo must be percent-encoded (the
// driver refuses otherwise), so it holds no '/', '?' or '@'.
const MONGO_URL = /^(mongodb(?:\+srv)?):\/\/(?:([^@/?]*)@)?([^/?]+)(?:\/[^?]*)?(?:\?(.*))?$/;

/** Parses a shared MongoDB server's URL; the error never repeats the URL (it holds the admin password). */
export function parseMongoUrl(url: string): MongoServerAddress {
  const match = MONGO_URL.exec(url.trim());
  if (!match)
    throw new MongoInputError('MongoDB server URL must look like mongodb://user:password@host[:port][,host[:port]…][/][?options]', 'unknown', 'parse URL');
  const [, scheme, userinfo, hostList, query] = match;
  let password: string | null = null;
  if (userinfo !== undefined && userinfo.includes(':')) {
    const raw = userinfo.slice(userinfo.indexOf(':') + 1);
    try {
      password = decodeURIComponent(raw);
    } catch {
      password = raw;
    }
  }
  const hosts = hostList.split(',').map((entry) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!m) throw new MongoInputError('MongoDB server URL has an invalid host', 'unknown', 'parse URL');
    return { host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : MONGO_DEFAULT_PORT };
  });
  return { srv: scheme === 'mongodb+srv', hosts, options: new URLSearchParams(query ?? ''), password };
}

/** `host:port[,host:port…]`, for messages: the server without its credentials. */
export function serverLabel(address: MongoServerAddress): string {
  const hosts = address.hosts.map(({ host, port }) => (address.srv ? host : `${host.includes(':') ? `[${host}]` : host}:${port}`)).join(',');
  return address.srv ? `mongodb+srv://${hosts}` : hosts;
}
