#!/usr/bin/env bash
# Measures every Opbx page and the API lists under load (not part of CI), beside a bare endpoint in the same run.
# Seeds 1,000 organizations with 100,000 users plus one organization of 5,000 members (phone system, 20,000 audit
# entries, 200 deploys), starts Opbx in Release and the bare endpoint (bench/Opbx.Bench/BareEndpoint.cs: Kestrel reading
# 50 rows from the same SQLite file), signs in a platform manager, and drives each page with wrk -t2 -c16.
# Prints p50/p95 (ms), requests per second, and each page's ratio to the bare endpoint, with the load average.
# Usage: bench/run.sh [seconds-per-scenario]
#   BENCH_SEED_FROM=/path/opbx.db  start from an earlier database instead of seeding
#   BENCH_SAVE_SEED=/path/opbx.db  keep the database once its deploy queue is empty (for BENCH_SEED_FROM next time)
#   BENCH_DEPLOY_WAIT=seconds      how long to wait for the seed's deploys to finish before measuring (default 3600)
#   BENCH_ONLY='regex'             measure only the scenarios whose name matches (grep -E), e.g. 'audit|org members'
#   BENCH_WARMUP=seconds           load per scenario in each of the two warm-up rounds (default 6; see below)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
PORT=5099
BARE_PORT=5100
URL="http://127.0.0.1:$PORT"
BARE="http://127.0.0.1:$BARE_PORT/rows"
RESULTS=bench/results
mkdir -p "$RESULTS"

. bench/wrk-setup.sh
. bench/sign-in.sh

# wrk's summary line for one scenario: "p50 p95 req/s" (ms, ms, per second).
measure() {
  local url=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d2s "$@" "$url" >/dev/null 2>&1
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$@" -s bench/latency.lua "$url" 2>/dev/null | awk '/^LATENCY/ {print $2, $3, $4} /^ERRORS/ {print "ERRORS", $2 > "/dev/stderr"}'
}

scenarios() {
  cat <<'S'
healthz|/healthz|none
platform dashboard|/Platform|cookie
platform organizations|/Platform/Organizations|cookie
platform organizations: search|/Platform/Organizations?q=Acme%2000421|cookie
platform organizations: by users, page 10|/Platform/Organizations?sort=users&page=10|cookie
platform users|/Platform/Users|cookie
platform users: search email|/Platform/Users?q=user004242|cookie
platform users: broad search "ana"|/Platform/Users?q=ana|cookie
platform users: inactive, page 5|/Platform/Users?status=inactive&page=5|cookie
platform audit|/Platform/Audit|cookie
platform jobs|/Platform/Jobs|cookie
platform numbers|/Platform/Numbers|cookie
org dashboard (5,000 members)|/Org/BIG|cookie
org members|/Org/BIG/Users|cookie
org members: search|/Org/BIG/Users?q=staff00424|cookie
org members: reporters by extension, p2|/Org/BIG/Users?role=reporter&sort=extension&page=2|cookie
org audit (20,000 entries)|/Org/BIG/Settings/Audit|cookie
org extensions (5,000)|/Org/BIG/Extensions|cookie
org ring groups|/Org/BIG/RingGroups|cookie
org queues|/Org/BIG/Queues|cookie
org trunks|/Org/BIG/Trunks|cookie
org numbers|/Org/BIG/Numbers|cookie
org outbound routes|/Org/BIG/Routes|cookie
org deploys|/Org/BIG/Deploys|cookie
API organizations (token)|/api/v1/organizations|token
API users (key)|/api/v1/users|key
API extensions (key)|/api/v1/extensions|key
API ring groups (key)|/api/v1/ring-groups|key
API queues (key)|/api/v1/queues|key
API numbers (key)|/api/v1/dids|key
API audit log (key)|/api/v1/audit-log|key
API deploys (key)|/api/v1/config/deploys|key
S
}
# BENCH_ONLY narrows the run (warm-up and measures) to the scenarios it names, to measure one page quickly.
if [ -n "${BENCH_ONLY:-}" ]; then
  eval "all_$(declare -f scenarios)"
  scenarios() { all_scenarios | grep -E -- "^[^|]*(${BENCH_ONLY})[^|]*\|" || true; }
fi

data=$(mktemp -d /tmp/opbx-bench-XXXX)
export Opbx__DataDirectory=$data Logging__LogLevel__Default=Warning
# The runtime setting Opbx ships with (scripts/run.sh, Dockerfile), for the app and the bare endpoint alike.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x8000000}"
if [ -n "${BENCH_SEED_FROM:-}" ]; then
  # A database seeded by an earlier run (seeding takes minutes): BENCH_SEED_FROM=/path/to/opbx.db bench/run.sh
  sqlite3 "$BENCH_SEED_FROM" ".backup '$data/opbx.db'"
else
  dotnet "$BENCH" seed --data "$data" --orgs 1000 --users 100000 --org-members 5000
