#!/usr/bin/env bash
# Measures call records at volume (not part of CI): CDR ingestion rate through the real ingestion (target >= 5,000
# records/s), the call records page's query with filters over 1,000,000 records (target p95 <= 50 ms), and CSV exports of
# 10,000 and 100,000 records with the working set sampled while each streams (constant memory). Prints load averages.
# Usage: bench/cdr.sh [records] [ingest-lines] [runs] [--keep yes]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build bench/Opbx.Bench -c Release -v q -nologo >/dev/null
dotnet bench/Opbx.Bench/bin/Release/net10.0/Opbx.Bench.dll cdr --records "${1:-1000000}" --ingest "${2:-100000}" --runs "${3:-100}" "${@:4}" | tee bench/results/cdr-latest.txt
