#!/usr/bin/env bash
# Runs every Opbx test on a fresh Debian machine with the .NET SDK:
# installs what the tests need (Debian's Chromium, the MailDev SMTP server, the dotnet tools),
# runs the whole suite, and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium (browser tests)"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || { echo "chromium install failed"; exit 1; }
fi

echo "== installing the test SMTP server (MailDev)"
npm ci --prefix test-tools --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; exit 1; }

echo "== restoring dotnet tools and packages"
dotnet tool restore >/dev/null || exit 1

echo "== running the tests"
rm -rf TestResults
dotnet test Opbx.sln --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" --results-directory TestResults "$@"
status=$?

trx=$(find TestResults -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  passed=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  failed=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 1 failed"
  [ "$status" -eq 0 ] && status=1
fi
exit $status
