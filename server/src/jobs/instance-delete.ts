import { pool, withTx } from '../db.ts';
import { deleteInstanceRows, loadInstance, markArchiveRequested } from '../data/instances.ts';
import { describeError } from '../errors.ts';
import { insertLogLines } from '../logs.ts';
import { logger } from '../logger.ts';
import { enqueue, instanceArchive, instanceDelete } from '../queue.ts';
import { handle } from './handlers.ts';
import { deleteInstanceData } from './persistent-data.ts';

/** How long delete waits for its archive (15 s between looks): past it, deleteInstance again resumes. */
export const DELETE_ARCHIVE_POLLS = 400;

/**
 * deleteInstance's job (SPEC §5): archive first (app servers, routing, DNS, broker), then the
 * databases, users, bucket and every remaining ledger resource, then every row. Each part looks
 * before it acts, so a worker killed anywhere resumes from where the outside systems stand.
 */
export const instanceDeleteHandler = handle(instanceDelete, async ({ instanceId, poll = 0 }) => {
  const inst = await loadInstance(pool, instanceId);
  if (!inst?.deleteRequestedAt) return;
  if (!inst.archivedAt) {
    await withTx(async (client) => {
      if (poll >= DELETE_ARCHIVE_POLLS) {
        await insertLogLines(client, [{ target: { instanceId }, level: 'ERROR', text: 'Delete stopped: the archive did not finish. Delete again to resume.' }]);
        return;
      }
      if (!inst.archiveRequestedAt || poll === 0) {
        await markArchiveRequested(client, instanceId);
        await enqueue(client, instanceArchive, { instanceId });
      }
      await enqueue(client, instanceDelete, { instanceId, poll: poll + 1 }, { startAfter: Math.min(2 * 2 ** Math.min(poll, 3), 15) });
    });
    return;
  }
  try {
    await deleteInstanceData(instanceId);
  } catch (e) {
    await insertLogLines(pool, [{ target: { instanceId }, level: 'WARNING', text: `Delete: ${describeError(e)} (retrying).` }]);
    throw e;
  }
  await withTx((client) => deleteInstanceRows(client, instanceId));
  logger.info('instance deleted', { instanceId, domain: inst.internalLmsDomain });
});
