#!/usr/bin/env bash
# Bundled demo recipe: prints its progress, installs a small site as the server's service
# (boot.sh, started at every boot) with a /heartbeat, and exits.
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
step "Installing the web service"
cat > boot.sh <<BOOT
#!/usr/bin/env bash
cd "\$(dirname "\$0")"
exec "${IM_NODE}" serve.mjs ${IM_HTTP_PORT} >> services.log 2>&1
BOOT
chmod +x boot.sh
step "Done"
