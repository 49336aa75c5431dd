#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, generated code, the console build,
# then vitest (unit, integration, browser). Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
need() { [ -e "$1" ] || missing+=("$2"); }
need /usr/bin/chromium chromium                 # the console in a browser
need /usr/sbin/sshd openssh-server              # fake VMs are real sshd hosts
need /usr/bin/sudo sudo                         # the Ansible recipe runs its playbook with sudo
need /usr/bin/ansible-playbook ansible-core     # the default recipe, run for real on fake VMs
need /usr/bin/git git
need /usr/sbin/ip iproute2                      # a network namespace per fake VM
need /usr/bin/unshare util-linux
need /usr/bin/ps procps
need /usr/bin/python3 python3                   # the test playbook's web server
need /usr/bin/openssl openssl                   # self-signed certificates: availability check, SMTP over TLS, HAProxy preliminary page
need /usr/sbin/mariadbd mariadb-server          # a private MariaDB per MySQL provisioning suite
need /usr/lib/rabbitmq/bin/rabbitmq-server rabbitmq-server  # a private broker (management API) per RabbitMQ suite
need /usr/sbin/haproxy haproxy                  # the HAProxy load balancer, run for real on a fake VM
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "WARNING: missing Debian packages: ${missing[*]} — install them with: sudo apt-get install ${missing[*]}" >&2
    echo "WARNING: the suites that need them will skip (or fail under CI=true)." >&2
  fi
fi

# Formatting first: a run on unformatted files (those .prettier-files lists) fails right away.
npm run -s format:check

npm run -s prisma:generate >/dev/null
# Types next (the generated Prisma client is their input): about 5 s.
npm run -s typecheck || { echo 'Type errors: see above (npm run typecheck).' >&2; exit 1; }
npm run -s build:console >/dev/null
mkdir -p test-results
rm -f test-results/vitest.json
set +e
npx vitest run "$@"
code=$?
set -e
# The JSON report is the verdict too: it also counts files that fail at import.
node scripts/test-report.mjs >/dev/null || code=1
exit $code
