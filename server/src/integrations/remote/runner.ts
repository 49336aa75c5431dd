// The detached runner (SPEC.md §7.1): it outlives the worker, tags each output line with its
// stream, and leaves the exit code in a file, so a restarted worker can re-attach at an offset.
export const RUNNER_SCRIPT = `#!/usr/bin/env bash
# usage: runner.sh <command...>   (run from the app server's working directory)
# One runner per working directory: a duplicate start finds the lock held and leaves the
# output to the runner that holds it.
exec 9>>runner.lock
flock -n 9 || exit 0
# The process group to kill on timeout, cancel or terminate.
ps -o pgid= -p "$$" | tr -d ' ' > runner.pid.tmp && mv runner.pid.tmp runner.pid
# awk reads the pipe in blocks and flushes each line: a shell read loop costs one system call
# per byte and fell behind a chatty recipe (thousands of lines a second).
tag() { awk -v tag="$1" '{ print tag $0; fflush() }' >> output.log; }
rm -f out.fifo err.fifo exit_code
mkfifo out.fifo err.fifo
tag O < out.fifo & o=$!
tag E < err.fifo & e=$!
"$@" > out.fifo 2> err.fifo
code=$?
wait $o $e
rm -f out.fifo err.fifo
echo "$code" > exit_code.tmp && mv exit_code.tmp exit_code
`;

/** Splits complete lines off a chunk; returns them and how many bytes they used. */
export function splitLines(chunk: Buffer): { lines: string[]; consumed: number } {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < chunk.length; i++) {
    if (chunk[i] === 0x0a) {
      lines.push(chunk.subarray(start, i).toString('utf8'));
      start = i + 1;
    }
  }
  return { lines, consumed: start };
}

/** Level of a tagged runner line: stderr and Ansible-style failures are errors. */
export function levelOfLine(tagged: string): { level: 'INFO' | 'ERROR'; text: string } {
  const stream = tagged[0];
  const text = tagged.slice(1);
  if (stream === 'E') return { level: 'ERROR', text };
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '').trimStart();
  if (/^(fatal:|failed:|ERROR!)/.test(plain)) return { level: 'ERROR', text };
  return { level: 'INFO', text };
}
