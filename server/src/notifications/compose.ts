// What each notification of SPEC.md §9.7 says. Pure: the callers load the facts, this only words
// them, so every kind can be read (and tested) without a database or a mail server.
import { redactCredentialAssignments, redactor } from '../secrets.ts';

/** An instance as people know it: by name and LMS domain, never by uuid. */
export interface InstanceRef {
  name: string;
  domain: string;
}

/** An app server by its per-instance number: "AppServer 3". */
export interface AppServerRef {
  number: number;
}

export const LOG_TAIL_LINES = 100;
// A runaway line (a minified stack, a dumped JSON blob) would otherwise make one mail huge.
const MAX_LINE_CHARS = 2000;

export interface ApplicationRef {
  username: string;
  email: string;
  subdomain: string;
  status: string;
}

export interface NotificationData {
  deploymentSucceeded: { instance: InstanceRef; appServers: AppServerRef[]; activated: AppServerRef | null; type?: string };
  /** `application`: the beta-test application the instance was created for (SPEC §11), which stays as it was. */
  deploymentFailed: { instance: InstanceRef; reason: string; type?: string; application?: ApplicationRef };
  deploymentCancelled: { instance: InstanceRef; cancelledBy?: string; type?: string };
  /** `logTail`: the app server's latest lines, oldest first; `secrets`: values to mask in them. */
  appServerFailed: { instance: InstanceRef; appServer: AppServerRef; reason: string; logTail: string[]; secrets?: string[] };
  activated: { instance: InstanceRef; appServer: AppServerRef; previous: AppServerRef | null };
  /** `reason`: why, when the manager rolled back by itself (failed checks after an activation). */
  rolledBack: { instance: InstanceRef; to: AppServerRef; from: AppServerRef | null; reason?: string };
  archiveSucceeded: { instance: InstanceRef };
  archiveFailed: { instance: InstanceRef; reason: string };
  availabilityAlert: { instance: InstanceRef; url: string; consecutiveFailures: number; error: string };
  availabilityRecovered: { instance: InstanceRef; url: string; downSince?: Date };
  /** Later capabilities (orphan VMs, registration failures) say their own thing. */
  operatorWarning: { subject: string; text: string; instance?: InstanceRef };
}

export type NotificationKind = keyof NotificationData;

export type NotificationEvent = { [K in NotificationKind]: { kind: K; data: NotificationData[K] } }[NotificationKind];

export interface ComposedMessage {
  subject: string;
  text: string;
}

const appServer = (a: AppServerRef) => `AppServer ${a.number}`;
const instanceLine = (i: InstanceRef) => `Instance: ${i.name} (${i.domain})`;
const tag = (i: InstanceRef) => `[${i.name}]`;
// Deployment types as the console names them (prisma's DeploymentType); an unknown one reads as given.
const DEPLOYMENT_TYPES: Record<string, string> = {
  USER: 'User',
  PR: 'Pull-request',
  ADMIN: 'Admin',
  PERIODIC: 'Periodic',
  REGISTRATION: 'Registration',
  BATCH: 'Batch',
};
const deployment = (type?: string) => (type ? `${DEPLOYMENT_TYPES[type] ?? type} deployment` : 'Deployment');

type Composers = { [K in NotificationKind]: (data: NotificationData[K]) => ComposedMessage };

