import { builder } from './builder.ts';
import { prisma } from '../db.ts';
import { onChange, type ChangeKind, type ChangeNotice } from '../events.ts';
import { idOf } from './ids.ts';
import { NotFoundError } from '../errors.ts';
import { abortable } from './abortable.ts';

const InstanceEventKindEnum = builder.enumType('InstanceEventKind', { values: ['INSTANCE', 'APP_SERVER', 'DEPLOYMENT', 'SERVER'] as const });

interface EventShape {
  kind: ChangeKind;
  node: { __typename: string; [k: string]: unknown };
}

const TYPENAMES: Record<ChangeKind, string> = { INSTANCE: 'Instance', APP_SERVER: 'AppServer', DEPLOYMENT: 'Deployment', SERVER: 'Server' };

async function load(n: ChangeNotice): Promise<EventShape | null> {
  const row =
    n.kind === 'INSTANCE' ? await prisma.instance.findUnique({ where: { id: n.id } }) :
    n.kind === 'APP_SERVER' ? await prisma.appServer.findUnique({ where: { id: n.id } }) :
    n.kind === 'DEPLOYMENT' ? await prisma.deployment.findUnique({ where: { id: n.id } }) :
    await prisma.server.findUnique({ where: { id: n.id } });
  if (!row) return null;
  return { kind: n.kind, node: Object.assign(row, { __typename: TYPENAMES[n.kind] }) };
}

const InstanceEventType = builder.objectRef<EventShape>('InstanceEvent').implement({
  description: 'A change to an instance or one of its app servers, deployments or servers, read after the commit.',
  fields: (t) => ({
    kind: t.field({ type: InstanceEventKindEnum, resolve: (e) => e.kind }),
    node: t.field({ type: builder.nodeInterfaceRef(), resolve: (e) => e.node as any }),
  }),
});

async function* changes(instanceId: string | null, signal?: AbortSignal): AsyncGenerator<EventShape> {
  const queue: ChangeNotice[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = onChange((n) => {
    if (instanceId && n.instanceId !== instanceId) return;
    queue.push(n);
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
  try {
    while (!signal?.aborted) {
      if (queue.length === 0) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
        wake = null;
        continue;
      }
      const n = queue.shift()!;
      const event = await load(n);
      if (event) yield event;
    }
  } finally {
    unsubscribe();
  }
}

builder.subscriptionField('instanceEvents', (t) =>
  t.field({
    type: InstanceEventType,
    description: 'Changes of one instance, or (without instanceId) of every instance you may see.',
    args: { instanceId: t.arg.id({ required: false }) },
    subscribe: async (_root, args) => {
      let id: string | null = null;
      // An empty id is a bad id, not "every instance".
      if (args.instanceId !== null && args.instanceId !== undefined) {
        id = idOf(String(args.instanceId), 'Instance').id;
        if (!(await prisma.instance.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError('No such instance.');
      }
      return abortable((signal) => changes(id, signal));
    },
    resolve: (e) => e,
  }),
);
