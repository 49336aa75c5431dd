import { withTx } from '../db.ts';
import { lockInstance, updateInstanceColumns } from '../data/instances.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { audit, type Actor } from './audit.ts';
import { announce } from './notify.ts';

const MAX_NOTES = 100_000;

/** Staff notes (markdown) on an instance; allowed on archived instances too, they describe history. */
export async function setInstanceNotes(actor: Actor, id: string, notes: string): Promise<string> {
  if (notes.length > MAX_NOTES) throw new ValidationError('notes', `At most ${MAX_NOTES} characters.`);
  await withTx(async (client) => {
    if (!(await lockInstance(client, id))) throw new NotFoundError('No instance with this id.');
    await updateInstanceColumns(client, id, { notes });
    await audit(client, actor, 'setInstanceNotes', id, { length: notes.length });
    await announce(client, 'INSTANCE', id, id);
  });
  return id;
}
