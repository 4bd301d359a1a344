#!/usr/bin/env bash
# Starts Opbx on its embedded default: SQLite file, jobs in-process, mail to data/mail, Asterisk config to data/asterisk.
# Where it listens: --urls (e.g. ./scripts/run.sh --urls http://0.0.0.0:8080), else ASPNETCORE_URLS, else http://localhost:5000.
# Other arguments go to Opbx as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
export Opbx__DataDirectory="${Opbx__DataDirectory:-$PWD/data}"
# A 128 MB young generation per GC heap: fewer collections under load, for about 130 MB more memory (README, "Tuning").
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x8000000}"
args=("$@")
given=false
for arg in "$@"; do
  [[ "$arg" == --urls || "$arg" == --urls=* ]] && given=true
done
# ASP.NET Core reads ASPNETCORE_URLS itself; a --urls argument would override it, so the default is added only when neither is set.
if [[ "$given" == false && -z "${ASPNETCORE_URLS:-}" ]]; then
  args+=(--urls "http://localhost:5000")
fi
exec dotnet run --project Opbx.Web -c Release -- "${args[@]}"
