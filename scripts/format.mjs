// Runs Prettier on the files `.prettier-files` lists (paths or globs, one a line; `.` for everything
// that .prettierignore lets through). `--check` reports unformatted files and fails instead of writing.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const patterns = readFileSync(path.join(root, '.prettier-files'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const prettier = path.join(root, 'node_modules', '.bin', 'prettier');
const r = spawnSync(prettier, [check ? '--check' : '--write', '--log-level', check ? 'warn' : 'log', ...patterns], { cwd: root, stdio: 'inherit' });
if (r.status !== 0 && check) console.error('Formatting check failed: run `npm run format` and commit the result.');
process.exit(r.status ?? 1);
