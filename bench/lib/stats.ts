// Percentiles and the printed table.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentile.
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
  return { n: sorted.length, p50: at(50), p95: at(95), max: sorted.at(-1) ?? NaN };
}

export interface Row {
  measure: string;
  stat: Summary;
  /** The raw floor measured in the same run, for the ratio. */
  floor?: Summary;
  targets?: { p50?: number; p95?: number };
  note?: string;
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : 'n/a');
// A ratio of a negative latency (the step started before the response arrived) means nothing.
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0 ? `${(a / b).toFixed(1)}x` : 'n/a');

export function printTable(rows: Row[]): { misses: number } {
  const header = ['measure', 'n', 'p50', 'p95', 'max', 'p50 / floor', 'p95 / floor', 'target', 'result'];
  let misses = 0;
  const body = rows.map((row) => {
    const targets: string[] = [];
    let pass = true;
    if (row.targets?.p50 !== undefined) {
      targets.push(`p50 <= ${row.targets.p50} ms`);
      pass &&= row.stat.p50 <= row.targets.p50;
    }
    if (row.targets?.p95 !== undefined) {
      targets.push(`p95 <= ${row.targets.p95} ms`);
      pass &&= row.stat.p95 <= row.targets.p95;
    }
    const hasTarget = targets.length > 0;
    if (hasTarget && !pass) misses++;
    return [
      row.measure,
      String(row.stat.n),
      ms(row.stat.p50),
      ms(row.stat.p95),
      ms(row.stat.max),
      row.floor ? ratio(row.stat.p50, row.floor.p50) : '',
      row.floor ? ratio(row.stat.p95, row.floor.p95) : '',
      targets.join(', '),
      hasTarget ? (pass ? 'PASS' : 'MISS') : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(line(r));
  const notes = rows.filter((r) => r.note);
  if (notes.length) console.log('');
  for (const r of notes) console.log(`${r.measure}: ${r.note}`);
  return { misses };
}

export const now = () => performance.now();
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(condition: () => boolean, timeoutMs: number, stepMs = 1): Promise<boolean> {
  const deadline = now() + timeoutMs;
  while (!condition()) {
    if (now() > deadline) return false;
    await sleep(stepMs);
  }
  return true;
}
