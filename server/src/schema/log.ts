import { GraphQLError } from 'graphql';
import { builder } from './builder.ts';
import { config } from '../settings.ts';
import { LogLevelEnum } from './enums.ts';
import { InstanceType } from './instance.ts';
import { AppServerType, ServerType } from './app-server.ts';
import { assertReadable, whileVisible } from '../services/access.ts';
import { followLogEntries, lastLogEntries, logEntriesAfter, logSelection, type LogEntry } from '../logs.ts';

export const LogEntryType = builder.objectRef<LogEntry>('LogEntry').implement({
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Increasing; pass the last one seen as afterId to resume.' }),
    level: t.field({ type: LogLevelEnum, resolve: (r) => r.level }),
    text: t.exposeString('text'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/** A log target is an instance (its own lines), an app server (with its server's) or a server. */
function selectionOf(target: { typename: string; id: string }, errorsOnly: boolean) {
  return logSelection(target.typename as 'Instance' | 'AppServer' | 'Server', target.id, errorsOnly);
}

const LOG_TARGETS = [InstanceType, AppServerType, ServerType];

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

const MAX_LOG_ENTRY_ID = 2n ** 63n - 1n;

function checkAfterId(afterId: string | null | undefined): string | null {
  if (afterId === null || afterId === undefined) return null;
  // Ids are Postgres bigints: a larger number would fail in the query instead of here.
  if (!/^\d{1,19}$/.test(afterId) || BigInt(afterId) > MAX_LOG_ENTRY_ID) throw badInput('afterId must be a log entry id (a decimal number).');
  return afterId;
}

function checkLimit(limit: number | null | undefined): number {
  const max = config().logLimit;
  if (limit === null || limit === undefined) return Math.min(500, max);
  if (limit < 1 || limit > max) throw badInput(`limit must be between 1 and ${max} (LOG_LIMIT).`);
  return limit;
}

builder.queryField('logEntries', (t) =>
  t.field({
    type: [LogEntryType],
    description: 'Stored log lines of an instance, app server or server: after `afterId`, or the last 500. `limit`: 1 to LOG_LIMIT (10,000).',
    args: {
      target: t.arg.globalID({ for: LOG_TARGETS, required: true }),
      afterId: t.arg.string({ required: false }),
      limit: t.arg.int({ required: false }),
      errorsOnly: t.arg.boolean({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const limit = checkLimit(args.limit);
      const afterId = checkAfterId(args.afterId);
      await assertReadable(ctx.user, args.target.typename as 'Instance' | 'AppServer' | 'Server', args.target.id);
      const selection = await selectionOf(args.target, Boolean(args.errorsOnly));
      return afterId ? logEntriesAfter(selection, afterId, limit) : lastLogEntries(selection, limit);
    },
  }),
);

builder.subscriptionField('logLines', (t) =>
  t.field({
    type: LogEntryType,
    description: 'Stored lines after `afterId` (or the last 500), then live lines as they are written.',
    args: {
      target: t.arg.globalID({ for: LOG_TARGETS, required: true }),
      afterId: t.arg.string({ required: false }),
      errorsOnly: t.arg.boolean({ required: false }),
    },
    subscribe: async (_root, args, ctx) => {
      const afterId = checkAfterId(args.afterId);
      await assertReadable(ctx.user, args.target.typename as 'Instance' | 'AppServer' | 'Server', args.target.id);
      const selection = await selectionOf(args.target, Boolean(args.errorsOnly));
      // Checked again as lines arrive: a deactivated user, a revoked token, an ended session or an instance given away ends the stream.
      return whileVisible(
        followLogEntries(selection, afterId),
        ctx.reauthenticate ?? ctx.user!.id,
        args.target.typename as 'Instance' | 'AppServer' | 'Server',
        args.target.id,
      );
    },
    resolve: (row) => row,
  }),
);
