import type { OpenStackClient } from './client.ts';

// Flavor, image and key-pair resolution (SPEC §9.1), usable before anything is created.

/** A VM spec the provider cannot satisfy (unknown flavor or image, malformed JSON, missing key pair): permanent. */
export class VmSpecError extends Error {
  constructor(
    readonly field: 'flavor' | 'image' | 'keyName' | 'network' | 'securityGroups',
    message: string,
  ) {
    super(message);
    this.name = 'VmSpecError';
  }
}

export type FlavorSpec = { name: string } | { ram?: number; disk?: number; vcpus?: number };
export type ImageSpec = { name: string } | { id: string };

export interface Flavor {
  id: string;
  name: string;
  ram: number;
  disk: number;
  vcpus: number;
}

export interface Image {
  id: string;
  name: string;
}

function parseObject(field: 'flavor' | 'image', spec: string | object): Record<string, unknown> {
  let value: unknown = spec;
  if (typeof spec === 'string') {
    try {
      value = JSON.parse(spec);
    } catch (e) {
      throw new VmSpecError(field, `the ${field} spec is not valid JSON (${(e as Error).message}): ${spec}`);
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new VmSpecError(field, `the ${field} spec must be a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** `{"name": "m1.medium"}` or exact attributes `{"ram": 4096, "disk": 40}` with optional `vcpus`. */
export function parseFlavorSpec(spec: string | object): FlavorSpec {
  const o = parseObject('flavor', spec);
  const text = JSON.stringify(o);
  const keys = Object.keys(o);
  if ('name' in o) {
    if (keys.length !== 1 || typeof o.name !== 'string' || !o.name) {
      throw new VmSpecError('flavor', `the flavor spec ${text} must be either {"name": "<flavor name>"} or attributes like {"ram": 4096, "disk": 40}`);
    }
    return { name: o.name };
  }
  const unknown = keys.filter((k) => !['ram', 'disk', 'vcpus'].includes(k));
  if (unknown.length || keys.length === 0) {
    throw new VmSpecError('flavor', `the flavor spec ${text} must be {"name": …} or use only ram, disk and vcpus`);
  }
  for (const k of keys) {
    if (!Number.isInteger(o[k]) || (o[k] as number) < 0) throw new VmSpecError('flavor', `the flavor spec ${text}: ${k} must be a whole number`);
  }
  return o as FlavorSpec;
}

/** `{"name": …}` (the newest active image of that name) or `{"id": …}`. */
export function parseImageSpec(spec: string | object): ImageSpec {
  const o = parseObject('image', spec);
  const keys = Object.keys(o);
  if (keys.length === 1 && (keys[0] === 'name' || keys[0] === 'id') && typeof o[keys[0]] === 'string' && o[keys[0]]) {
    return o as ImageSpec;
  }
  throw new VmSpecError('image', `the image spec ${JSON.stringify(o)} must be {"name": "<image name>"} or {"id": "<image id>"}`);
}

export async function listFlavors(client: OpenStackClient): Promise<Flavor[]> {
  const flavors: Flavor[] = [];
  let marker: string | undefined;
  // Nova pages long lists; follow the marker until a short page.
  for (let page = 0; page < 100; page++) {
    const query = new URLSearchParams({ limit: '1000', ...(marker ? { marker } : {}) });
    const res = await client.request<{ flavors: Flavor[]; flavors_links?: { rel: string }[] }>('compute', 'GET', `/flavors/detail?${query}`);
    flavors.push(...res.flavors);
    if (!res.flavors_links?.some((l) => l.rel === 'next') || res.flavors.length === 0) break;
    marker = res.flavors[res.flavors.length - 1].id;
  }
  return flavors;
}

/** The flavor a spec names; several matches → the first by name; none → VmSpecError. */
export async function resolveFlavor(client: OpenStackClient, spec: string | object): Promise<Flavor> {
  const parsed = parseFlavorSpec(spec);
  const flavors = await listFlavors(client);
  const matches = flavors
    .filter((f) =>
      'name' in parsed
        ? f.name === parsed.name
        : (parsed.ram === undefined || f.ram === parsed.ram) &&
          (parsed.disk === undefined || f.disk === parsed.disk) &&
          (parsed.vcpus === undefined || f.vcpus === parsed.vcpus),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!matches.length) {
    throw new VmSpecError(
      'flavor',
      `no flavor matches ${JSON.stringify(parsed)} in region ${client.region} (flavors: ${flavors.map((f) => `${f.name} ${f.ram} MB/${f.disk} GB/${f.vcpus} vCPU`).join(', ') || 'none'})`,
    );
  }
  return matches[0];
}

/** The image a spec names: by name the newest active one, by id that image (which must be active). */
export async function resolveImage(client: OpenStackClient, spec: string | object): Promise<Image> {
  const parsed = parseImageSpec(spec);
  if ('id' in parsed) {
    const res = await client.call<{ id: string; name: string; status: string }>('image', 'GET', `/v2/images/${encodeURIComponent(parsed.id)}`, undefined, {
      accept: [404],
    });
    if (res.status === 404 || !res.body) throw new VmSpecError('image', `no image with id ${parsed.id} in region ${client.region}`);
    if (res.body.status !== 'active') throw new VmSpecError('image', `the image ${parsed.id} (${res.body.name}) is ${res.body.status}, not active`);
    return { id: res.body.id, name: res.body.name };
  }
  const query = new URLSearchParams({ name: parsed.name, status: 'active', sort: 'created_at:desc', limit: '1' });
  const res = await client.request<{ images: { id: string; name: string }[] }>('image', 'GET', `/v2/images?${query}`);
  const image = res.images.find((i) => i.name === parsed.name);
  if (!image) throw new VmSpecError('image', `no active image named "${parsed.name}" in region ${client.region}`);
  return { id: image.id, name: image.name };
}

/** The key pair must exist: Nova would refuse the create with a vaguer message. */
export async function checkKeyPair(client: OpenStackClient, name: string): Promise<void> {
  const res = await client.call('compute', 'GET', `/os-keypairs/${encodeURIComponent(name)}`, undefined, { accept: [404] });
  if (res.status === 404) throw new VmSpecError('keyName', `no key pair named "${name}" in region ${client.region}`);
}

export interface ResolvedVmSpec {
  flavorRef: string;
  flavorName: string;
  imageRef: string;
  imageName: string;
  keyName: string;
}

/** Pipeline step 3: everything a create needs, resolved before anything is created. */
export async function resolveVmSpec(
  client: OpenStackClient,
  spec: { flavor: string | object; image: string | object; keyName: string },
): Promise<ResolvedVmSpec> {
  // Parse both first, so a malformed spec is reported without calling the provider.
  parseFlavorSpec(spec.flavor);
  parseImageSpec(spec.image);
  const flavor = await resolveFlavor(client, spec.flavor);
  const image = await resolveImage(client, spec.image);
  await checkKeyPair(client, spec.keyName);
  return { flavorRef: flavor.id, flavorName: flavor.name, imageRef: image.id, imageName: image.name, keyName: spec.keyName };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** OPENSTACK_NETWORK may be a network's id or its name. */
export async function resolveNetwork(client: OpenStackClient, network: string): Promise<string> {
  if (UUID.test(network)) return network;
  const res = await client.request<{ networks: { id: string; name: string }[] }>('network', 'GET', `/v2.0/networks?${new URLSearchParams({ name: network })}`);
  const found = res.networks.find((n) => n.name === network);
  if (!found) throw new VmSpecError('network', `no network named "${network}" in region ${client.region} (OPENSTACK_NETWORK)`);
  return found.id;
}
