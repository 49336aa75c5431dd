import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, loadConfig, loadDotEnv } from '../config.ts';
import { connectDb, disconnectDb, migrate, pendingMigrations } from '../db.ts';
import { createApiToken, createSuperuser, UserInputError } from '../auth/users.ts';
import { cliDatabase } from './database.ts';

const USAGE = `usage: npm run im -- <command>

  migrate [--check]                         apply pending migrations (--check: exit 1 if any are pending)
  create-superuser <username> [--email E] [--password-stdin]
                                            create a superuser (password from a prompt, or one line of stdin)
  create-token <username> [--name N] [--expires-days D]
                                            create an API token for the SDK and scripts; printed once
  setup-pr-sandbox <pull request URL>       a sandbox for any pull request (extpr<N>.sandbox), deployed by the workers
`;

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      // Keep the typed password off the screen.
      (rl as any)._writeToOutput = (s: string) => {
        if (s.startsWith(q)) process.stdout.write(q);
      };
      rl.question(q, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  const second = await ask('Password (again): ');
  if (first !== second) throw new UserInputError('The passwords do not match.');
  return first;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const envFile = loadDotEnv();
  const config = loadConfig();
  const db = await cliDatabase(config);
  // Said on stderr so scripts reading stdout (a printed token) are unaffected.
  process.stderr.write(`Database: ${db.description}; settings from ${envFile ?? 'the environment (no .env file)'}.\n`);
  try {
    if (command === 'migrate') {
      const { values } = parseArgs({ args: rest, options: { check: { type: 'boolean' } } });
      if (values.check) {
        const client = new pg.Client({ connectionString: db.url });
        client.on('error', () => {});
        await client.connect();
        const pending = await pendingMigrations(client).finally(() => client.end());
        console.log(pending.length ? `pending: ${pending.join(', ')}` : 'no pending migrations');
        return pending.length ? 1 : 0;
      }
      const applied = await migrate(db.url);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
      return 0;
    }
    if (command === 'create-superuser' || command === 'create-token') {
      // Same rule as the server: the embedded database migrates itself, an external one is left alone.
      if (config.migrateOnStart) await migrate(db.url);
      const client = new pg.Client({ connectionString: db.url });
      client.on('error', () => {});
      await client.connect();
      const pending = await pendingMigrations(client).finally(() => client.end());
      if (pending.length) throw new UserInputError('The database has pending migrations: run `npm run db:migrate` (or start the server) first.');
      connectDb(db.url, 2);
      try {
        if (command === 'create-superuser') {
          const { values, positionals } = parseArgs({
            args: rest,
            allowPositionals: true,
            options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
          });
          const username = positionals[0];
          if (!username) throw new UserInputError('Name the user: create-superuser <username>.');
          const password = await readPassword(Boolean(values['password-stdin']));
          const user = await createSuperuser(username, values.email ?? `${username}@localhost`, password);
          console.log(`Superuser ${user.username} created.`);
        } else {
          const { values, positionals } = parseArgs({
            args: rest,
            allowPositionals: true,
            options: { name: { type: 'string' }, 'expires-days': { type: 'string' } },
          });
          const username = positionals[0];
          if (!username) throw new UserInputError('Name the user: create-token <username>.');
          const days = values['expires-days'] ? Number(values['expires-days']) : undefined;
          if (days !== undefined && !(days > 0)) throw new UserInputError('--expires-days takes a positive number.');
          const token = await createApiToken(username, values.name ?? 'cli', days ? new Date(Date.now() + days * 86_400_000) : undefined);
          console.log(token);
        }
      } finally {
        await disconnectDb();
      }
      return 0;
    }
    if (command === 'setup-pr-sandbox') {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      if (!positionals[0]) throw new UserInputError('Name the pull request: setup-pr-sandbox https://github.com/<owner>/<repo>/pull/<number>.');
      const client = new pg.Client({ connectionString: db.url });
      client.on('error', () => {});
      await client.connect();
      const pending = await pendingMigrations(client).finally(() => client.end());
      if (pending.length) throw new UserInputError('The database has pending migrations: run `npm run db:migrate` (or start the server) first.');
      const { setupPrSandboxFromCli } = await import('./pr-sandbox.ts');
      console.log(await setupPrSandboxFromCli(config, db.url, positionals[0]));
      return 0;
    }
    process.stderr.write(`unknown command: ${command}\n\n${USAGE}`);
    return 2;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UserInputError || e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    console.error(e);
    process.exit(1);
  },
);
