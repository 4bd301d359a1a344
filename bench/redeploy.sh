#!/usr/bin/env bash
# "Redeploy all" of many organizations (not part of CI): seeds 1,000 organizations × 50 extensions, redeploys once to
# write every file, then N times with nothing changed (must write nothing, so nothing is reloaded) and prints wall times.
# Usage: bench/redeploy.sh [organizations] [extensions] [runs]   (exits non-zero when an unchanged redeploy takes over 10 s)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build bench/Opbx.Bench -c Release -v q -nologo >/dev/null
dotnet bench/Opbx.Bench/bin/Release/net10.0/Opbx.Bench.dll redeploy --orgs "${1:-1000}" --extensions "${2:-50}" --runs "${3:-3}" | tee bench/results/redeploy-latest.txt
