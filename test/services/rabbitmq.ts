import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deathOf, freePort, needExecutables, startProcess, stopProcess, waitFor, type ServiceSupport } from './process.ts';

/** The Debian script itself: /usr/sbin/rabbitmq-server is a wrapper that switches to the rabbitmq user and its fixed paths. */
const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const EPMD = '/usr/bin/epmd';

export function rabbitmqSupport(): ServiceSupport {
  return needExecutables({ [RABBITMQ_SERVER]: 'rabbitmq-server', [EPMD]: 'erlang-base (a dependency of rabbitmq-server)' });
}

export interface PrivateRabbitMq {
  /** The management API, e.g. http://127.0.0.1:41234 */
  apiUrl: string;
  amqpPort: number;
  adminUser: string;
  adminPassword: string;
  /** Milliseconds from creating the directory to the management API's first answer. */
  startMs: number;
  stop(): Promise<void>;
}

/**
 * A RabbitMQ node of the test's own, with the management plugin: its own directory (database,
 * logs, Erlang cookie), free ports for AMQP, distribution, the management API and a private
 * epmd, so it never meets another run's node. Nothing is read from /etc/rabbitmq.
 */
export async function startRabbitMq(): Promise<PrivateRabbitMq> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'im-rabbitmq-'));
    const logFile = path.join(dir, 'rabbitmq.log');
    const [amqpPort, distPort, apiPort, epmdPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const adminUser = 'im_admin';
    const adminPassword = randomBytes(18).toString('base64url');
    writeFileSync(path.join(dir, 'enabled_plugins'), '[rabbitmq_management].\n');
    writeFileSync(
      path.join(dir, 'rabbitmq.conf'),
      [
        `management.tcp.port = ${apiPort}`,
        'management.tcp.ip = 127.0.0.1',
        `default_user = ${adminUser}`,
        `default_pass = ${adminPassword}`,
        // The broker users log in from 127.0.0.1 too; only guest is limited to loopback by default.
        'loopback_users = none',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      TMPDIR: process.env.TMPDIR,
      IM_TEST_RUN: process.env.IM_TEST_RUN,
      LANG: 'C.UTF-8',
      // The Erlang cookie is written to $HOME.
      HOME: dir,
      ERL_EPMD_PORT: String(epmdPort),
      RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
      RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
      RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
      RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(dir, 'log'),
      RABBITMQ_LOGS: '-',
      RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
      RABBITMQ_NODENAME: `imtest${amqpPort}@localhost`,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(amqpPort),
      RABBITMQ_DIST_PORT: String(distPort),
    };
    // Our own epmd in the foreground: one the node started itself would daemonize and outlive the test.
    const epmd = startProcess(EPMD, ['-port', String(epmdPort), '-address', '127.0.0.1'], path.join(dir, 'epmd.log'), { env, cwd: dir });
    const server = startProcess(RABBITMQ_SERVER, [], logFile, { env, cwd: dir, group: true });
    const stop = async () => {
      await stopProcess(server, 0);
      await stopProcess(epmd, 0);
      rmSync(dir, { recursive: true, force: true });
    };
    const authorization = `Basic ${Buffer.from(`${adminUser}:${adminPassword}`).toString('base64')}`;
    try {
      await waitFor(
        'the RabbitMQ management API',
        async () => {
          try {
            const res = await fetch(`http://127.0.0.1:${apiPort}/api/overview`, { headers: { authorization }, signal: AbortSignal.timeout(2000) });
            return res.ok;
          } catch {
            return false;
          }
        },
        60_000,
        () => deathOf(server, logFile) ?? deathOf(epmd, path.join(dir, 'epmd.log')),
      );
    } catch (e) {
      await stop();
      // Another process took one of the ports between our probe and the node's bind: try others.
      if (attempt < 3 && /eaddrinuse|address already in use/i.test(String(e))) continue;
      throw e;
    }
    return { apiUrl: `http://127.0.0.1:${apiPort}`, amqpPort, adminUser, adminPassword, startMs: Date.now() - started, stop };
  }
}
