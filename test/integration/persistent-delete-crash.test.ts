import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parse } from 'yaml';
import { decryptSecret } from '../../server/src/secrets.ts';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';
import { triggerPoint, until, WorkerProcess, type CrashPoint } from '../helpers/crash.ts';
import { rawId, waitForAppServerStatus } from '../helpers/graphql.ts';
import { NOTHING_LEFT, persistentEnvSupport, startPersistentEnv, type PersistentEnv } from '../helpers/persistent-env.ts';
import { killProcessesIn } from '../helpers/processes.ts';
import { createInstance, spawnAppServer } from '../helpers/suite.ts';
import { reportMissing } from '../services/process.ts';

// deleteInstance resumes after a worker is SIGKILLed at each of its steps (SPEC §5): whatever the
// point, nothing of the instance is left at MariaDB, RabbitMQ, the MongoDB and S3 fakes, and
// every ledger row ends `deleted`. One point per outside system and one at each end of the job
// (each costs a spawn and a worker restart, about 20 s on a loaded machine).

const support = persistentEnvSupport();
reportMissing('the delete crash matrix (real MariaDB and RabbitMQ)', support);

const ledgerReaches = (kind: string, state: string) => `NEW.kind = '${kind}' AND NEW.state = '${state}'`;
const POINTS: CrashPoint[] = [
  triggerPoint('as the archive starts on the broker', 'provisioned_resource', ledgerReaches('rabbitmq-vhost', 'DELETING'), 'UPDATE'),
  triggerPoint('after the vhost was deleted, before the archive is stamped', 'provisioned_resource', ledgerReaches('rabbitmq-vhost', 'DELETED'), 'UPDATE'),
  triggerPoint('between two MySQL drops', 'provisioned_resource', ledgerReaches('mysql-user', 'DELETED'), 'UPDATE'),
  triggerPoint('after a MongoDB user was dropped', 'provisioned_resource', ledgerReaches('mongodb-user', 'DELETED'), 'UPDATE'),
  triggerPoint('after the bucket was deleted, before its IAM user', 'provisioned_resource', ledgerReaches('s3-bucket', 'DELETED'), 'UPDATE'),
  triggerPoint('as the rows are deleted', 'instance', 'OLD.id IS NOT NULL', 'DELETE'),
];

describe.skipIf(!support.ok)('deleteInstance with a worker killed at any point', () => {
  const secrets = { SECRET_KEY: randomBytes(32).toString('base64'), SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'im-delete-crash-'));
  let services: PersistentEnv;
  let signedIn: SignedInApp;
  const worker = new WorkerProcess(() => ({ ...services.env, ...secrets, DATABASE_URL: signedIn.app.databaseUrl, DATA_DIR: dataDir }));

  beforeAll(async () => {
    services = await startPersistentEnv();
    signedIn = await startSignedInApp({ env: { ...services.env, ...secrets, PROCESS_ROLES: 'web', DATA_DIR: dataDir } });
    worker.start();
  }, 180_000);

  afterAll(async () => {
    await worker.kill('SIGTERM');
    await signedIn?.close();
    await killProcessesIn(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    await services?.stop();
  });

  it.each(POINTS.map((p, i) => [p.name, p, i] as const))(
    'resumes when killed %s',
    async (_name, point, index) => {
      const { api, db } = signedIn;
      const id = await createInstance(api, `gone${index}`);
      const { appServerId } = await spawnAppServer(api, id);
      await waitForAppServerStatus(api, id, appServerId, 'RUNNING', 90_000);
      const inst = (await db.query(`SELECT * FROM instance WHERE id = $1`, [rawId(id)])).rows[0];
      const ident = {
        databaseName: inst.databaseName,
        mysqlUser: inst.mysqlUser,
        mongoUser: inst.mongoUser,
        rabbitmqVhost: inst.rabbitmqVhost,
        rabbitmqUsers: [inst.rabbitmqProviderUser, inst.rabbitmqConsumerUser],
      };
      // Data as an app server leaves it: documents, and an object with two versions.
      services.mongo.seed(inst.databaseName, 'modulestore', [{ course: 'x' }]);
      const settings = parse(
        decryptSecret((await db.query(`SELECT "renderedSettingsEnc" FROM app_server WHERE id = $1`, [rawId(appServerId)])).rows[0].renderedSettingsEnc),
      );
      const s3 = new S3Client({
        region: services.s3.region,
        endpoint: services.s3.url,
        forcePathStyle: true,
        credentials: { accessKeyId: settings.EDXAPP_AWS_ACCESS_KEY_ID, secretAccessKey: settings.EDXAPP_AWS_SECRET_ACCESS_KEY },
      });
      for (const body of ['1', '2']) await s3.send(new PutObjectCommand({ Bucket: inst.storageBucket, Key: 'a.txt', Body: body }));
      s3.destroy();
      expect((await services.leftovers(ident)).mysqlDatabases).toHaveLength(11);

      await point.arm(db);
      const res = await api.request(`mutation($id: ID!, $d: String!) { deleteInstance(id: $id, confirmDomain: $d) { __typename } }`, {
        id,
        d: inst.internalLmsDomain,
      });
      expect(res.data.deleteInstance.__typename).toBe('MutationDeleteInstanceSuccess');
      await point.held(db);
      await worker.kill('SIGKILL');
      await point.release(db);
      // The dead worker's jobs would expire after their deadline; move time instead of waiting for it.
      await db.query(`UPDATE pgboss.job SET state = 'retry', start_after = now() WHERE state = 'active'`);
      worker.start();
      await until('the instance to be deleted', async () => (await db.query(`SELECT 1 FROM instance WHERE id = $1`, [inst.id])).rowCount === 0, 120_000);

      expect(await services.leftovers(ident)).toEqual(NOTHING_LEFT);
      const ledger = (await db.query(`SELECT kind, name, state FROM provisioned_resource WHERE "instanceId" = $1`, [inst.id])).rows;
      expect(ledger.length).toBeGreaterThan(20);
      for (const row of ledger) expect(row.state, `${row.kind} ${row.name}`).toBe('DELETED');
      expect((await db.query(`SELECT count(*)::int AS n FROM app_server WHERE "instanceId" = $1`, [inst.id])).rows[0].n).toBe(0);
    },
    240_000,
  );
});
