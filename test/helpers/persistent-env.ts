import { startFakeMongo, type FakeMongo } from '../fakes/mongodb/index.ts';
import { startFakeObjectStore, type FakeObjectStore } from '../fakes/s3/index.ts';
import { mariadbSupport, startMariaDb, type PrivateMariaDb } from '../services/mariadb.ts';
import type { ServiceSupport } from '../services/process.ts';
import { rabbitmqSupport, startRabbitMq, type PrivateRabbitMq } from '../services/rabbitmq.ts';

/** Real MariaDB and RabbitMQ (Debian packages) are needed; MongoDB and S3 are wire-level fakes. */
export function persistentEnvSupport(): ServiceSupport {
  const mariadb = mariadbSupport();
  if (!mariadb.ok) return mariadb;
  return rabbitmqSupport();
}

export interface PersistentEnv {
  mariadb: PrivateMariaDb;
  rabbitmq: PrivateRabbitMq;
  mongo: FakeMongo;
  s3: FakeObjectStore;
  /** The product's settings pointing at all four, with per-instance IAM and the SMTP relay on. */
  env: Record<string, string>;
  /** What the instance still has at each server: empty lists once it is deleted. */
  leftovers(instance: { databaseName: string; mysqlUser: string; mongoUser: string; rabbitmqVhost: string; rabbitmqUsers: string[] }): Promise<Leftovers>;
  stop(): Promise<void>;
}

export interface Leftovers {
  mysqlDatabases: string[];
  mysqlUsers: string[];
  mongoUsers: string[];
  mongoDatabases: string[];
  vhosts: string[];
  brokerUsers: string[];
  buckets: string[];
  iamUsers: string[];
}

export const MONGO_ADMIN = { user: 'im-admin', password: 'Mongo-adm1n-secret' };
export const RELAY = { host: 'relay.example.net', password: 'relay-pa55word-secret' };

/** Starts the four servers once for a test file (a minute at most: RabbitMQ is the slow one). */
export async function startPersistentEnv(): Promise<PersistentEnv> {
  const [mariadb, rabbitmq, mongo, s3] = await Promise.all([startMariaDb(), startRabbitMq(), startFakeMongo({ admin: MONGO_ADMIN }), startFakeObjectStore()]);
  const admin = Buffer.from(`${rabbitmq.adminUser}:${rabbitmq.adminPassword}`).toString('base64');
  const rabbitGet = async (path: string): Promise<any> => {
    const res = await fetch(`${rabbitmq.apiUrl}/api/${path}`, { headers: { authorization: `Basic ${admin}` } });
    return res.json();
  };
  return {
    mariadb,
    rabbitmq,
    mongo,
    s3,
    env: {
      INSTANCE_EPHEMERAL_DATABASES: 'false',
      DEFAULT_INSTANCE_MYSQL_URL: mariadb.adminUrl,
      DEFAULT_INSTANCE_MONGO_URL: mongo.adminUrl(),
      RABBITMQ_API_URL: rabbitmq.apiUrl,
      RABBITMQ_ADMIN_USERNAME: rabbitmq.adminUser,
      RABBITMQ_ADMIN_PASSWORD: rabbitmq.adminPassword,
      INSTANCE_RABBITMQ_HOST: '127.0.0.1',
      INSTANCE_RABBITMQ_PORT: String(rabbitmq.amqpPort),
      S3_ENDPOINT_URL: s3.url,
      S3_IAM_ENDPOINT_URL: s3.url,
      S3_REGION: s3.region,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_PER_INSTANCE_IAM: 'true',
      INSTANCE_SMTP_RELAY_HOST: RELAY.host,
      INSTANCE_SMTP_RELAY_USERNAME: 'relay-user',
      INSTANCE_SMTP_RELAY_PASSWORD: RELAY.password,
      INSTANCE_SMTP_RELAY_SENDER_DOMAIN: 'mail.example.net',
      ALLOW_INSTANCE_DELETE: 'true',
    },
    async leftovers(instance) {
      const root = await mariadb.rootConnection();
      try {
        const [dbs] = await root.query<any[]>(`SELECT schema_name AS n FROM information_schema.schemata WHERE schema_name LIKE ?`, [
          `${instance.databaseName}\\_%`,
        ]);
        const [users] = await root.query<any[]>(`SELECT user AS n FROM mysql.user WHERE user LIKE ?`, [`${instance.mysqlUser}\\_%`]);
        const vhosts = ((await rabbitGet('vhosts')) as { name: string }[]).map((v) => v.name).filter((n) => n === instance.rabbitmqVhost);
        const brokerUsers = ((await rabbitGet('users')) as { name: string }[]).map((u) => u.name).filter((n) => instance.rabbitmqUsers.includes(n));
        return {
          mysqlDatabases: dbs.map((r) => r.n).sort(),
          mysqlUsers: users.map((r) => r.n).sort(),
          mongoUsers: [...mongo.users.keys()].filter((k) => k.endsWith(`.${instance.mongoUser}`)).sort(),
          mongoDatabases: mongo.databaseNames().filter((n) => n === instance.databaseName || n === `${instance.databaseName}_forum`),
          vhosts,
          brokerUsers,
          buckets: [...s3.s3.buckets.keys()].filter((b) => b.includes(instance.databaseName.replace(/_/g, '-'))),
          iamUsers: [...s3.iam.users.keys()].filter((u) => u.includes(instance.databaseName.replace(/_/g, '-'))),
        };
      } finally {
        await root.end();
      }
    },
    async stop() {
      await Promise.allSettled([mariadb.stop(), rabbitmq.stop(), mongo.close(), s3.stop()]);
    },
  };
}

export const NOTHING_LEFT: Leftovers = {
  mysqlDatabases: [],
  mysqlUsers: [],
  mongoUsers: [],
  mongoDatabases: [],
  vhosts: [],
  brokerUsers: [],
  buckets: [],
  iamUsers: [],
};
