import { withTx } from '../db.ts';
import { lockInstanceDeleteState, markArchiveRequested, markDeleteRequested } from '../data/instances.ts';
import { InvalidStateError, NotFoundError, ValidationError } from '../errors.ts';
import { enqueue, instanceDelete } from '../queue.ts';
import { config } from '../settings.ts';
import { audit, type Actor } from './audit.ts';
import { announce } from './notify.ts';

/**
 * deleteInstance (SPEC §5): superusers only (the schema's scope), with ALLOW_INSTANCE_DELETE, and
 * the LMS domain typed again. Nothing changes unless all three hold; then a job archives the
 * instance and removes its data and rows. Calling again while it runs resumes it.
 */
export async function deleteInstance(actor: Actor, id: string, confirmDomain: string): Promise<string> {
  if (!actor.isSuperuser) throw new NotFoundError('No such instance.');
  if (!config().allowInstanceDelete) {
    throw new InvalidStateError('DELETE_DISABLED', 'Deleting instances is turned off on this installation (ALLOW_INSTANCE_DELETE).');
  }
  await withTx(async (client) => {
    const state = await lockInstanceDeleteState(client, id);
    if (!state) throw new NotFoundError('No such instance.');
    if (confirmDomain.trim().toLowerCase() !== state.internalLmsDomain) {
      throw new ValidationError('confirmDomain', 'Type the instance’s LMS domain exactly to confirm the delete.');
    }
    await markDeleteRequested(client, id);
    // From now on no spawn starts; the job asks for the archive itself.
    if (!state.archivedAt) await markArchiveRequested(client, id);
    await enqueue(client, instanceDelete, { instanceId: id });
    await audit(client, actor, 'deleteInstance', id, { confirmDomain: state.internalLmsDomain });
    await announce(client, 'INSTANCE', id, id);
  });
  return id;
}
