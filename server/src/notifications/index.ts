export { compose, logTail, LOG_TAIL_LINES } from './compose.ts';
export type { AppServerRef, ComposedMessage, InstanceRef, NotificationData, NotificationEvent, NotificationKind } from './compose.ts';
export { Notifier } from './notifier.ts';
export type { NotifierDependencies, NotifyOutcome } from './notifier.ts';
