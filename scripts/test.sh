#!/usr/bin/env bash
# Runs every Opbx test on a fresh Debian machine with the .NET SDK:
# installs what the tests need (Debian's Chromium, SIPp, Asterisk 22 built from ../shared, the MailDev SMTP server,
# the dotnet tools),
# runs the whole suite, and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium (browser tests)"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || { echo "chromium install failed"; exit 1; }
fi

if ! command -v sipp >/dev/null 2>&1; then
  echo "== installing SIPp (Debian's sip-tester: SIP phones and carriers for the Asterisk tests)"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sip-tester >/dev/null || { echo "sip-tester install failed"; exit 1; }
fi

# Asterisk 22 is not a Debian package: built once from ../shared/asterisk into a cache (5-15 minutes on 2 cores);
# build.sh returns at once when a finished build is there. The Asterisk tests fail without it, they never skip.
export OPBX_ASTERISK_PREFIX=${OPBX_ASTERISK_PREFIX:-$HOME/.cache/opbx-asterisk/22.10.1}
if [ ! -f "$OPBX_ASTERISK_PREFIX/.build-complete" ]; then
  echo "== building Asterisk 22 into $OPBX_ASTERISK_PREFIX (once)"
fi
[ -f ../shared/asterisk/build.sh ] || { echo "../shared/asterisk/build.sh not found: clone ../shared beside this repository"; exit 1; }
bash ../shared/asterisk/build.sh "$OPBX_ASTERISK_PREFIX" || { echo "Asterisk build failed (run: bash ../shared/asterisk/build.sh)"; exit 1; }

if ! command -v npm >/dev/null 2>&1; then
  echo "== installing Debian's Node.js and npm (for the test SMTP server)"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null || { echo "nodejs/npm install failed"; exit 1; }
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
  # The failed tests by name, last, where a CI log's tail shows them.
  grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/failed: \1/p'
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 1 failed"
  [ "$status" -eq 0 ] && status=1
fi
exit $status
