import { describe, expect, it } from 'vitest';
import { HaproxyConfigError, renderHaproxyConfig, type HaproxyInstance, type HaproxyState } from '../../server/src/integrations/lb/haproxy/index.ts';
import { outputTail } from '../../server/src/integrations/lb/haproxy/apply.ts';

function instance(overrides: Partial<HaproxyInstance> = {}): HaproxyInstance {
  return {
    databaseName: 'acme_prod',
    domains: ['acme.example.com', 'studio.acme.example.com'],
    appServers: [{ n: 3, publicIp: '192.0.2.10', httpPort: 80 }],
    ...overrides,
  };
}

function state(overrides: Partial<HaproxyState> = {}): HaproxyState {
  return { fragmentName: 'im-frag-ab12', backendPostfix: 'ab12', instances: [instance()], ...overrides };
}

/** The lines of one backend section, indentation stripped. */
function backend(fragment: string, name: string): string[] {
  const sections = fragment.split(/\n(?=backend )/);
  const section = sections.find((s) => s.startsWith(`backend ${name}\n`));
  if (!section) throw new Error(`no backend ${name} in:\n${fragment}`);
  return section
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
}

function refusal(s: HaproxyState): HaproxyConfigError {
  try {
    renderHaproxyConfig(s);
  } catch (err) {
    expect(err).toBeInstanceOf(HaproxyConfigError);
    return err as HaproxyConfigError;
  }
  throw new Error('rendered without complaint');
}

