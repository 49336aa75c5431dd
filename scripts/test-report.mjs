// Reads vitest's JSON report: prints one summary line and exits 1 unless every test passed and
// every file loaded. A file that fails at import has no tests, so it is counted on its own.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
if (!existsSync(file)) {
  console.log('tests: no report (vitest did not finish)');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const unloaded = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'));
const failed = r.numFailedTests + unloaded.length;
const skipped = r.numPendingTests + (r.numTodoTests ?? 0);
const unloadedNote = unloaded.length
  ? ` (${unloaded.length} file(s) failed to load: ${unloaded.map((f) => f.name.split('/').slice(-2).join('/')).join(', ')})`
  : '';
console.log(`tests: ${r.numPassedTests} passed, ${failed} failed${unloadedNote}, ${skipped} skipped`);
process.exit(failed > 0 || r.success === false || r.numTotalTests === 0 ? 1 : 0);
