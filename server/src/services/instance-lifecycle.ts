import { pool, withTx } from '../db.ts';
import { clearArchived, instanceSecretMaster, lockInstanceArchiveState } from '../data/instances.ts';
import { InvalidStateError, NotFoundError } from '../errors.ts';
import { insertLogLines } from '../logs.ts';
import { basicAuthOf } from '../secrets.ts';
import { audit, type Actor } from './audit.ts';
import { announce } from './notify.ts';

/**
 * Unarchive (SPEC §5): clears archivedAt. The instance keeps its load balancer; the next spawn's
 * allocation plans its backend and CNAMEs again (the ledger re-plans deleted rows).
 */
export async function unarchiveInstance(actor: Actor, id: string): Promise<string> {
  await withTx(async (client) => {
    const state = await lockInstanceArchiveState(client, id);
    if (!state) throw new NotFoundError('No such instance.');
    if (!state.archivedAt) {
      throw new InvalidStateError(
        state.archiveRequestedAt ? 'ARCHIVING' : 'LIVE',
        state.archiveRequestedAt ? 'The instance is being archived: wait for the archive to finish.' : 'The instance is not archived.',
      );
    }
    await clearArchived(client, id);
    await insertLogLines(client, [
      { target: { instanceId: id }, level: 'INFO', text: `Unarchived by ${actor.username}; the next spawn allocates its routing again.` },
    ]);
    await audit(client, actor, 'unarchiveInstance', id, null);
    await announce(client, 'INSTANCE', id, id);
  });
  return id;
}

/** The basic-auth pair of an instance, for testing an app server by its address; the reveal is audited (never the pair). */
export async function revealInstanceBasicAuth(actor: Actor, id: string): Promise<{ username: string; password: string }> {
  const row = await instanceSecretMaster(pool, id);
  if (!row) throw new NotFoundError('No such instance.');
  const auth = basicAuthOf(row);
  await audit(pool, actor, 'revealInstanceBasicAuth', id, null);
  return { username: auth.user, password: auth.password };
}
