#!/usr/bin/env bash
# Runs a command (the test suite) and fails when a process it started outlives it: every process
# of the run inherits IM_TEST_RUN and a TMPDIR of its own (local app servers keep TMPDIR too), so
# survivors are found by their environment or by a working directory inside that TMPDIR.
# Survivors are listed, killed, and turn the exit status into 1.
set -uo pipefail

run_id=$(cat /proc/sys/kernel/random/uuid)
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/im-test-run-XXXXXX")
chmod 1777 "$run_tmp" # like /tmp: embedded Postgres runs initdb as another user
outer_tmp=${TMPDIR-}
IM_TEST_RUN=$run_id TMPDIR=$run_tmp "$@"
code=$?
if [ -n "$outer_tmp" ]; then export TMPDIR=$outer_tmp; else unset TMPDIR; fi

# One grep and one stat over all of /proc: a loop of forks per process takes seconds on a busy machine.
survivors() {
  {
    grep -lzxF -e "IM_TEST_RUN=$run_id" -e "TMPDIR=$run_tmp" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3
    stat -c '%N' /proc/[0-9]*/cwd 2>/dev/null | grep -F -- "-> '$run_tmp/" | cut -d/ -f3
  } | grep -vx "$$" | sort -un
}

# Processes told to stop as the run ended get a few seconds to finish.
deadline=$((SECONDS + 5))
left=$(survivors)
while [ -n "$left" ] && [ $SECONDS -lt $deadline ]; do
  sleep 0.2
  left=$(survivors)
done

if [ -n "$left" ]; then
  echo "FAILED: $(echo "$left" | wc -l) process(es) started by the tests outlived them:" >&2
  for pid in $left; do
    printf '  %s  %s  (in %s)\n' "$pid" "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-120)" "$(readlink "/proc/$pid/cwd" 2>/dev/null)" >&2
  done
  # Only processes that carry this run's marker: nothing else on the machine is touched.
  for pid in $left; do kill -KILL "$pid" 2>/dev/null; done
  # SIGKILL lands asynchronously: leave only once they are gone (or zombies, without a command line).
  deadline=$((SECONDS + 5))
  for pid in $left; do
    while [ -n "$(tr -d '\0' < "/proc/$pid/cmdline" 2>/dev/null)" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  done
  [ "$code" = 0 ] && code=1
fi
rm -rf "$run_tmp"
exit $code
