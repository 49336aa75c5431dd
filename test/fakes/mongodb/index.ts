/**
 * A wire-level MongoDB for tests: a TCP server on 127.0.0.1 (port 0) speaking the MongoDB wire
 * protocol (OP_MSG, plus OP_QUERY/OP_REPLY for the driver's first `isMaster`) with BSON bodies, so
 * the real `mongodb` driver connects, authenticates and runs commands against it. No MongoDB
 * server package exists for this machine (Debian 12 ships none, and the npm packages that bring
 * one download a binary), hence a fake of the few commands the instance manager uses.
 *
 * It answers as a standalone mongod 7.0 (maxWireVersion 21): `hello`/`isMaster`, `ping`,
 * `buildInfo`, `endSessions`, SCRAM-SHA-256 over `saslStart`/`saslContinue` (or speculatively inside
 * the handshake, as mongod 4.4+ does), `createUser`,
 * `updateUser`, `dropUser`, `usersInfo`, `dropDatabase`, `listDatabases`, `insert` and `find`
 * (equality filters). Users and databases live in memory. As in mongod, users are stored apart
 * from the data, so `dropDatabase` leaves a database's users in place; a database exists once
 * something was written to it. With `admin` credentials the fake runs with authentication on
 * (mongod --auth, the admin holding `root`); commands then need a user whose roles allow them.
 * Errors have mongod's shape `{ ok: 0, errmsg, code, codeName }`.
 *
 * Faults, for the next N matching commands (by name; without a name any command but the
 * handshake, authentication and `endSessions`): `failNext` (an error reply), `closeNext` (the
 * connection is closed before the command runs), `loseReplyNext` (it runs, then the connection
 * closes instead of replying), `hangNext` (never answered); `clearFaults`.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Binary, Long, ObjectId, UUID, type Document } from 'bson';
import { ScramConversation, scramCredentials, type ScramCredentials } from './scram.ts';
import { encodeReply, parseRequest, takeMessages, type WireRequest } from './wire.ts';

export interface FakeMongoOptions {
  /** Turns authentication on; this user lives in `admin` with the `root` role. */
  admin?: { user: string; password: string };
  /** What `hello` reports (21 = MongoDB 7.0); the driver refuses below its minimum. */
  maxWireVersion?: number;
}

export interface RoleRef {
  role: string;
  db: string;
}

export interface FakeMongoUser {
  user: string;
  /** The authentication database: where the user document lives (`<db>.<user>` is its id). */
  db: string;
  roles: RoleRef[];
  userId: UUID;
  credentials: ScramCredentials;
}

export interface CommandRecord {
  name: string;
  db: string;
  /** `user@db` of the connection's authenticated user, or null. */
  as: string | null;
}

interface FaultMatch {
  command?: string;
  count?: number;
}
type Fault = FaultMatch & { remaining: number } & (
    { kind: 'error'; code: number; codeName: string; errmsg: string } | { kind: 'close' } | { kind: 'lose-reply' } | { kind: 'hang' }
  );

interface Connection {
  id: number;
  socket: Socket;
  /** Key (`db.user`) of the authenticated user; privileges are looked up per command, as a dropped user loses them at once. */
  user: string | null;
  scram: { id: number; db: string; conversation: ScramConversation } | null;
}

type Action = 'userAdmin' | 'dbAdmin' | 'write' | 'read';

const UNAUTHENTICATED_COMMANDS = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
  'buildinfo',
  'saslStart',
  'saslContinue',
  'endSessions',
  'logout',
]);
/** Commands a fault without a command name leaves alone: the driver's own background traffic. */
const DRIVER_HOUSEKEEPING = new Set(['hello', 'isMaster', 'ismaster', 'saslStart', 'saslContinue', 'endSessions']);
const DATABASE_ROLES = new Set(['read', 'readWrite', 'dbAdmin', 'dbOwner', 'userAdmin']);
const ADMIN_ONLY_ROLES = new Set(['root', 'userAdminAnyDatabase', 'dbAdminAnyDatabase', 'readWriteAnyDatabase', 'readAnyDatabase', 'clusterAdmin']);

