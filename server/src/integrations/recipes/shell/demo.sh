#!/usr/bin/env bash
# Bundled demo recipe: prints its progress, installs a small site as the server's service
# (boot.sh, started at every boot) with a /heartbeat, a background worker for activation
# (services.sh start|stop), and exits.
set -euo pipefail
echo "Provisioning ${IM_APP_SERVER_NAME} of \"${IM_INSTANCE_NAME}\" (${IM_LMS_DOMAIN}, release ${IM_OPENEDX_RELEASE})"
step() { printf '\033[1;34m==>\033[0m %s\n' "$1"; sleep "${IM_DEMO_STEP_DELAY:-0.2}"; }
step "Checking the settings file ($(wc -c < "${IM_SETTINGS_FILE}") bytes)"
step "Preparing the site"
mkdir -p www
html_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }
name=$(printf '%s' "${IM_INSTANCE_NAME}" | html_escape)
server=$(printf '%s' "${IM_APP_SERVER_NAME}" | html_escape)
cat > www/index.html <<HTML
<!doctype html>
<html><head><meta charset="utf-8"><title>${name}</title></head>
<body style="font-family: sans-serif; margin: 3rem">
<h1>${name}</h1>
<p>Served by <strong>${server}</strong> (${IM_LMS_DOMAIN}).</p>
</body></html>
HTML
echo '{"status": "ok"}' > www/heartbeat
step "Installing the background worker"
# The worker runs only while the app server is active (services.sh start/stop on activation and
# deactivation); its process group is kept in run/worker.pid, where the machine's shutdown finds it.
cat > worker.sh <<'WORKER'
#!/usr/bin/env bash
trap 'echo "worker $$ stopping"; exit 0' TERM
echo "worker $$ started"
while true; do sleep 2 & wait $!; echo "worker $$ alive at $(date -u +%FT%TZ)"; done
WORKER
cat > services.sh <<'SERVICES'
#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p run
running() { [ -f run/worker.pid ] && kill -0 -- "-$(cat run/worker.pid)" 2>/dev/null; }
case "${1:-}" in
  start)
    touch services.wanted
    if running; then echo "worker already running (process group $(cat run/worker.pid))"; exit 0; fi
    setsid bash worker.sh </dev/null >>worker.log 2>&1 &
    echo $! > run/worker.pid
    echo "worker started (process group $!)"
    ;;
  stop)
    rm -f services.wanted
    if running; then
      group=$(cat run/worker.pid)
      kill -TERM -- "-$group"
      # Stopped means gone: wait for the group, then force it.
      for _ in $(seq 50); do kill -0 -- "-$group" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$group" 2>/dev/null || true
      echo "worker stopped (process group $group)"
    else
      echo "no worker running"
    fi
    rm -f run/worker.pid
    ;;
  *) echo "usage: services.sh start|stop" >&2; exit 2 ;;
esac
SERVICES
chmod +x worker.sh services.sh
step "Installing the web service"
cat > boot.sh <<BOOT
#!/usr/bin/env bash
cd "\$(dirname "\$0")"
# After a reboot the worker comes back if the app server was active.
if [ -f services.wanted ]; then bash services.sh start >> services.log 2>&1 || true; fi
exec "${IM_NODE}" serve.mjs ${IM_HTTP_PORT} >> services.log 2>&1
BOOT
chmod +x boot.sh
step "Done"