const composers: Composers = {
  deploymentSucceeded: (d) => ({
    subject: `${tag(d.instance)} ${deployment(d.type)} succeeded`,
    text: [
      instanceLine(d.instance),
      `Ready: ${d.appServers.map(appServer).join(', ') || 'no app server'}.`,
      d.activated ? `${appServer(d.activated)} is now active.` : 'Nothing was activated.',
    ].join('\n'),
  }),
  deploymentFailed: (d) => ({
    subject: `${tag(d.instance)} ${deployment(d.type)} failed`,
    text: [
      instanceLine(d.instance),
      `Reason: ${redactCredentialAssignments(d.reason)}`,
      'The active app server, if any, was left as it was.',
      ...(d.application
        ? [
            `Beta-test application of ${d.application.username} <${d.application.email}> for ${d.application.subdomain}: still ${d.application.status}.`,
            'Staff may reject it; a superuser or an instance manager may spawn an app server again.',
          ]
        : []),
    ].join('\n'),
  }),
  deploymentCancelled: (d) => ({
    subject: `${tag(d.instance)} ${deployment(d.type)} cancelled`,
    text: [instanceLine(d.instance), d.cancelledBy ? `Cancelled by ${d.cancelledBy}.` : 'Cancelled.'].join('\n'),
  }),
  appServerFailed: (d) => {
    const tail = logTail(d.logTail, d.secrets ?? []);
    return {
      subject: `${tag(d.instance)} ${appServer(d.appServer)} failed`,
      text: [
        instanceLine(d.instance),
        `${appServer(d.appServer)} failed: ${redactCredentialAssignments(redactor(d.secrets ?? [])(d.reason))}`,
        '',
        tail.length ? `Last ${tail.length} log line${tail.length === 1 ? '' : 's'}:` : 'No log lines were recorded.',
        ...tail,
      ].join('\n'),
    };
  },
  activated: (d) => ({
    subject: `${tag(d.instance)} ${appServer(d.appServer)} activated`,
    text: [
      instanceLine(d.instance),
      `${appServer(d.appServer)} now serves ${d.instance.domain}${d.previous ? `, in place of ${appServer(d.previous)}` : ''}.`,
    ].join('\n'),
  }),
  rolledBack: (d) => ({
    subject: `${tag(d.instance)} Rolled back to ${appServer(d.to)}`,
    text: [
      instanceLine(d.instance),
      `${appServer(d.to)} serves ${d.instance.domain} again${d.from ? `; ${appServer(d.from)} was deactivated` : ''}.`,
      ...(d.reason ? [`Reason: ${redactCredentialAssignments(d.reason)}`] : []),
    ].join('\n'),
  }),
  archiveSucceeded: (d) => ({
    subject: `${tag(d.instance)} Archived`,
    text: [instanceLine(d.instance), 'The instance is archived: its app servers are terminated and its resources released.'].join('\n'),
  }),
  archiveFailed: (d) => ({
    subject: `${tag(d.instance)} Archive failed`,
    text: [instanceLine(d.instance), `Reason: ${redactCredentialAssignments(d.reason)}`, 'Archiving it again retries what is left.'].join('\n'),
  }),
  availabilityAlert: (d) => ({
    subject: `${tag(d.instance)} DOWN: ${d.url}`,
    text: [instanceLine(d.instance), `${d.url} failed ${d.consecutiveFailures} checks in a row.`, `Last error: ${d.error}`].join('\n'),
  }),
  availabilityRecovered: (d) => ({
    subject: `${tag(d.instance)} UP again: ${d.url}`,
    text: [instanceLine(d.instance), `${d.url} answers again${d.downSince ? ` (down since ${d.downSince.toISOString()})` : ''}.`].join('\n'),
  }),
  operatorWarning: (d) => ({
    subject: d.instance ? `${tag(d.instance)} ${d.subject}` : d.subject,
    text: [...(d.instance ? [instanceLine(d.instance)] : []), redactCredentialAssignments(d.text)].join('\n'),
  }),
};

/** Words one notification: a one-line subject and a plain-text body. */
export function compose<K extends NotificationKind>(kind: K, data: NotificationData[K]): ComposedMessage {
  const message = (composers[kind] as (d: NotificationData[K]) => ComposedMessage)(data);
  // A subject is one header line: a newline in a name or URL must not start another header.
  return { subject: message.subject.replace(/[\r\n]+/g, ' ').slice(0, 250), text: message.text };
}

/** The last LOG_TAIL_LINES lines, with the instance's secrets and credential-looking values masked. */
export function logTail(lines: string[], secrets: string[]): string[] {
  const redact = redactor(secrets);
  return lines
    .flatMap((l) => l.split(/\r?\n/))
    .slice(-LOG_TAIL_LINES)
    .map((l) => redactCredentialAssignments(redact(l)))
    .map((l) => (l.length > MAX_LINE_CHARS ? `${l.slice(0, MAX_LINE_CHARS)}…` : l));
}
