#!/usr/bin/env bash
# Measures deploys against a real Asterisk (not part of CI): from a save to "succeeded" (written, reloaded, verified) for
# one organization, and a deploy with nothing changed (must write and reload nothing), then counts ERROR lines in
# Asterisk's log (must be none). Needs the Asterisk build scripts/test.sh makes. Usage: bench/deploy.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
PREFIX=${OPBX_ASTERISK_PREFIX:-$HOME/.cache/opbx-asterisk/22.10.1}
dotnet build Opbx.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Opbx.Bench -c Release -v q -nologo >/dev/null
dotnet bench/Opbx.Bench/bin/Release/net10.0/Opbx.Bench.dll deploy --app Opbx.Web/bin/Release/net10.0/Opbx.Web.dll --asterisk "$PREFIX" \
  --runs "${1:-20}" | tee bench/results/deploy-latest.txt
