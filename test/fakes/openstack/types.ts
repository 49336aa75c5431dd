// The fake's records and replies, shared by the services it answers for.
export interface FakeFlavor {
  id: string;
  name: string;
  ram: number;
  disk: number;
  vcpus: number;
}
export interface FakeImage {
  id: string;
  name: string;
  status: string;
  created_at: string;
}
export interface FakeRule {
  id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
}
export interface FakeSecurityGroup {
  id: string;
  name: string;
  description: string;
  rules: FakeRule[];
}
export interface FakeServer {
  id: string;
  name: string;
  status: string;
  flavorRef: string;
  imageRef: string;
  keyName: string | null;
  securityGroups: string[];
  networks: unknown;
  metadata: Record<string, string>;
  /** user_data decoded from base64 (null when none was sent). */
  userData: string | null;
  addresses: Record<string, { addr: string; version: number; 'OS-EXT-IPS:type': string }[]>;
  fault?: { message: string; code: number; created: string };
  created: string;
}

export interface FakeOpenStackOptions {
  username?: string;
  password?: string;
  project?: string;
  /** Milliseconds a new server stays in BUILD. */
  bootDelayMs?: number;
  rebootDelayMs?: number;
  stopDelayMs?: number;
  /** Token lifetime given in expires_at. */
  tokenTtlMs?: number;
}

export interface ActiveHookResult {
  address: string;
}
export type OnServerActive = (
  server: FakeServer,
  boot: { userData: string | null; metadata: Record<string, string> },
) => Promise<ActiveHookResult> | ActiveHookResult;

export const REGIONS = { r1: 'RegionOne', r2: 'RegionTwo' } as const;

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** Nova's error body: `{"itemNotFound": {"code": 404, "message": …}}`. */
export function novaError(status: number, fault: string, message: string): Reply {
  return { status, json: { [fault]: { code: status, message } } };
}

/** Neutron's error body: `{"NeutronError": {"type", "message", "detail"}}`. */
export function neutronError(status: number, type: string, message: string): Reply {
  return { status, json: { NeutronError: { type, message, detail: '' } } };
}
