import { describe, expect, it } from 'vitest';
import { compose, LOG_TAIL_LINES, logTail, type NotificationEvent, type NotificationKind } from '../../server/src/notifications/index.ts';
import { redactCredentialAssignments } from '../../server/src/secrets.ts';

const instance = { name: 'Demo school', domain: 'demo.example.com' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

// One example of each kind, with what its subject and text must say.
const cases: { event: NotificationEvent; subject: string; text: (string | RegExp)[] }[] = [
  {
    event: { kind: 'deploymentSucceeded', data: { instance, appServers: [{ number: 3 }, { number: 4 }], activated: { number: 3 }, type: 'USER' } },
    subject: '[Demo school] User deployment succeeded',
    text: ['Instance: Demo school (demo.example.com)', 'Ready: AppServer 3, AppServer 4.', 'AppServer 3 is now active.'],
  },
  {
    event: { kind: 'deploymentSucceeded', data: { instance, appServers: [{ number: 5 }], activated: null } },
    subject: '[Demo school] Deployment succeeded',
    text: ['Ready: AppServer 5.', 'Nothing was activated.'],
  },
  {
    event: { kind: 'deploymentFailed', data: { instance, reason: 'AppServer 2: ConfigurationFailed (exit 2)', type: 'PERIODIC' } },
    subject: '[Demo school] Periodic deployment failed',
    text: ['Reason: AppServer 2: ConfigurationFailed (exit 2)', 'left as it was'],
  },
  {
    event: {
      kind: 'deploymentFailed',
      data: {
        instance,
        reason: 'AppServer 1: ConfigurationFailed (exit 1)',
        type: 'REGISTRATION',
        application: { username: 'ada', email: 'ada@example.com', subdomain: 'demo', status: 'PENDING' },
      },
    },
    subject: '[Demo school] Registration deployment failed',
    text: ['Beta-test application of ada <ada@example.com> for demo: still PENDING.', 'a superuser or an instance manager may spawn'],
  },
  {
    event: { kind: 'deploymentCancelled', data: { instance, cancelledBy: 'alice', type: 'PR' } },
    subject: '[Demo school] Pull-request deployment cancelled',
    text: ['Cancelled by alice.'],
  },
  {
    event: { kind: 'appServerFailed', data: { instance, appServer: { number: 7 }, reason: 'ConfigurationFailed', logTail: ['TASK [x]', 'fatal: boom'] } },
    subject: '[Demo school] AppServer 7 failed',
    text: ['AppServer 7 failed: ConfigurationFailed', 'Last 2 log lines:', 'TASK [x]\nfatal: boom'],
  },
  {
    event: { kind: 'activated', data: { instance, appServer: { number: 4 }, previous: { number: 3 } } },
    subject: '[Demo school] AppServer 4 activated',
    text: ['AppServer 4 now serves demo.example.com, in place of AppServer 3.'],
  },
  {
    event: { kind: 'rolledBack', data: { instance, to: { number: 3 }, from: { number: 4 } } },
    subject: '[Demo school] Rolled back to AppServer 3',
    text: ['AppServer 3 serves demo.example.com again; AppServer 4 was deactivated.'],
  },
  {
    event: { kind: 'rolledBack', data: { instance, to: { number: 3 }, from: null, reason: 'https://demo.example.com failed 2 checks after activation' } },
    subject: '[Demo school] Rolled back to AppServer 3',
    text: [/again\.\nReason: https:\/\/demo\.example\.com failed 2 checks after activation$/],
  },
  {
    event: { kind: 'archiveSucceeded', data: { instance } },
    subject: '[Demo school] Archived',
    text: ['Instance: Demo school (demo.example.com)', 'archived'],
  },
  {
    event: { kind: 'archiveFailed', data: { instance, reason: 'terminating AppServer 2 failed 5 times' } },
    subject: '[Demo school] Archive failed',
    text: ['Reason: terminating AppServer 2 failed 5 times', 'retries'],
  },
  {
    event: { kind: 'availabilityAlert', data: { instance, url: 'https://demo.example.com/heartbeat?extended', consecutiveFailures: 2, error: 'HTTP 502' } },
    subject: '[Demo school] DOWN: https://demo.example.com/heartbeat?extended',
    text: ['failed 2 checks in a row', 'Last error: HTTP 502'],
  },
  {
    event: { kind: 'availabilityRecovered', data: { instance, url: 'https://studio-demo.example.com', downSince: new Date('2026-11-30T10:00:00Z') } },
    subject: '[Demo school] UP again: https://studio-demo.example.com',
    text: ['answers again (down since 2026-11-30T10:00:00.000Z)'],
  },
  {
    event: { kind: 'operatorWarning', data: { subject: '12 orphan VMs found, none deleted', text: 'im-a\nim-b' } },
    subject: '12 orphan VMs found, none deleted',
    text: [/^im-a\nim-b$/],
  },
  {
    event: { kind: 'operatorWarning', data: { subject: 'Registration failed', text: 'The applicant was told.', instance } },
    subject: '[Demo school] Registration failed',
    text: [/^Instance: Demo school \(demo\.example\.com\)\nThe applicant was told\.$/],
  },
];

describe('compose', () => {
  it('has an example here for every kind', () => {
    const kinds: NotificationKind[] = [
      'deploymentSucceeded',
      'deploymentFailed',
      'deploymentCancelled',
      'appServerFailed',
      'activated',
      'rolledBack',
      'archiveSucceeded',
      'archiveFailed',
      'availabilityAlert',
      'availabilityRecovered',
      'operatorWarning',
    ];
    expect(new Set(cases.map((c) => c.event.kind))).toEqual(new Set(kinds));
  });

  it.each(cases.map((c) => [`${c.event.kind}: ${c.subject}`, c] as const))('%s', (_, c) => {
    const message = compose(c.event.kind, c.event.data as never);
    expect(message.subject).toBe(c.subject);
    for (const part of c.text) {
      if (typeof part === 'string') expect(message.text).toContain(part);
      else expect(message.text).toMatch(part);
    }
    expect(message.subject + message.text).not.toMatch(UUID);
  });

  it('keeps a subject on one line whatever the names hold', () => {
    const m = compose('availabilityAlert', {
      instance: { name: 'Evil\r\nBcc: x@example.com', domain: 'd.example.com' },
      url: 'u',
      consecutiveFailures: 2,
      error: 'e',
    });
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.subject).toBe('[Evil Bcc: x@example.com] DOWN: u');
  });
});

