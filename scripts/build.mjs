// Builds what `npm start` serves: the Prisma client and the console.
//   node scripts/build.mjs [--if-changed] [prisma] [console]
// With --if-changed a part is rebuilt only when a hash of its inputs differs from the stamp left by
// its last build. The console is built into a directory of its own and client/build is a symlink
// swapped by rename(), so a server running from this checkout always finds a complete build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const ifChanged = args.includes('--if-changed');
const parts = args.filter((a) => !a.startsWith('--'));
const wanted = parts.length ? parts : ['prisma', 'console'];

const CONSOLE_LINK = path.join(root, 'client/build');
const CONSOLE_BUILDS = path.join(root, 'client/.console-builds');
const STAMP = '.build-stamp';

/** sha256 over the relative paths and contents of the inputs (files, or directories walked). */
function hashOf(inputs) {
  const hash = createHash('sha256');
  const visit = (file) => {
    if (!existsSync(file)) return;
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) visit(path.join(file, entry));
      return;
    }
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  };
  for (const input of inputs) visit(path.join(root, input));
  return hash.digest('hex');
}

function readStamp(file) {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`${command} ${commandArgs.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

function buildPrisma() {
  // The lock file covers the Prisma version, which shapes the generated client.
  const hash = hashOf(['prisma/schema.prisma', 'prisma.config.ts', 'package-lock.json']);
  const stamp = path.join(root, 'server/src/generated', STAMP);
  if (ifChanged && readStamp(stamp) === hash && existsSync(path.join(root, 'server/src/generated/prisma'))) return;
  run('npm', ['run', '-s', 'prisma:generate']);
  writeFileSync(stamp, hash + '\n');
  console.log('Prisma client generated.');
}

function buildConsole() {
  const hash = hashOf(['client/src', 'client/vite.config.ts', 'client/tsconfig.json', 'package.json', 'package-lock.json']);
  if (ifChanged && readStamp(path.join(CONSOLE_LINK, STAMP)) === hash && existsSync(path.join(CONSOLE_LINK, 'index.html'))) return;
  const started = Date.now();
  mkdirSync(CONSOLE_BUILDS, { recursive: true });
  const name = `${hash.slice(0, 12)}-${started}-${process.pid}`;
  const target = path.join(CONSOLE_BUILDS, name);
  run(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    CONSOLE_BUILD_DIR: target,
  });
  writeFileSync(path.join(target, STAMP), hash + '\n');

  const previous = linkTarget();
  // A plain directory left by an older checkout cannot be replaced by rename(): move it aside first.
  if (existsSync(CONSOLE_LINK) && !lstatSync(CONSOLE_LINK).isSymbolicLink())
    renameSync(CONSOLE_LINK, path.join(CONSOLE_BUILDS, `old-${started}-${process.pid}`));
  const temp = `${CONSOLE_LINK}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  symlinkSync(path.join('.console-builds', name), temp);
  renameSync(temp, CONSOLE_LINK);

  // Keep the build before this one: a page loaded from it may still ask for its files.
  // A directory without a stamp may be another build still running: left alone for a while.
  for (const entry of readdirSync(CONSOLE_BUILDS)) {
    const dir = path.join(CONSOLE_BUILDS, entry);
    const running = !existsSync(path.join(dir, STAMP)) && !entry.startsWith('old-') && Date.now() - statSync(dir).mtimeMs < 600_000;
    if (entry !== name && entry !== previous && !running) rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Console built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

function linkTarget() {
  try {
    return path.basename(readlinkSync(CONSOLE_LINK));
  } catch {
    return null;
  }
}

if (wanted.includes('prisma')) buildPrisma();
if (wanted.includes('console')) buildConsole();
