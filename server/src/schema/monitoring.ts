// The activation gate's results, availability per URL, the rollback watch and the notification
// settings (SPEC §9.7, §16): read-only views; no secret appears here.
import { builder } from './builder.ts';
import { pool } from '../db.ts';
import { watchOf } from '../data/activation-watches.ts';
import { urlStatesOfInstance, type UrlAvailabilityRow } from '../data/url-availability.ts';
import type { SmokeCheck } from '../integrations/monitoring/index.ts';
import { SmokeCheckFailedError } from '../services/activation-gate.ts';
import { config } from '../settings.ts';
import { ErrorInterface } from './errors.ts';

const SmokeCheckType = builder.objectRef<SmokeCheck>('SmokeCheck').implement({
  description: 'One smoke check of the activation gate: a GET of the app server with a domain as Host (SPEC §16).',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'lms-heartbeat, lms, studio or preview.' }),
    url: t.exposeString('url', { description: 'What was asked for, by domain; the request went to the app server’s address.' }),
    ok: t.exposeBoolean('ok'),
    status: t.exposeInt('status', { nullable: true, description: 'The HTTP status; null when no answer came.' }),
    error: t.exposeString('error', { nullable: true, description: 'Why no answer came.' }),
  }),
});

builder.objectType(SmokeCheckFailedError, {
  name: 'SmokeCheckFailedError',
  description: 'The activation gate refused: at least one smoke check failed. `force` skips the checks.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ checks: t.field({ type: [SmokeCheckType], resolve: (e) => e.report.checks }) }),
});

interface SmokeCheckResult {
  checkedAt: Date;
  ok: boolean;
  summary: string;
  checks: SmokeCheck[];
}

const SmokeCheckResultType = builder.objectRef<SmokeCheckResult>('SmokeCheckResult').implement({
  description: 'The last run of the activation gate on an app server.',
  fields: (t) => ({
    checkedAt: t.expose('checkedAt', { type: 'DateTime' }),
    ok: t.exposeBoolean('ok'),
    summary: t.exposeString('summary'),
    checks: t.field({ type: [SmokeCheckType], resolve: (r) => r.checks }),
  }),
});

builder.prismaObjectField('AppServer', 'lastSmokeCheck', (t) =>
  t.field({
    type: SmokeCheckResultType,
    nullable: true,
    description: 'The last smoke checks run before an activation of this app server; null if never run.',
    select: { lastSmokeCheckAt: true, lastSmokeCheckOk: true, lastSmokeCheckSummary: true, lastSmokeChecks: true },
    resolve: (a) =>
      a.lastSmokeCheckAt
        ? {
            checkedAt: a.lastSmokeCheckAt,
            ok: Boolean(a.lastSmokeCheckOk),
            summary: a.lastSmokeCheckSummary ?? '',
            checks: Array.isArray(a.lastSmokeChecks) ? (a.lastSmokeChecks as unknown as SmokeCheck[]) : [],
          }
        : null,
  }),
);

