#!/usr/bin/env bash
# The organization dashboard and the platform dashboard with AMI connected to a real Asterisk, and without AMI, in one
# run (not part of CI). Seeds one database (BENCH_SEED_FROM=/path/opbx.db to start from an earlier one), then measures
# twice on copies of it: Opbx without an AMI host, then Opbx connected over AMI to the cached Asterisk 22 (started by
# Opbx.Bench asterisk with the deploy bench's configuration, Opbx's files included from its folder), each after its
# deploy queue is empty, with wrk -t2 -c16. Prints p50/p95 (ms), req/s and the load average per line.
# Usage: bench/dashboards.sh [seconds-per-page]
#   BENCH_ORGS, BENCH_USERS, BENCH_ORG_MEMBERS   seed sizes (default 100 organizations, 10,000 users, one of 2,000 members:
#                                                every user has an extension, and Asterisk loads them all)
#   BENCH_DEPLOY_WAIT=seconds                    how long to wait for each app's deploy queue to empty (default 900)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/sign-in.sh
DURATION="${1:-10}"
PREFIX=${OPBX_ASTERISK_PREFIX:-$HOME/.cache/opbx-asterisk/22.10.1}
PORT=5111
URL="http://127.0.0.1:$PORT"
mkdir -p bench/results
command -v wrk >/dev/null && command -v sqlite3 >/dev/null || { echo "needs wrk and sqlite3 (bench/run.sh installs them)" >&2; exit 2; }
dotnet build Opbx.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Opbx.Bench -c Release -v q -nologo >/dev/null
APP=Opbx.Web/bin/Release/net10.0/Opbx.Web.dll
BENCH=bench/Opbx.Bench/bin/Release/net10.0/Opbx.Bench.dll

work=$(mktemp -d /tmp/opbx-dash-XXXX)
app=""; ast=""
stop_app() { if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; app=""; fi; }
stop_asterisk() { if [ -n "$ast" ]; then kill "$ast" 2>/dev/null || true; wait "$ast" 2>/dev/null || true; ast=""; fi; }
trap 'stop_app; stop_asterisk; rm -rf "$work"' EXIT

mkdir -p "$work/seed"
if [ -n "${BENCH_SEED_FROM:-}" ]; then
  sqlite3 "$BENCH_SEED_FROM" ".backup '$work/seed/opbx.db'"
else
  dotnet "$BENCH" seed --data "$work/seed" --orgs "${BENCH_ORGS:-100}" --users "${BENCH_USERS:-10000}" --org-members "${BENCH_ORG_MEMBERS:-2000}" >&2
fi
extensions=$(sqlite3 "$work/seed/opbx.db" "select count(*) from Extensions")

pending_deploys() { sqlite3 "$1/opbx.db" "select count(*) from Deploys where Status in ('Queued','Running','WaitingForAsterisk')" 2>/dev/null || echo "?"; }
measure() {
  local url=$1; shift
  wrk -t2 -c16 -d2s "$@" "$url" >/dev/null 2>&1
  wrk -t2 -c16 -d"${DURATION}s" "$@" -s bench/latency.lua "$url" 2>/dev/null | awk '/^LATENCY/ {print $2, $3, $4}'
}

# One phase: a copy of the seed, Opbx started with the given extra settings, its deploys drained, both dashboards measured.
phase() {
  local name=$1; shift
  # Opbx refuses a config folder whose path has a space (it goes into Asterisk's #include lines).
  local data="$work/${name// /-}"
  mkdir -p "$data"
  sqlite3 "$work/seed/opbx.db" ".backup '$data/opbx.db'"
  export Opbx__DataDirectory=$data Logging__LogLevel__Default=Warning
  dotnet "$APP" create-platform-manager --email bench@example.test --name Bench --password Bench-password-1 >/dev/null
  env "$@" dotnet "$APP" --urls "$URL" > "$data/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 240); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  local deadline=$((SECONDS + ${BENCH_DEPLOY_WAIT:-900}))
  while [ "$(pending_deploys "$data")" != 0 ] && [ $SECONDS -lt $deadline ]; do
    echo "$name: waiting for the deploy queue: $(pending_deploys "$data") pending" >&2
    sleep 10
  done
  local jar="$data/cookies" cookie big_id ami
  cookie=$(sign_in "$URL" "$jar")
  big_id=$(sqlite3 "$data/opbx.db" "select Id from Organizations where Slug='big-hospital'")
  ami=$(curl -s "$URL/metrics" | awk '/^opbx_asterisk_ami_connected/ {print $2}')
  local failed
  failed=$(sqlite3 "$data/opbx.db" "select count(*) from Deploys where Status in ('Failed','RolledBack')")
  echo "# $name: AMI connected=$ami; deploys pending $(pending_deploys "$data"), failed or rolled back $failed"
  [ "$failed" -eq 0 ] || sqlite3 "$data/opbx.db" "select '#   ' || count(*) || ' × ' || substr(coalesce(Failure, ''), 1, 200) from Deploys where Status in ('Failed','RolledBack') group by substr(coalesce(Failure, ''), 1, 200) order by count(*) desc limit 3"
  for page in "org dashboard|/Org/$big_id" "platform dashboard|/Platform"; do
    local label=${page%%|*} path=${page#*|}
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$URL$path")
    [ "$code" = 200 ] || { echo "$label ($name): $path answered $code, not measured"; continue; }
    read -r p50 p95 rps < <(measure "$URL$path" -H "Cookie: $cookie")
    printf '%-34s %8s %8s %8s  %s\n' "$label ($name)" "$p50" "$p95" "$rps" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
  stop_app
}

{
  # This group runs in a subshell of its own (the pipe to tee): it stops what it started, however it ends.
  trap 'stop_app; stop_asterisk' EXIT
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; wrk -t2 -c16 -d${DURATION}s; $(sqlite3 "$work/seed/opbx.db" "select count(*) from Organizations") organizations, $extensions extensions"
  printf '%-34s %8s %8s %8s  %s\n' page p50_ms p95_ms req_s "load (1, 5, 15 min)"
  phase "no AMI"
  # Asterisk with Opbx's files included; Opbx deploys every organization into it at start-up and then reads it over AMI.
  coproc ASTERISK { exec dotnet "$BENCH" asterisk --folder "$work/asterisk" --asterisk "$PREFIX"; }
  ast=$ASTERISK_PID
  while read -r line <&"${ASTERISK[0]}"; do
    case $line in AMI_PORT=*|AMI_SECRET=*|CONFIG_DIR=*) declare "$line" ;; esac
    [[ $line == CONFIG_DIR=* ]] && break
  done
  phase "AMI connected" Opbx__Asterisk__Ami__Host=127.0.0.1 Opbx__Asterisk__Ami__Port="$AMI_PORT" Opbx__Asterisk__Ami__Username=opbx \
    Opbx__Asterisk__Ami__Secret="$AMI_SECRET" Opbx__Asterisk__ConfigDirectory="$CONFIG_DIR"
  stop_asterisk
} | tee bench/results/dashboards-latest.txt
