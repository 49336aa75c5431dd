import { describe, expect, it } from 'vitest';
import { MongoInputError, mongoSettings, parseMongoUrl, serverLabel } from '../../server/src/integrations/mongodb/index.ts';

const ACCOUNT = { databaseName: 'demo_example_com', mongoUser: 'qkzvtrwbnmpxlhaf', mongoPassword: 'Inst4nce-pa55word' };

describe('mongoSettings', () => {
  it('points edxapp at the main database and the forum at <databaseName>_forum on the shared server, without the admin credentials', () => {
    const settings = mongoSettings('mongodb://root:Adm1n%40pw@mongo.internal:27018/?authSource=admin', ACCOUNT);
    expect(settings).toEqual({
      EDXAPP_MONGO_USER: ACCOUNT.mongoUser,
      EDXAPP_MONGO_PASSWORD: ACCOUNT.mongoPassword,
      EDXAPP_MONGO_HOSTS: 'mongo.internal',
      EDXAPP_MONGO_PORT: 27018,
      EDXAPP_MONGO_DB_NAME: 'demo_example_com',
      FORUM_MONGO_USER: ACCOUNT.mongoUser,
      FORUM_MONGO_PASSWORD: ACCOUNT.mongoPassword,
      FORUM_MONGO_HOSTS: ['mongo.internal'],
      FORUM_MONGO_PORT: 27018,
      FORUM_MONGO_DATABASE: 'demo_example_com_forum',
    });
    expect(JSON.stringify(settings)).not.toMatch(/Adm1n|root/);
  });

  it('defaults the port to 27017', () => {
    expect(mongoSettings('mongodb://mongo.internal', ACCOUNT).EDXAPP_MONGO_PORT).toBe(27017);
  });

  it('lists every replica-set member and names the set, with a forum URL that carries it', () => {
    const settings = mongoSettings('mongodb://root:pw@m1.internal:27017,m2.internal:27017,m3.internal/?replicaSet=rs0', ACCOUNT);
    expect(settings.EDXAPP_MONGO_HOSTS).toBe('m1.internal,m2.internal,m3.internal');
    expect(settings.FORUM_MONGO_HOSTS).toEqual(['m1.internal', 'm2.internal', 'm3.internal']);
    expect(settings.EDXAPP_MONGO_REPLICA_SET).toBe('rs0');
    expect(settings.FORUM_MONGO_REPLICA_SET).toBe('rs0');
    expect(settings.FORUM_MONGO_URL).toContain('m2.internal:{{ FORUM_MONGO_PORT }}');
    expect(settings.FORUM_MONGO_URL).toContain('?replicaSet={{ FORUM_MONGO_REPLICA_SET }}');
    // The password is stored once, in FORUM_MONGO_PASSWORD; the URL refers to it.
    expect(settings.FORUM_MONGO_URL).not.toContain(ACCOUNT.mongoPassword);
  });

  it('refuses what edx cannot take: SRV URLs and hosts on different ports', () => {
    expect(() => mongoSettings('mongodb+srv://root:pw@cluster.example.net/', ACCOUNT)).toThrow(MongoInputError);
    expect(() => mongoSettings('mongodb://m1:27017,m2:27018/?replicaSet=rs0', ACCOUNT)).toThrow(/one MongoDB port/);
  });
});

describe('parseMongoUrl', () => {
  it('reads hosts, ports and the decoded password, and labels the server without credentials', () => {
    const address = parseMongoUrl('mongodb://admin:p%40ss%2Fword@[::1]:27019,db2/admin?authSource=admin');
    expect(address.hosts).toEqual([
      { host: '::1', port: 27019 },
      { host: 'db2', port: 27017 },
    ]);
    expect(address.password).toBe('p@ss/word');
    expect(serverLabel(address)).toBe('[::1]:27019,db2:27017');
  });

  it('refuses a URL that is not mongodb:// without repeating it', () => {
    let error: unknown;
    try {
      parseMongoUrl('postgres://admin:S3cret-pw@db/');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MongoInputError);
    expect((error as Error).message).not.toContain('S3cret-pw');
  });
});