const UrlAvailabilityType = builder.objectRef<UrlAvailabilityRow>('UrlAvailability').implement({
  description: 'The builtin availability check of one public URL of an instance (SPEC §9.7).',
  fields: (t) => ({
    url: t.exposeString('url'),
    up: t.exposeBoolean('up', { description: 'Whether the last check passed.' }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    alerted: t.exposeBoolean('alerted', { description: 'An alert went out for the current failures.' }),
    lastStatus: t.exposeInt('lastStatus', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    downSince: t.expose('downSince', { type: 'DateTime', nullable: true }),
    lastCheckedAt: t.expose('lastCheckedAt', { type: 'DateTime' }),
  }),
});

interface RollbackWatch {
  switchedAt: Date;
  endsAt: Date;
  consecutiveFailures: number;
  rolledBackAt: Date | null;
}

const RollbackWatchType = builder.objectRef<RollbackWatch>('RollbackWatch').implement({
  description: 'After an automatic switch: failed availability runs in a row until `endsAt` bring the previous app servers back (SPEC §16).',
  fields: (t) => ({
    switchedAt: t.expose('switchedAt', { type: 'DateTime' }),
    endsAt: t.expose('endsAt', { type: 'DateTime' }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    rolledBackAt: t.expose('rolledBackAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectField('Instance', 'availability', (t) =>
  t.field({
    type: [UrlAvailabilityType],
    description: 'Up or down per watched URL, as the last builtin availability check found it; empty before the first.',
    resolve: (i) => urlStatesOfInstance(pool, i.id),
  }),
);

builder.prismaObjectField('Instance', 'rollbackWatch', (t) =>
  t.field({
    type: RollbackWatchType,
    nullable: true,
    description: 'The watch of the last automatic switch, while it runs or once it rolled back; null otherwise.',
    resolve: async (i) => {
      const w = await watchOf(pool, i.id);
      if (!w) return null;
      const endsAt = new Date(w.switchedAt.getTime() + config().activationWatchMinutes * 60_000);
      if (!w.rolledBackAt && endsAt.getTime() < Date.now()) return null;
      return { switchedAt: w.switchedAt, endsAt, consecutiveFailures: w.consecutiveFailures, rolledBackAt: w.rolledBackAt };
    },
  }),
);

const MailTransportEnum = builder.enumType('MailTransport', {
  description: 'SMTP when SMTP_URL is set; otherwise mail goes to the process log.',
  values: ['SMTP', 'LOG'] as const,
});
const MonitoringProviderEnum = builder.enumType('MonitoringProvider', { values: ['BUILTIN', 'NEWRELIC', 'NONE'] as const });

interface NotificationSettings {
  mailTransport: 'SMTP' | 'LOG';
  adminRecipients: number;
  webhookConfigured: boolean;
  emailFrom: string;
  monitoringProvider: 'BUILTIN' | 'NEWRELIC' | 'NONE';
  availabilityAlertAfterFailures: number;
  availabilityChecksSchedule: string;
  activationSmokeChecks: boolean;
  activationWatchMinutes: number;
}

const NotificationSettingsType = builder.objectRef<NotificationSettings>('NotificationSettings').implement({
  description: 'How this installation notifies and monitors (SPEC §9.7, §16), without the secrets.',
  fields: (t) => ({
    mailTransport: t.field({ type: MailTransportEnum, resolve: (s) => s.mailTransport }),
    emailFrom: t.exposeString('emailFrom'),
    adminRecipients: t.exposeInt('adminRecipients', { description: 'How many ADMINS addresses get every notification.' }),
    webhookConfigured: t.exposeBoolean('webhookConfigured', { description: 'Whether NOTIFY_WEBHOOK_URL is set.' }),
    monitoringProvider: t.field({ type: MonitoringProviderEnum, resolve: (s) => s.monitoringProvider }),
    availabilityAlertAfterFailures: t.exposeInt('availabilityAlertAfterFailures'),
    availabilityChecksSchedule: t.exposeString('availabilityChecksSchedule', { description: 'Cron, UTC.' }),
    activationSmokeChecks: t.exposeBoolean('activationSmokeChecks'),
    activationWatchMinutes: t.exposeInt('activationWatchMinutes'),
  }),
});

builder.queryField('notificationSettings', (t) =>
  t.field({
    type: NotificationSettingsType,
    description: 'Notification and monitoring settings, read-only (they come from the environment).',
    resolve: () => {
      const c = config();
      return {
        mailTransport: c.smtpUrl ? ('SMTP' as const) : ('LOG' as const),
        emailFrom: c.emailFrom,
        adminRecipients: c.admins.length,
        webhookConfigured: Boolean(c.notifyWebhookUrl),
        monitoringProvider: c.monitoringProvider.toUpperCase() as NotificationSettings['monitoringProvider'],
        availabilityAlertAfterFailures: c.availabilityAlertAfterFailures,
        availabilityChecksSchedule: c.availabilityChecksSchedule,
        activationSmokeChecks: c.activationSmokeChecks,
        activationWatchMinutes: c.activationWatchMinutes,
      };
    },
  }),
);