function grants({ role, db: roleDb }: RoleRef, action: Action, db: string): boolean {
  if (roleDb === 'admin') {
    if (role === 'root') return true;
    if (role === 'userAdminAnyDatabase' && action === 'userAdmin') return true;
    if (role === 'dbAdminAnyDatabase' && action === 'dbAdmin') return true;
    if (role === 'readWriteAnyDatabase' && (action === 'write' || action === 'read')) return true;
    if (role === 'readAnyDatabase' && action === 'read') return true;
  }
  if (roleDb !== db) return false;
  if (role === 'dbOwner') return true;
  if (role === 'readWrite') return action === 'write' || action === 'read';
  if (role === 'read') return action === 'read';
  return role === action;
}

function failure(code: number, codeName: string, errmsg: string): Document {
  return { ok: 0, errmsg, code, codeName };
}

const unauthorized = (errmsg: string) => failure(13, 'Unauthorized', errmsg);
const authenticationFailed = () => failure(18, 'AuthenticationFailed', 'Authentication failed.');
const badValue = (errmsg: string) => failure(2, 'BadValue', errmsg);

function bytesOf(value: unknown): Buffer {
  if (value instanceof Binary) return Buffer.from(value.buffer.subarray(0, value.position));
  if (value instanceof Uint8Array) return Buffer.from(value);
  return Buffer.alloc(0);
}

export class FakeMongo {
  /** `mongodb://127.0.0.1:<port>`, no credentials. */
  url = '';
  port = 0;
  readonly users = new Map<string, FakeMongoUser>();
  /** database → collection → documents */
  readonly databases = new Map<string, Map<string, Document[]>>();
  /** Every command received, in order. */
  readonly commands: CommandRecord[] = [];
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private faults: Fault[] = [];
  private connectionCounter = 0;
  private responseCounter = 0;
  private conversationCounter = 0;
  private readonly maxWireVersion: number;
  readonly authEnabled: boolean;

  constructor(private readonly options: FakeMongoOptions = {}) {
    this.maxWireVersion = options.maxWireVersion ?? 21;
    this.authEnabled = Boolean(options.admin);
    if (options.admin) this.putUser(options.admin.user, 'admin', options.admin.password, [{ role: 'root', db: 'admin' }]);
    this.server = createServer((socket) => this.accept(socket));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `mongodb://127.0.0.1:${this.port}`;
    return this;
  }

  async close(): Promise<void> {
    this.clearFaults();
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A connection string for `user`, authenticating against `authSource`. */
  urlFor(user: string, password: string, authSource = 'admin'): string {
    return `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/?authSource=${encodeURIComponent(authSource)}`;
  }

  /** The admin's connection string (with another password when given). */
  adminUrl(password = this.options.admin?.password ?? ''): string {
    if (!this.options.admin) return this.url;
    return this.urlFor(this.options.admin.user, password);
  }

  user(name: string, db: string): FakeMongoUser | undefined {
    return this.users.get(`${db}.${name}`);
  }

  /** Names of the databases holding data, as `listDatabases` would show them to root. */
  databaseNames(): string[] {
    return [...this.databases.keys()].sort();
  }

  /** Writes documents directly, as an app server would have. */
  seed(db: string, collection: string, docs: Document[]): void {
    this.collection(db, collection).push(...docs.map((d) => ({ _id: new ObjectId(), ...d })));
  }

  /** The next `count` (1) matching commands get an error reply (InternalError unless given). */
  failNext(match: FaultMatch & { code?: number; codeName?: string; errmsg?: string } = {}): void {
    const { code = 1, codeName = 'InternalError', errmsg = 'injected fault' } = match;
    this.faults.push({ ...match, remaining: match.count ?? 1, kind: 'error', code, codeName, errmsg });
  }

  /** The connection carrying the next matching command is closed before the command runs. */
  closeNext(match: FaultMatch = {}): void {
    this.faults.push({ ...match, remaining: match.count ?? 1, kind: 'close' });
  }

  /** The next matching command takes effect, then its connection closes instead of replying. */
  loseReplyNext(match: FaultMatch = {}): void {
    this.faults.push({ ...match, remaining: match.count ?? 1, kind: 'lose-reply' });
  }

  /** The next matching commands are never answered (`count: Infinity`: a server that accepts and stays silent). */
  hangNext(match: FaultMatch = {}): void {
    this.faults.push({ ...match, remaining: match.count ?? 1, kind: 'hang' });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private takeFault(name: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.command ? f.command === name : !DRIVER_HOUSEKEEPING.has(name)));
    if (fault) fault.remaining--;
    return fault;
  }