describe("appServerFailed's log tail", () => {
  const base = { instance, appServer: { number: 2 }, reason: 'ConfigurationFailed' };

  it('masks the instance secrets and credential-looking values', () => {
    const m = compose('appServerFailed', {
      ...base,
      reason: 'exit 2 while setting EDXAPP_MYSQL_PASSWORD=Zq9-very-secret',
      logTail: [
        'ok: [server]',
        'EDXAPP_MYSQL_PASSWORD: Zq9-very-secret',
        'mysql -u edxapp001 -pZq9-very-secret',
        '"AWS_SECRET_ACCESS_KEY": "abcd/efgh+ijkl"',
        'cloning https://deploy:ghp_tokenvalue@github.com/org/repo.git',
        'password=hunter22 other=kept',
      ],
      secrets: ['Zq9-very-secret'],
    });
    expect(m.text).not.toContain('Zq9-very-secret');
    expect(m.text).not.toContain('abcd/efgh+ijkl');
    expect(m.text).not.toContain('ghp_tokenvalue');
    expect(m.text).not.toContain('hunter22');
    expect(m.text).toContain('EDXAPP_MYSQL_PASSWORD: ***');
    expect(m.text).toContain('mysql -u edxapp001 -p***');
    expect(m.text).toContain('"AWS_SECRET_ACCESS_KEY": "***"');
    expect(m.text).toContain('https://deploy:***@github.com/org/repo.git');
    expect(m.text).toContain('password=*** other=kept');
    expect(m.text).toContain('ok: [server]');
  });

  it(`keeps only the last ${LOG_TAIL_LINES} lines, counting the lines inside multi-line entries`, () => {
    const lines = Array.from({ length: 150 }, (_, i) => `line ${i + 1}`);
    const m = compose('appServerFailed', { ...base, logTail: [...lines.slice(0, 140), lines.slice(140).join('\n')] });
    const tail = m.text.split('\n').filter((l) => l.startsWith('line '));
    expect(tail).toHaveLength(100);
    expect(tail[0]).toBe('line 51');
    expect(tail.at(-1)).toBe('line 150');
    expect(m.text).toContain('Last 100 log lines:');
  });

  it('says so when there are no lines, and cuts a runaway line', () => {
    expect(compose('appServerFailed', { ...base, logTail: [] }).text).toContain('No log lines were recorded.');
    const [long] = logTail(['x'.repeat(10_000)], []);
    expect(long.length).toBeLessThanOrEqual(2001);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('credential masking', () => {
  it.each([
    ['DB_PASSWORD=abc123', 'DB_PASSWORD=***'],
    ['api_token: "t-1 2"', 'api_token: "***"'],
    ["SECRET_KEY='k'", "SECRET_KEY='***'"],
    ['user=alice host=db', 'user=alice host=db'],
    ['see https://example.com/a:b@c', 'see https://example.com/a:b@c'],
    ['amqp://edx:rabbitpw@mq:5672/vhost', 'amqp://edx:***@mq:5672/vhost'],
  ])('%s → %s', (input, output) => {
    expect(redactCredentialAssignments(input)).toBe(output);
  });
});