fi
dotnet "$APP" create-platform-manager --email bench@example.test --name Bench --password Bench-password-1 >/dev/null
token=$(dotnet "$APP" create-token --email bench@example.test --name bench | tail -1)
key=$(printf '%s' "ok_benchkey1:bench-secret-0123456789abcdef" | base64 -w0)
dotnet "$APP" --urls "$URL" > "$data/app.log" 2>&1 &
app=$!
dotnet "$BENCH" bare --data "$data" --urls "http://127.0.0.1:$BARE_PORT" > "$data/bare.log" 2>&1 &
bare=$!
# Waits for both to exit before removing their folder (the app may still be writing a deploy's files).
trap 'kill $app $bare 2>/dev/null || true; wait $app $bare 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -fs "$URL/healthz" >/dev/null 2>&1 && curl -fs "$BARE" >/dev/null 2>&1 && break; sleep 0.5; done

# A fresh seed queues a deploy for every organization (and the platform); the app works through them in the background,
# rendering each organization's configuration. Measuring while it does measures the deploys too, so wait until the queue
# is empty (BENCH_DEPLOY_WAIT seconds at most, default 3600; 0 measures at once) and print what was still pending.
pending_deploys() { sqlite3 "$data/opbx.db" "select count(*) from Deploys where Status in ('Queued','Running','WaitingForAsterisk')" 2>/dev/null || echo "?"; }
deadline=$((SECONDS + ${BENCH_DEPLOY_WAIT:-3600}))
while [ "$(pending_deploys)" != 0 ] && [ $SECONDS -lt $deadline ]; do
  echo "waiting for the deploy queue: $(pending_deploys) deploys pending" >&2
  sleep 30
done
if [ -n "${BENCH_SAVE_SEED:-}" ] && [ "$(pending_deploys)" = 0 ]; then
  # The drained database, for BENCH_SEED_FROM next time (no deploys left to wait for).
  sqlite3 "$data/opbx.db" ".backup '$BENCH_SAVE_SEED'"
fi

# Sign in like a browser (bench/sign-in.sh).
jar="$data/cookies"
cookie=$(sign_in "$URL" "$jar")
big_id=$(sqlite3 "$data/opbx.db" "select Id from Organizations where Slug='big-hospital'")

header() {
  case $1 in
    cookie) echo "Cookie: $cookie" ;;
    token) echo "Authorization: Bearer $token" ;;
    key) echo "Authorization: Basic $key" ;;
    *) echo "X-Bench: 1" ;;
  esac
}

# Warm-up, not measured: two rounds over every page at the measured load, BENCH_WARMUP seconds each (JIT tiers, SQLite
# page cache). Under full load the runtime needs about half a minute to compile a page's hot code with full optimisation
# (tiered JIT) and runs it at a third of the speed, with long stalls, until then; 2 s per page left ring groups and the
# platform audit with p95 of 100 ms+.
for _ in 1 2; do
  while IFS='|' read -r name path auth; do
    wrk -t2 -c"$CONNECTIONS" -d"${BENCH_WARMUP:-6}s" -H "$(header "$auth")" "$URL${path//BIG/$big_id}" >/dev/null 2>&1
  done < <(scenarios)
done
wrk -t2 -c4 -d3s "$BARE" >/dev/null 2>&1

{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; wrk -t2 -c$CONNECTIONS -d${DURATION}s; 1,000 organizations, 105,000 users; deploys pending at start: $(pending_deploys)"
  printf '%-42s %8s %8s %8s %9s %9s  %s\n' scenario p50_ms p95_ms req_s p50_ratio rps_ratio load
  read -r b50 b95 brps < <(measure "$BARE")
  printf '%-42s %8s %8s %8s %9s %9s  %s\n' "bare endpoint (50 rows, Kestrel + SQLite)" "$b50" "$b95" "$brps" 1.0 1.00 "$(cut -d' ' -f1 /proc/loadavg)"
  while IFS='|' read -r name path auth; do
    path=${path//BIG/$big_id}
    h=$(header "$auth")
    # Only a page that answers 200 is measured (a redirect to sign-in would look very fast).
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "$h" "$URL$path")
    [ "$code" = 200 ] || { echo "$name: $path answered $code, not measured"; continue; }
    read -r p50 p95 rps < <(measure "$URL$path" -H "$h")
    # Against the bare endpoint measured now (the load of the other builds moves both).
    read -r n50 _ nrps < <(measure "$BARE")
    printf '%-42s %8s %8s %8s %9s %9s  %s\n' "$name" "$p50" "$p95" "$rps" \
      "$(awk -v a="$p50" -v b="$n50" 'BEGIN{printf "%.1f", a/b}')" "$(awk -v a="$rps" -v b="$nrps" 'BEGIN{printf "%.2f", a/b}')" "$(cut -d' ' -f1 /proc/loadavg)"
  done < <(scenarios)
} | tee "$RESULTS/latest.txt"
