import { MongoInputError } from './errors.ts';
import { mongoDatabaseNames, type MongoInstanceAccount } from './names.ts';
import { parseMongoUrl, serverLabel } from './url.ts';

/** The connection settings an app server's configuration playbook needs (SPEC §7.2, the original's names). */
export interface MongoAppServerSettings {
  EDXAPP_MONGO_USER: string;
  EDXAPP_MONGO_PASSWORD: string;
  /** One string: comma-separated host names (edx-platform's modulestore takes a host string). */
  EDXAPP_MONGO_HOSTS: string;
  EDXAPP_MONGO_PORT: number;
  EDXAPP_MONGO_DB_NAME: string;
  FORUM_MONGO_USER: string;
  FORUM_MONGO_PASSWORD: string;
  /** A list: the forum role joins it with the port itself. */
  FORUM_MONGO_HOSTS: string[];
  FORUM_MONGO_PORT: number;
  FORUM_MONGO_DATABASE: string;
  EDXAPP_MONGO_REPLICA_SET?: string;
  FORUM_MONGO_REPLICA_SET?: string;
  FORUM_MONGO_URL?: string;
}

/**
 * Settings pointing the instance's app servers at its two databases on the shared server at
 * `serverUrl` (the admin URL: only its hosts, port and replicaSet are used). Each database is
 * also the user's authentication database, so no auth-source setting is needed.
 */
export function mongoSettings(serverUrl: string, account: MongoInstanceAccount): MongoAppServerSettings {
  const address = parseMongoUrl(serverUrl);
  const server = serverLabel(address);
  // edx's roles take host names and one port; SRV records would need a DNS lookup they do not make.
  if (address.srv) throw new MongoInputError('app servers need MongoDB host names: a mongodb+srv:// URL cannot be used for them', server, 'settings');
  const ports = new Set(address.hosts.map((h) => h.port));
  if (ports.size !== 1) throw new MongoInputError('app servers take one MongoDB port for all hosts: the URL lists several', server, 'settings');
  const [port] = ports;
  const hosts = address.hosts.map((h) => h.host);
  const [main, forum] = mongoDatabaseNames(account.databaseName);
  const settings: MongoAppServerSettings = {
    EDXAPP_MONGO_USER: account.mongoUser,
    EDXAPP_MONGO_PASSWORD: account.mongoPassword,
    EDXAPP_MONGO_HOSTS: hosts.join(','),
    EDXAPP_MONGO_PORT: port,
    EDXAPP_MONGO_DB_NAME: main,
    FORUM_MONGO_USER: account.mongoUser,
    FORUM_MONGO_PASSWORD: account.mongoPassword,
    FORUM_MONGO_HOSTS: hosts,
    FORUM_MONGO_PORT: port,
    FORUM_MONGO_DATABASE: forum,
  };
  const replicaSet = address.options.get('replicaSet');
  if (replicaSet) {
    settings.EDXAPP_MONGO_REPLICA_SET = replicaSet;
    settings.FORUM_MONGO_REPLICA_SET = replicaSet;
    // The forum role builds its URL without the replica set; this one adds it. It refers to the
    // other variables (rendered by Ansible) so the password is stored once.
    const hostList = hosts.map((h) => `${h}:{{ FORUM_MONGO_PORT }}`).join(',');
    settings.FORUM_MONGO_URL =
      `mongodb://{{ FORUM_MONGO_USER | urlencode }}:{{ FORUM_MONGO_PASSWORD | urlencode }}@${hostList}` +
      '/{{ FORUM_MONGO_DATABASE }}?replicaSet={{ FORUM_MONGO_REPLICA_SET }}';
  }
  return settings;
}
