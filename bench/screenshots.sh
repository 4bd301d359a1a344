#!/usr/bin/env bash
# Retakes the README's screenshots (docs/screenshot-*.png) from a fresh seed-demo database in headless Chromium.
# Usage: bench/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=5098
URL="http://127.0.0.1:$PORT"
PASSWORD=Demo-screenshots-1
dotnet build Opbx.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Opbx.Bench -c Release -v q -nologo >/dev/null
APP=Opbx.Web/bin/Release/net10.0/Opbx.Web.dll
data=$(mktemp -d /tmp/opbx-demo-XXXX)
export Opbx__DataDirectory=$data Logging__LogLevel__Default=Warning
dotnet "$APP" seed-demo --password "$PASSWORD"
dotnet "$APP" --urls "$URL" --contentRoot "$PWD/Opbx.Web" > "$data/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
dotnet bench/Opbx.Bench/bin/Release/net10.0/Opbx.Bench.dll screenshots --url "$URL" --data "$data" --password "$PASSWORD" --out docs
