/**
 * §11's last subdomain rule against Gandi LiveDNS (its wire-level fake, the product's real
 * client): a record at `<sub>`, `<studio prefix><sub>`, `<preview prefix><sub>` or `*.<sub>` in
 * the base zone takes the subdomain; an unreachable provider answers "try again later"; the
 * earlier rules still come first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GandiLiveDns } from '../../server/src/integrations/dns/index.ts';
import { loadBalancing, setLoadBalancing } from '../../server/src/load-balancing.ts';
import { FakeGandi } from '../fakes/gandi/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { gqlClient, type GqlClient } from '../helpers/graphql.ts';

const TOKEN = 'pat_registration-dns-secret';
const BASE = 'courses.example.com';
const VALIDATE = `query($s: String!) { validateBetaTestSubdomain(subdomain: $s) { available message } }`;
const REGISTER = `mutation($input: RegisterBetaTestInput!) { registerBetaTest(input: $input) {
  __typename ... on ValidationError { field message } } }`;

const gandi = new FakeGandi({ domains: [BASE], tokens: [TOKEN] });
let app: TestApp;
let anonymous: GqlClient;

beforeAll(async () => {
  await gandi.start();
  app = await startTestApp({
    env: {
      PROCESS_ROLES: 'web',
      DEFAULT_INSTANCE_BASE_DOMAIN: BASE,
      DNS_PROVIDER: 'gandi',
      GANDI_API_KEY: TOKEN,
      GANDI_API_URL: gandi.url,
      SUBDOMAIN_BLACKLIST: 'blocked',
    },
  });
  // The product's own client, without the seconds it waits between tries.
  setLoadBalancing({ ...loadBalancing(), dns: new GandiLiveDns({ apiKey: TOKEN, apiUrl: gandi.url, delay: async () => {} }) });
  anonymous = gqlClient(app.url);
}, 120_000);

afterAll(async () => {
  await anonymous?.close();
  await app?.stop();
  await gandi.stop();
});

const zone = () => gandi.domains.get(BASE)!;
const validate = async (s: string) => (await anonymous.request(VALIDATE, { s })).data.validateBetaTestSubdomain;

describe('subdomain rule: no DNS record in the base zone', () => {
  it('refuses a subdomain whose name, Studio or preview name, or wildcard has a record of any type', async () => {
    zone().set('manual/A', { ttl: 300, values: ['192.0.2.10'] });
    zone().set('studio-handmade/CNAME', { ttl: 300, values: ['elsewhere.example.net.'] });
    zone().set('preview-pvw/TXT', { ttl: 300, values: ['"x"'] });
    zone().set('*.wild/CNAME', { ttl: 300, values: ['lb.example.net.'] });
    for (const s of ['manual', 'handmade', 'pvw', 'wild']) expect(await validate(s), s).toEqual({ available: false, message: 'This domain is already taken.' });
    expect(await validate('clean-one')).toEqual({ available: true, message: null });
    const asked = gandi.requestsOf('GET', `/domains/${BASE}/records/`).map((r) => r.path.split('/').pop());
    expect(asked).toEqual(expect.arrayContaining(['clean-one', 'studio-clean-one', 'preview-clean-one', '*.clean-one']));

    const res = await anonymous.request(REGISTER, {
      input: {
        username: 'dns-taken',
        email: 'dns-taken@example.com',
        password: 'Applicant-pass1',
        fullName: 'Dns Taken',
        subdomain: 'manual',
        instanceName: 'Manual',
        acceptTerms: true,
      },
    });
    expect(res.data.registerBetaTest).toEqual({ __typename: 'ValidationError', field: 'subdomain', message: 'This domain is already taken.' });
  });

  it('comes after the other rules: a blacklisted or malformed name is refused without asking DNS', async () => {
    gandi.requests.length = 0;
    expect(await validate('blocked')).toEqual({ available: false, message: 'This domain name is not available.' });
    expect(await validate('Upper')).toEqual({ available: false, message: 'Use lowercase letters, digits and hyphens, not at either end.' });
    expect(gandi.requestsOf('GET', `/domains/${BASE}/records`)).toEqual([]);
  });

  it('answers "try again later" when the provider cannot be asked, and never shows the key', async () => {
    gandi.failNext(20, 503, { methods: ['GET'], message: `echo ${TOKEN}` });
    try {
      const answer = await validate('later-one');
      expect(answer).toEqual({ available: false, message: 'The domain cannot be validated right now. Please try again later.' });
      expect(JSON.stringify(answer)).not.toContain(TOKEN);
    } finally {
      gandi.clearFaults();
    }
    gandi.rejectKeys();
    try {
      expect(await validate('later-two')).toEqual({ available: false, message: 'The domain cannot be validated right now. Please try again later.' });
    } finally {
      gandi.clearFaults();
    }
    expect(await validate('later-two')).toEqual({ available: true, message: null });
  });
});
