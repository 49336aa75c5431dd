import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { deathOf, freePort, needExecutables, startProcess, stopProcess, waitFor, type ServiceSupport } from './process.ts';

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';

export function mariadbSupport(): ServiceSupport {
  return needExecutables({ [MARIADBD]: 'mariadb-server', [INSTALL_DB]: 'mariadb-server' });
}

export interface PrivateMariaDb {
  host: string;
  port: number;
  /** An administrator with every privilege and a password, reached over TCP like a shared server. */
  adminUrl: string;
  adminUser: string;
  adminPassword: string;
  /** Milliseconds from creating the data directory to the first answered query. */
  startMs: number;
  /** A connection as root over the private socket, for the test's own checks. */
  rootConnection(): Promise<mysql.Connection>;
  stop(): Promise<void>;
}

/**
 * A MariaDB server of the test's own: a fresh data directory in a temporary directory, a free
 * port on 127.0.0.1, its own socket; nothing read from /etc/mysql. `stop()` kills it and removes
 * everything.
 */
export async function startMariaDb(): Promise<PrivateMariaDb> {
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'im-mariadb-'));
  const dataDir = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  const logFile = path.join(dir, 'mariadbd.log');
  mkdirSync(dataDir);
  try {
    await promisify(execFile)(INSTALL_DB, [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = startProcess(
        MARIADBD,
        [
          '--no-defaults',
          `--datadir=${dataDir}`,
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--socket=${socket}`,
          `--pid-file=${path.join(dir, 'mariadbd.pid')}`,
          '--user=root',
          // Grants are what the tests check: the server must enforce them.
          '--skip-grant-tables=0',
          // Host names of clients are not resolved, so accounts are matched on '%' without DNS delays.
          '--skip-name-resolve',
          '--innodb-buffer-pool-size=32M',
          '--innodb-log-file-size=8M',
          `--log-error=${logFile}`,
        ],
        logFile,
      );
      const rootConnection = () => mysql.createConnection({ socketPath: socket, user: 'root' });
      try {
        await waitFor(
          'MariaDB to accept connections',
          async () => {
            try {
              const conn = await rootConnection();
              await conn.end();
              return true;
            } catch {
              return false;
            }
          },
          30_000,
          () => deathOf(child, logFile),
        );
      } catch (e) {
        await stopProcess(child, 1000);
        // Another process took the port between our probe and the server's bind: try another.
        if (attempt < 3 && /Bind on TCP\/IP port|Address already in use/.test(String(e))) continue;
        throw e;
      }
      const adminUser = 'im_admin';
      const adminPassword = randomBytes(18).toString('base64url');
      const conn = await rootConnection();
      await conn.query(`CREATE USER '${adminUser}'@'%' IDENTIFIED BY ?`, [adminPassword]);
      await conn.query(`GRANT ALL PRIVILEGES ON *.* TO '${adminUser}'@'%' WITH GRANT OPTION`);
      await conn.end();
      return {
        host: '127.0.0.1',
        port,
        adminUrl: `mysql://${adminUser}:${encodeURIComponent(adminPassword)}@127.0.0.1:${port}`,
        adminUser,
        adminPassword,
        startMs: Date.now() - started,
        rootConnection,
        async stop() {
          await stopProcess(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