  private accept(socket: Socket): void {
    const conn: Connection = { id: ++this.connectionCounter, socket, user: null, scram: null };
    this.connections.add(conn);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('close', () => this.connections.delete(conn));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      try {
        const { messages, rest } = takeMessages(pending);
        pending = rest;
        for (const message of messages) this.handle(conn, parseRequest(message));
      } catch {
        // mongod drops a connection that sends a malformed message.
        socket.destroy();
      }
    });
  }

  private handle(conn: Connection, request: WireRequest): void {
    if (conn.socket.destroyed) return;
    const name = Object.keys(request.command)[0] ?? '';
    this.commands.push({ name, db: request.db, as: conn.user ? this.displayName(conn.user) : null });
    const fault = this.takeFault(name);
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'close') return void conn.socket.destroy();
    const reply = fault?.kind === 'error' ? failure(fault.code, fault.codeName, fault.errmsg) : this.run(conn, name, request);
    if (fault?.kind === 'lose-reply') return void conn.socket.destroy();
    if (request.noReply) return;
    conn.socket.write(encodeReply(request, ++this.responseCounter, reply));
  }

  private displayName(key: string): string {
    const u = this.users.get(key);
    return u ? `${u.user}@${u.db}` : key;
  }

  private allowed(conn: Connection, action: Action, db: string): boolean {
    if (!this.authEnabled) return true;
    const user = conn.user ? this.users.get(conn.user) : undefined;
    return Boolean(user?.roles.some((r) => grants(r, action, db)));
  }

  private notAuthorized(db: string, name: string, command: Document): Document {
    // mongod names the command in the message and never its password.
    const target = typeof command[name] === 'string' ? JSON.stringify(command[name]) : String(command[name]);
    return unauthorized(`not authorized on ${db} to execute command { ${name}: ${target} }`);
  }

  private run(conn: Connection, name: string, request: WireRequest): Document {
    const { command, db } = request;
    if (this.authEnabled && !conn.user && !UNAUTHENTICATED_COMMANDS.has(name)) return unauthorized(`Command ${name} requires authentication`);
    switch (name) {
      case 'hello':
      case 'isMaster':
      case 'ismaster':
        return this.hello(conn, name, command);
      case 'ping':
      case 'endSessions':
      case 'logout':
        if (name === 'logout') conn.user = null;
        return { ok: 1 };
      case 'buildInfo':
      case 'buildinfo':
        return { version: '7.0.0', versionArray: [7, 0, 0, 0], gitVersion: 'fake', bits: 64, maxBsonObjectSize: 16 * 1024 * 1024, ok: 1 };
      case 'saslStart':
        return this.saslStart(conn, db, command);
      case 'saslContinue':
        return this.saslContinue(conn, command);
      case 'createUser':
      case 'updateUser':
      case 'dropUser':
        if (!this.allowed(conn, 'userAdmin', db)) return this.notAuthorized(db, name, command);
        return name === 'createUser' ? this.createUser(db, command) : name === 'updateUser' ? this.updateUser(db, command) : this.dropUser(db, command);
      case 'usersInfo':
        return this.usersInfo(conn, db, command);
      case 'dropDatabase':
        if (!this.allowed(conn, 'dbAdmin', db)) return this.notAuthorized(db, name, command);
        return this.databases.delete(db) ? { dropped: db, ok: 1 } : { ok: 1 };
      case 'listDatabases':
        return this.listDatabases(conn, command);
      case 'insert':
        if (!this.allowed(conn, 'write', db)) return this.notAuthorized(db, name, command);
        return this.insert(db, command);
      case 'find':
        if (!this.allowed(conn, 'read', db)) return this.notAuthorized(db, name, command);
        return this.find(db, command);
      default:
        return failure(59, 'CommandNotFound', `no such command: '${name}'`);
    }
  }

  private hello(conn: Connection, name: string, command: Document): Document {
    const reply: Document = {
      [name === 'hello' ? 'isWritablePrimary' : 'ismaster']: true,
      helloOk: true,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId: conn.id,
      minWireVersion: 0,
      maxWireVersion: this.maxWireVersion,
      readOnly: false,
    };
    // Asked as "<authSource>.<user>"; mongod answers only for a user that exists.
    if (typeof command.saslSupportedMechs === 'string' && this.users.has(command.saslSupportedMechs)) reply.saslSupportedMechs = ['SCRAM-SHA-256'];
    // mongod 4.4+ starts the SASL conversation inside the handshake when asked; on failure it
    // leaves the answer out and the driver starts over with saslStart.
    const speculative = command.speculativeAuthenticate as Document | undefined;
    if (speculative?.saslStart) {
      const started = this.saslStart(conn, String(speculative.db ?? 'admin'), speculative);
      if (started.ok === 1) reply.speculativeAuthenticate = { conversationId: started.conversationId, done: false, payload: started.payload };
    }
    return { ...reply, ok: 1 };
  }

  private saslStart(conn: Connection, db: string, command: Document): Document {
    conn.scram = null;
    let conversation: ScramConversation;
    try {
      conversation = new ScramConversation(bytesOf(command.payload).toString('utf8'));
    } catch {
      return badValue('Invalid SCRAM client-first message');
    }
    const user = this.users.get(`${db}.${conversation.userName}`);
    if (!user) return authenticationFailed();
    if (command.mechanism !== 'SCRAM-SHA-256') return failure(334, 'MechanismUnavailable', `Unsupported mechanism ${String(command.mechanism)}`);
    const id = ++this.conversationCounter;
    conn.scram = { id, db, conversation };
    return { conversationId: id, done: false, payload: new Binary(Buffer.from(conversation.first(user.credentials))), ok: 1 };
  }

  private saslContinue(conn: Connection, command: Document): Document {
    const scram = conn.scram;
    conn.scram = null;
    if (!scram || Number(command.conversationId) !== scram.id) return failure(17, 'ProtocolError', 'No SASL session state found');
    const key = `${scram.db}.${scram.conversation.userName}`;
    const user = this.users.get(key);
    if (!user) return authenticationFailed();
    try {
      const serverFinal = scram.conversation.final(user.credentials, bytesOf(command.payload).toString('utf8'));
      conn.user = key;
      return { conversationId: scram.id, done: true, payload: new Binary(Buffer.from(serverFinal)), ok: 1 };
    } catch {
      return authenticationFailed();
    }
  }

  private parseRoles(db: string, roles: unknown): RoleRef[] | Document {
    if (!Array.isArray(roles)) return badValue('"roles" field must be an array');
    const parsed: RoleRef[] = [];
    for (const r of roles) {
      const ref: RoleRef = typeof r === 'string' ? { role: r, db } : { role: String(r?.role), db: String(r?.db) };
      const known = DATABASE_ROLES.has(ref.role) || (ref.db === 'admin' && ADMIN_ONLY_ROLES.has(ref.role));
      if (!known) return failure(31, 'RoleNotFound', `Could not find role: ${ref.role}@${ref.db}`);
      parsed.push(ref);
    }
    return parsed;
  }

  private putUser(user: string, db: string, password: string, roles: RoleRef[], userId = new UUID()): void {
    this.users.set(`${db}.${user}`, { user, db, roles, userId, credentials: scramCredentials(password) });
  }

  private createUser(db: string, command: Document): Document {
    const user = command.createUser;
    if (typeof user !== 'string' || !user) return badValue('User name must be a non-empty string');
    if (command.roles === undefined) return failure(40414, 'Location40414', "BSON field 'createUser.roles' is missing but a required field");
    const roles = this.parseRoles(db, command.roles);
    if (!Array.isArray(roles)) return roles;
    if (typeof command.pwd !== 'string' || !command.pwd)
      return badValue("Must provide a 'pwd' field for all user documents, except those with '$external' as the user's source db");
    if (this.users.has(`${db}.${user}`)) return failure(51003, 'Location51003', `User "${user}@${db}" already exists`);
    this.putUser(user, db, command.pwd, roles);
    return { ok: 1 };
  }

  private updateUser(db: string, command: Document): Document {
    const name = String(command.updateUser);
    const existing = this.users.get(`${db}.${name}`);
    if (command.pwd === undefined && command.roles === undefined) return badValue('Must specify at least one field to update in updateUser');
    if (!existing) return failure(11, 'UserNotFound', `User ${name}@${db} not found`);
    let roles = existing.roles;
    if (command.roles !== undefined) {
      const parsed = this.parseRoles(db, command.roles);
      if (!Array.isArray(parsed)) return parsed;
      roles = parsed;
    }
    if (command.pwd !== undefined && (typeof command.pwd !== 'string' || !command.pwd)) return badValue('pwd must be a non-empty string');
    const credentials = typeof command.pwd === 'string' ? scramCredentials(command.pwd) : existing.credentials;
    this.users.set(`${db}.${name}`, { ...existing, roles, credentials });
    return { ok: 1 };
  }

  private dropUser(db: string, command: Document): Document {
    const name = String(command.dropUser);
    if (!this.users.delete(`${db}.${name}`)) return failure(11, 'UserNotFound', `User '${name}@${db}' not found`);
    return { ok: 1 };
  }

  private usersInfo(conn: Connection, db: string, command: Document): Document {
    const spec = command.usersInfo;
    const wanted: { user: string; db: string }[] | 'all' =
      spec === 1 || spec === true
        ? 'all'
        : (Array.isArray(spec) ? spec : [spec]).map((s: unknown) =>
            typeof s === 'string' ? { user: s, db } : { user: String((s as Document)?.user), db: String((s as Document)?.db) },
          );
    const viewingSelf = wanted !== 'all' && wanted.length === 1 && conn.user === `${wanted[0].db}.${wanted[0].user}`;
    const dbs = wanted === 'all' ? [db] : [...new Set(wanted.map((w) => w.db))];
    if (!viewingSelf && !dbs.every((d) => this.allowed(conn, 'userAdmin', d))) return this.notAuthorized(db, 'usersInfo', command);
    const found = wanted === 'all' ? [...this.users.values()].filter((u) => u.db === db) : wanted.flatMap((w) => this.user(w.user, w.db) ?? []);
    return {
      users: found.map((u) => ({ _id: `${u.db}.${u.user}`, userId: u.userId, user: u.user, db: u.db, roles: u.roles, mechanisms: ['SCRAM-SHA-256'] })),
      ok: 1,
    };
  }

  private listDatabases(conn: Connection, command: Document): Document {
    const visible = this.databaseNames().filter((name) => this.allowed(conn, 'read', name));
    const databases = visible.map((name) => (command.nameOnly ? { name } : { name, sizeOnDisk: 8192, empty: false }));
    return command.nameOnly ? { databases, ok: 1 } : { databases, totalSize: 8192 * databases.length, ok: 1 };
  }

  private collection(db: string, name: string): Document[] {
    let database = this.databases.get(db);
    if (!database) this.databases.set(db, (database = new Map()));
    let docs = database.get(name);
    if (!docs) database.set(name, (docs = []));
    return docs;
  }

  private insert(db: string, command: Document): Document {
    const docs = Array.isArray(command.documents) ? (command.documents as Document[]) : [];
    this.collection(db, String(command.insert)).push(...docs.map((d) => ({ _id: new ObjectId(), ...d })));
    return { n: docs.length, ok: 1 };
  }

  private find(db: string, command: Document): Document {
    const name = String(command.find);
    const filter: Document = command.filter ?? {};
    const docs = (this.databases.get(db)?.get(name) ?? []).filter((d) => Object.entries(filter).every(([k, v]) => String(d[k]) === String(v)));
    return { cursor: { firstBatch: docs, id: Long.fromNumber(0), ns: `${db}.${name}` }, ok: 1 };
  }
}

export async function startFakeMongo(options: FakeMongoOptions = {}): Promise<FakeMongo> {
  return new FakeMongo(options).start();
}
