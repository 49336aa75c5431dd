/**
 * MongoDB for PERSISTENT instances (SPEC §9.6): on a shared server, the instance's user gets
 * readWrite on `<databaseName>` and `<databaseName>_forum`. The user is created in each of the
 * two databases (each is its own authentication database), as the original did: edx-platform
 * and the forum authenticate against the database they use, without an auth-source setting.
 */
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { toMongoIntegrationError } from './errors.ts';
import { MONGO_LEDGER_KINDS, mongoDatabaseNames, validateAccount, type MongoInstanceAccount } from './names.ts';
import { parseMongoUrl, serverLabel } from './url.ts';

export * from './errors.ts';
export { MONGO_LEDGER_KINDS, mongoDatabaseNames, type MongoInstanceAccount } from './names.ts';
export { mongoSettings, type MongoAppServerSettings } from './settings.ts';
export { parseMongoUrl, serverLabel } from './url.ts';

/** Ledger hooks (SPEC §9.8): the intent is recorded before the call that creates, the ref after. */
export interface MongoLedgerCallbacks {
  onIntent?(kind: string, name: string): Promise<void> | void;
  onCreated?(kind: string, name: string, ref: string): Promise<void> | void;
  onDeleted?(kind: string, name: string, ref: string): Promise<void> | void;
}

export interface MongoCallOptions {
  ledger?: MongoLedgerCallbacks;
  /** Bounds connecting, server selection and each command's wait for an answer (ms). */
  timeoutMs?: number;
}

export const MONGO_DEFAULT_TIMEOUT_MS = 10_000;

export interface MongoProvisionResult {
  users: { database: string; user: string; outcome: 'created' | 'updated' }[];
}

export interface MongoDeprovisionResult {
  users: { database: string; user: string; outcome: 'dropped' | 'absent' }[];
  databases: string[];
}

// MongoDB 4.4+ answers a duplicate createUser with 51003; older servers said DuplicateKey.
const USER_EXISTS_CODES = new Set([51003, 11000]);
const USER_NOT_FOUND = 11;

interface AdminSession {
  /** Runs one step, turning driver errors into typed ones that name `operation`. */
  step<T>(operation: string, fn: () => Promise<T>): Promise<T>;
  db(name: string): Db;
}

async function withAdmin<T>(
  adminUrl: string,
  account: { databaseName: string; mongoUser: string; mongoPassword?: string },
  options: MongoCallOptions,
  operation: string,
  fn: (session: AdminSession) => Promise<T>,
): Promise<T> {
  const address = parseMongoUrl(adminUrl);
  const server = serverLabel(address);
  validateAccount(account, server, operation);
  const secrets = account.mongoPassword ? [account.mongoPassword] : [];
  const allSecrets = address.password ? [address.password, ...secrets] : secrets;
  const timeoutMs = options.timeoutMs ?? MONGO_DEFAULT_TIMEOUT_MS;
  const step = async <R>(label: string, run: () => Promise<R>): Promise<R> => {
    try {
      return await run();
    } catch (error) {
      throw toMongoIntegrationError(error, server, label, allSecrets);
    }
  };
  const client = await step(
    operation,
    async () =>
      new MongoClient(adminUrl, {
        appName: 'instance-manager',
        serverSelectionTimeoutMS: timeoutMs,
        connectTimeoutMS: timeoutMs,
        socketTimeoutMS: timeoutMs,
        maxPoolSize: 1,
        // User administration is not a retryable write; a retry is the caller's decision.
        retryWrites: false,
        retryReads: false,
      }),
  );
  try {
    await step(`${operation}: connect`, () => client.connect());
    return await fn({ step, db: (name) => client.db(name) });
  } finally {
    await client.close().catch(() => {});
  }
}

/**
 * Creates (or, on a rerun, updates to the given password and roles) the instance's user in both
 * of its databases, with readWrite there. The databases themselves appear on the first write.
 */
export async function provisionMongo(adminUrl: string, account: MongoInstanceAccount, options: MongoCallOptions = {}): Promise<MongoProvisionResult> {
  const { ledger } = options;
  return withAdmin(adminUrl, account, options, `provision ${account.databaseName}`, async (session) => {
    const users: MongoProvisionResult['users'] = [];
    for (const database of mongoDatabaseNames(account.databaseName)) {
      const name = `${account.mongoUser}@${database}`;
      const user = { pwd: account.mongoPassword, roles: [{ role: 'readWrite', db: database }] };
      await ledger?.onIntent?.(MONGO_LEDGER_KINDS.user, name);
      const outcome = await session.step(`createUser ${name}`, async () => {
        try {
          await session.db(database).command({ createUser: account.mongoUser, ...user });
          return 'created' as const;
        } catch (error) {
          if (!(error instanceof MongoServerError && USER_EXISTS_CODES.has(Number(error.code)))) throw error;
        }
        await session.db(database).command({ updateUser: account.mongoUser, ...user });
        return 'updated' as const;
      });
      await ledger?.onCreated?.(MONGO_LEDGER_KINDS.user, name, `${database}.${account.mongoUser}`);
      // MongoDB creates the database on the first write by the app server; it is recorded now so
      // that delete walks it.
      await ledger?.onIntent?.(MONGO_LEDGER_KINDS.database, database);
      await ledger?.onCreated?.(MONGO_LEDGER_KINDS.database, database, database);
      users.push({ database, user: account.mongoUser, outcome });
    }
    return { users };
  });
}

/**
 * Drops the instance's user from both databases and both databases (a user or database already
 * gone counts as dropped). dropDatabase alone would leave the users: MongoDB keeps them apart.
 */
export async function deprovisionMongo(
  adminUrl: string,
  account: Pick<MongoInstanceAccount, 'databaseName' | 'mongoUser'>,
  options: MongoCallOptions = {},
): Promise<MongoDeprovisionResult> {
  const { ledger } = options;
  return withAdmin(adminUrl, account, options, `deprovision ${account.databaseName}`, async (session) => {
    const result: MongoDeprovisionResult = { users: [], databases: [] };
    for (const database of mongoDatabaseNames(account.databaseName)) {
      const name = `${account.mongoUser}@${database}`;
      const outcome = await session.step(`dropUser ${name}`, async () => {
        try {
          await session.db(database).command({ dropUser: account.mongoUser });
          return 'dropped' as const;
        } catch (error) {
          if (error instanceof MongoServerError && error.code === USER_NOT_FOUND) return 'absent' as const;
          throw error;
        }
      });
      await ledger?.onDeleted?.(MONGO_LEDGER_KINDS.user, name, `${database}.${account.mongoUser}`);
      result.users.push({ database, user: account.mongoUser, outcome });
      await session.step(`dropDatabase ${database}`, () => session.db(database).dropDatabase());
      await ledger?.onDeleted?.(MONGO_LEDGER_KINDS.database, database, database);
      result.databases.push(database);
    }
    return result;
  });
}
