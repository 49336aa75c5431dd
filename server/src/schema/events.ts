import { builder } from './builder.ts';
import { instanceChanges, type ChangeKind, type ChangedRow } from '../events.ts';
import { InstanceType } from './instance.ts';
import { assertReadable, userMaySeeInstanceNow } from '../services/access.ts';

const InstanceEventKindEnum = builder.enumType('InstanceEventKind', { values: ['INSTANCE', 'APP_SERVER', 'DEPLOYMENT', 'SERVER'] as const });

interface EventShape {
  kind: ChangeKind;
  node: { __typename: string; [k: string]: unknown };
}

const TYPENAMES: Record<ChangeKind, string> = { INSTANCE: 'Instance', APP_SERVER: 'AppServer', DEPLOYMENT: 'Deployment', SERVER: 'Server' };

const InstanceEventType = builder.objectRef<EventShape>('InstanceEvent').implement({
  description: 'A change to an instance or one of its app servers, deployments or servers, read after the commit.',
  fields: (t) => ({
    kind: t.field({ type: InstanceEventKindEnum, resolve: (e) => e.kind }),
    node: t.field({ type: builder.nodeInterfaceRef(), resolve: (e) => e.node as any }),
  }),
});

builder.subscriptionField('instanceEvents', (t) =>
  t.field({
    type: InstanceEventType,
    description: 'Changes of one instance, or (without instanceId) of every instance you may see.',
    args: { instanceId: t.arg.globalID({ for: InstanceType, required: false }) },
    subscribe: async (_root, args, ctx) => {
      // An empty id is a bad id (refused as malformed), not "every instance".
      const id = args.instanceId?.id ?? null;
      if (id) await assertReadable(ctx.user, 'Instance', id);
      // Checked again for each event: an instance given to another organization, a deactivated user,
      // a revoked token or an ended session stops the flow.
      const who = ctx.reauthenticate ?? ctx.user!.id;
      return instanceChanges(id, (instanceId) => userMaySeeInstanceNow(who, instanceId));
    },
    resolve: ({ kind, row }: ChangedRow): EventShape => ({ kind, node: Object.assign(row, { __typename: TYPENAMES[kind] }) }),
  }),
);