describe('HAProxy fragment and map', () => {
  it('gives an instance with one active app server a sticky backend without health check', () => {
    const { fragment, map, fragmentName } = renderHaproxyConfig(state());
    expect(fragmentName).toBe('im-frag-ab12');
    expect(backend(fragment, 'be-acme_prod-ab12')).toEqual([
      'mode http',
      'cookie im-appserver insert postonly indirect',
      'option httpchk GET /heartbeat',
      'server appserver-3 192.0.2.10:80 cookie appserver-3',
    ]);
    expect(map).toBe('acme.example.com be-acme_prod-ab12\nstudio.acme.example.com be-acme_prod-ab12\n');
  });

  it('checks every app server when there are two or more, in app-server order', () => {
    const { fragment } = renderHaproxyConfig(
      state({
        instances: [
          instance({
            appServers: [
              { n: 12, publicIp: '192.0.2.12', httpPort: 8080 },
              { n: 4, publicIp: '192.0.2.4', httpPort: 80 },
            ],
          }),
        ],
      }),
    );
    expect(backend(fragment, 'be-acme_prod-ab12').filter((l) => l.startsWith('server '))).toEqual([
      'server appserver-4 192.0.2.4:80 cookie appserver-4 check',
      'server appserver-12 192.0.2.12:8080 cookie appserver-12 check',
    ]);
  });

  it("adds the instance's basic-auth header only to requests without one", () => {
    const { fragment } = renderHaproxyConfig(state({ instances: [instance({ basicAuth: { username: 'staff', password: 'p@ss word"\n' } })] }));
    const expected = Buffer.from('staff:p@ss word"\n').toString('base64');
    expect(backend(fragment, 'be-acme_prod-ab12')).toContain(
      `http-request set-header Authorization "Basic ${expected}" unless { req.hdr(authorization) -m found }`,
    );
    // Quotes and newlines of the password stay inside the base64.
    expect(fragment).not.toContain('p@ss');
  });

  it('refuses a basic-auth username with a colon without showing the credentials', () => {
    const err = refusal(state({ instances: [instance({ basicAuth: { username: 'a:b', password: 'hunter2' } })] }));
    expect(err.field).toBe('instances[0].basicAuth.username');
    expect(err.message).not.toMatch(/hunter2|a:b/);
  });

  it('sends instances without an active app server to the preliminary page over verified TLS', () => {
    const { fragment, map } = renderHaproxyConfig(
      state({
        instances: [instance({ appServers: [] }), instance({ databaseName: 'beta', domains: ['beta.example.com'], appServers: [] })],
        preliminary: { serverIp: '198.51.100.7', hostname: 'Preliminary.Example.NET' },
      }),
    );
    expect(backend(fragment, 'be-preliminary-ab12')).toEqual([
      'mode http',
      'http-request set-header Host preliminary.example.net',
      'server preliminary-page 198.51.100.7:443 ssl verify required ca-file /etc/ssl/certs/ca-certificates.crt sni str(preliminary.example.net) verifyhost preliminary.example.net',
    ]);
    expect(fragment.match(/^backend /gm)).toHaveLength(1);
    expect(map).toBe('acme.example.com be-preliminary-ab12\nbeta.example.com be-preliminary-ab12\nstudio.acme.example.com be-preliminary-ab12\n');
  });

  it('keeps the Host header when no preliminary hostname is set, and takes another CA file', () => {
    const { fragment } = renderHaproxyConfig(
      state({ instances: [instance({ appServers: [] })], preliminary: { serverIp: '198.51.100.7', caFile: '/etc/haproxy/preliminary-ca.pem' } }),
    );
    expect(backend(fragment, 'be-preliminary-ab12')).toEqual([
      'mode http',
      'server preliminary-page 198.51.100.7:443 ssl verify required ca-file /etc/haproxy/preliminary-ca.pem',
    ]);
  });

  it('maps nothing for an instance without active app servers when there is no preliminary page (HAProxy answers 503)', () => {
    const { fragment, map } = renderHaproxyConfig(
      state({ instances: [instance({ appServers: [] }), instance({ databaseName: 'other', domains: ['other.example.com'] })] }),
    );
    expect(map).toBe('other.example.com be-other-ab12\n');
    expect(fragment).not.toMatch(/be-acme_prod|preliminary/);
  });

  it('lower-cases every domain in the map', () => {
    const { map } = renderHaproxyConfig(state({ instances: [instance({ domains: ['LMS.Acme.Example.COM', 'Courses.Customer.ORG'] })] }));
    expect(map).toBe('courses.customer.org be-acme_prod-ab12\nlms.acme.example.com be-acme_prod-ab12\n');
  });

  it('renders the same bytes for the same state in any order', () => {
    const a = instance({
      databaseName: 'a_inst',
      domains: ['z.example.com', 'a.example.com'],
      appServers: [
        { n: 2, publicIp: '192.0.2.2', httpPort: 80 },
        { n: 1, publicIp: '192.0.2.1', httpPort: 80 },
      ],
    });
    const b = instance({ databaseName: 'b_inst', domains: ['m.example.com'] });
    const first = renderHaproxyConfig(state({ instances: [a, b] }));
    const shuffled = renderHaproxyConfig(
      state({
        instances: [{ ...b }, { ...a, domains: [...a.domains].reverse(), appServers: [...a.appServers].reverse() }],
      }),
    );
    expect(shuffled).toEqual(first);
    expect(first.fragment.indexOf('be-a_inst')).toBeLessThan(first.fragment.indexOf('be-b_inst'));
    expect(first.fragment.indexOf('appserver-1 ')).toBeLessThan(first.fragment.indexOf('appserver-2 '));
  });

  it('writes IPv6 app servers with their family prefix', () => {
    const { fragment } = renderHaproxyConfig(state({ instances: [instance({ appServers: [{ n: 1, publicIp: '2001:db8::5', httpPort: 80 }] })] }));
    expect(fragment).toContain('server appserver-1 ipv6@2001:db8::5:80 cookie appserver-1\n');
  });

  it.each([
    ['a domain with a newline', { instances: [instance({ domains: ['evil.example.com\nbackend x'] })] }, 'instances[0].domains[0]'],
    ['a domain with a space', { instances: [instance({ domains: ['evil.example.com be-other'] })] }, 'instances[0].domains[0]'],
    ['a domain with a tab', { instances: [instance({ domains: ['evil.example.com\tx'] })] }, 'instances[0].domains[0]'],
    ['an empty domain', { instances: [instance({ domains: [''] })] }, 'instances[0].domains[0]'],
    ['a database name with a newline', { instances: [instance({ databaseName: 'x\n    server y' })] }, 'instances[0].databaseName'],
    ['a database name with a space', { instances: [instance({ databaseName: 'x y' })] }, 'instances[0].databaseName'],
    ['a fragment name with a slash', { fragmentName: '../haproxy' }, 'fragmentName'],
    ['a fragment name with a newline', { fragmentName: 'im\nx' }, 'fragmentName'],
    ['a postfix with a space', { backendPostfix: 'ab 12' }, 'backendPostfix'],
    [
      'an app server address that is a host name',
      { instances: [instance({ appServers: [{ n: 1, publicIp: 'evil host', httpPort: 80 }] })] },
      'instances[0].appServers[0].publicIp',
    ],
    [
      'an out-of-range port',
      { instances: [instance({ appServers: [{ n: 1, publicIp: '192.0.2.1', httpPort: 70000 }] })] },
      'instances[0].appServers[0].httpPort',
    ],
    [
      'a fractional app-server number',
      { instances: [instance({ appServers: [{ n: 1.5, publicIp: '192.0.2.1', httpPort: 80 }] })] },
      'instances[0].appServers[0].n',
    ],
    [
      'twice the same app-server number',
      {
        instances: [
          instance({
            appServers: [
              { n: 1, publicIp: '192.0.2.1', httpPort: 80 },
              { n: 1, publicIp: '192.0.2.2', httpPort: 80 },
            ],
          }),
        ],
      },
      'instances[0].appServers[1].n',
    ],
    [
      'a preliminary hostname with a space',
      { instances: [instance({ appServers: [] })], preliminary: { serverIp: '198.51.100.7', hostname: 'a b' } },
      'preliminary.hostname',
    ],
    [
      'a preliminary CA file with a space',
      { instances: [instance({ appServers: [] })], preliminary: { serverIp: '198.51.100.7', caFile: '/tmp/x y' } },
      'preliminary.caFile',
    ],
    ['a preliminary address that is not an IP', { instances: [instance({ appServers: [] })], preliminary: { serverIp: 'x\ny' } }, 'preliminary.serverIp'],
  ] as [string, Partial<HaproxyState>, string][])('refuses %s', (_what, overrides, field) => {
    expect(refusal(state(overrides)).field).toBe(field);
  });

  it('refuses one domain routed to two instances', () => {
    const err = refusal(state({ instances: [instance(), instance({ databaseName: 'other', domains: ['ACME.example.com'] })] }));
    expect(err.message).toMatch(/acme\.example\.com belongs to both acme_prod and other/);
  });

  it('accepts a domain listed twice by the same instance, once in the map', () => {
    const { map } = renderHaproxyConfig(state({ instances: [instance({ domains: ['a.example.com', 'A.example.com'] })] }));
    expect(map).toBe('a.example.com be-acme_prod-ab12\n');
  });
});

describe('apply output tail', () => {
  it('keeps the end of long output and redacts basic-auth values', () => {
    const tail = outputTail('x'.repeat(5_000), 'parsing: set-header Authorization "Basic c3RhZmY6aHVudGVyMg==" bad');
    expect(tail).not.toContain('c3RhZmY6aHVudGVyMg');
    expect(tail).toContain('Basic <redacted>');
    expect(tail.length).toBeLessThanOrEqual(2_001);
    expect(tail.startsWith('…')).toBe(true);
  });
});
