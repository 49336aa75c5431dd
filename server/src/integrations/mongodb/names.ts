import { MongoInputError } from './errors.ts';

/** The instance's MongoDB identity (SPEC §9.6): one user, two databases. */
export interface MongoInstanceAccount {
  databaseName: string;
  mongoUser: string;
  mongoPassword: string;
}

/** Ledger kinds (SPEC §9.8). A user is named `<user>@<database>`, its ref is MongoDB's id `<database>.<user>`. */
export const MONGO_LEDGER_KINDS = { user: 'mongodb-user', database: 'mongodb-database' } as const;

const FORUM_SUFFIX = '_forum';
// MongoDB caps database names at 64 bytes; the forum's adds its suffix.
const MAX_DATABASE_NAME = 64 - FORUM_SUFFIX.length;

/** The instance's main (edxapp modulestore) and forum databases. */
export function mongoDatabaseNames(databaseName: string): [main: string, forum: string] {
  return [databaseName, `${databaseName}${FORUM_SUFFIX}`];
}

export function validateAccount(account: { databaseName: string; mongoUser: string; mongoPassword?: string }, server: string, operation: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(account.databaseName) || account.databaseName.length > MAX_DATABASE_NAME) {
    throw new MongoInputError(`MongoDB database name must be 1 to ${MAX_DATABASE_NAME} letters, digits, '_' or '-'`, server, operation);
  }
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(account.mongoUser)) {
    throw new MongoInputError("MongoDB user name must be 1 to 64 letters, digits, '_', '.' or '-'", server, operation);
  }
  if (account.mongoPassword !== undefined && account.mongoPassword.length === 0) {
    throw new MongoInputError('MongoDB password must not be empty', server, operation);
  }
}
