// Child process for the two-process test: writes tagged lines to one app server's log through
// the product's batching log writer, then exits.
import { connectDb, disconnectDb } from '../../server/src/db.ts';
import { LogWriter } from '../../server/src/logs.ts';

const [databaseUrl, appServerId, countArg, tag] = process.argv.slice(2);
connectDb(databaseUrl, 4);
const writer = new LogWriter({ maxBatch: 7, maxDelayMs: 5 });
for (let i = 0; i < Number(countArg); i++) {
  writer.write({ appServerId }, 'INFO', `${tag} ${i}`);
  if (i % 5 === 0) await new Promise((r) => setImmediate(r));
}
await writer.flush();
await disconnectDb();
