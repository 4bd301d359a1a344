#!/usr/bin/env bash
# Starts Opbx on its embedded default: SQLite file, jobs in-process, mail to data/mail, Asterisk config to data/asterisk.
set -euo pipefail
cd "$(dirname "$0")/.."
export Opbx__DataDirectory="${Opbx__DataDirectory:-$PWD/data}"
exec dotnet run --project Opbx.Web -c Release -- --urls "${URLS:-http://localhost:5000}"
