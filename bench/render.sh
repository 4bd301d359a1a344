#!/usr/bin/env bash
# Measures how long one organization's Asterisk configuration takes to render (not part of CI): a 1,000-extension
# organization with ring groups, queues and numbers, rendered from a snapshot in memory and read from SQLite first.
# Usage: bench/render.sh [extensions] [runs]   (exits non-zero when the median render is over 100 ms)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build bench/Opbx.Bench -c Release -v q -nologo >/dev/null
dotnet bench/Opbx.Bench/bin/Release/net10.0/Opbx.Bench.dll render --extensions "${1:-1000}" --runs "${2:-50}" | tee bench/results/render-latest.txt
