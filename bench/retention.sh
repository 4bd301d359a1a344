#!/usr/bin/env bash
# Measures the retention purge at volume (not part of CI): seeds 1,000,000 call records (about half past the organization's
# 180-day retention, every 50th recorded with a 2 KiB file), starts Opbx in Release, and measures the call records page
# (/Org/{id}/Calls, and a filtered variant) with wrk while idle, then again while "Run now" purges, in the same run.
# Prints p50/p95 of both and the ratio (target: p95 during the purge <= 2x idle), the purge's duration, rows/s, and the
# longest single delete transaction (how long it held the write lock), with the load average beside each line.
# Usage: bench/retention.sh [records] [seconds-per-measure]
#   BENCH_BATCH=N       rows per delete transaction (Opbx__Jobs__RetentionBatchSize, default the app's)
#   BENCH_PAUSE_MS=N    pause between two batches (Opbx__Jobs__RetentionPause, default the app's)
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS="${1:-1000000}"
DURATION="${2:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-8}"
PORT=5101
URL="http://127.0.0.1:$PORT"
RESULTS=bench/results
mkdir -p "$RESULTS"

. bench/wrk-setup.sh
. bench/sign-in.sh
load() { cut -d' ' -f1-3 /proc/loadavg; }

data=$(mktemp -d /tmp/opbx-retention-bench-XXXX)
export Opbx__DataDirectory=$data Logging__LogLevel__Default=Warning
if [ -n "${BENCH_BATCH:-}" ]; then export Opbx__Jobs__RetentionBatchSize=$BENCH_BATCH; fi
if [ -n "${BENCH_PAUSE_MS:-}" ]; then export Opbx__Jobs__RetentionPause=$(awk -v m="$BENCH_PAUSE_MS" 'BEGIN{printf "00:00:%06.3f", m/1000}'); fi
# BENCH_SEED_CACHE=dir: the first run seeds and keeps a copy there, later runs (other batch sizes) copy it instead of seeding again.
cache="${BENCH_SEED_CACHE:-}"
if [ -n "$cache" ] && [ -f "$cache/opbx.db" ]; then cp -a "$cache/." "$data/"; echo "seed copied from $cache"
else
  dotnet "$BENCH" retention-seed --data "$data" --records "$RECORDS" --record-every 50
  if [ -n "$cache" ]; then mkdir -p "$cache" && cp -a "$data/." "$cache/"; fi
fi
dotnet "$APP" create-platform-manager --email bench@example.test --name Bench --password Bench-password-1 >/dev/null
# Each delete batch's lock hold is logged at Debug (a name with dots: set through env, not export).
env "Logging__LogLevel__Opbx.Domain.Calls.RetentionService=Debug" dotnet "$APP" --urls "$URL" > "$data/app.log" 2>&1 &
app=$!
# The app's log is kept beside the results (a failed run's reason must not go with the data folder).
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; cp "$data/app.log" "$RESULTS/retention-app-latest.log" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 240); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

# Sign in like a browser (bench/sign-in.sh).
jar="$data/cookies"
cookie=$(sign_in "$URL" "$jar")
org=$(sqlite3 "$data/opbx.db" "select Id from Organizations where Slug='bench-retention'")
pages=("/Org/$org/Calls" "/Org/$org/Calls?direction=inbound&disposition=answered")
for p in "${pages[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$URL$p")
  [ "$code" = 200 ] || { echo "$p answered $code; see $data/app.log" >&2; exit 1; }
  wrk -t2 -c4 -d3s -H "Cookie: $cookie" "$URL$p" >/dev/null 2>&1   # warm-up (JIT, SQLite page cache)
done

measure() { wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "Cookie: $cookie" -s bench/latency.lua "$URL$1" 2>/dev/null | awk '/^LATENCY/ {print $2, $3, $4} /^ERRORS/ {print "ERRORS", $2 > "/dev/stderr"}'; }
sweep() { sqlite3 "$data/opbx.db" "select $1 from RetentionSweeps order by StartedAt desc limit 1"; }

declare -A idle50 idle95 idlerps idleload
for p in "${pages[@]}"; do
  read -r idle50[$p] idle95[$p] idlerps[$p] < <(measure "$p")
  idleload[$p]=$(load)
done

# "Run now" as a platform manager presses it (the form's antiforgery token, the session cookie).
jobs_page=$(curl -s -b "$jar" -c "$jar" "$URL/Platform/Jobs")
token=$(printf '%s' "$jobs_page" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" -d "__RequestVerificationToken=$token" "$URL/Platform/Jobs?handler=Retention")
[ "$code" = 302 ] || { echo "Run now answered $code" >&2; exit 1; }
for _ in $(seq 1 50); do [ "$(sweep Status)" = Running ] && break; sleep 0.1; done

declare -A busy50 busy95 busyrps busyload busystatus
for p in "${pages[@]}"; do
  read -r busy50[$p] busy95[$p] busyrps[$p] < <(measure "$p")
  busyload[$p]=$(load)
  busystatus[$p]=$(sweep Status)   # "Running": the whole measurement overlapped the purge
done
while [ "$(sweep Status)" = Running ]; do sleep 1; done

{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; wrk -t2 -c$CONNECTIONS -d${DURATION}s; $RECORDS call records; batch ${BENCH_BATCH:-default}, pause ${BENCH_PAUSE_MS:-default} ms"
  printf '%-46s %8s %8s %7s %8s %8s %7s %9s  %-16s %-16s %s\n' page idle_p50 idle_p95 idle_rs purge_p50 purge_p95 purge_rs p95_ratio load_idle load_purge "purge still running at end"
  for p in "${pages[@]}"; do
    printf '%-46s %8s %8s %7s %8s %8s %7s %9s  %-16s %-16s %s\n' "${p/$org/ID}" "${idle50[$p]}" "${idle95[$p]}" "${idlerps[$p]}" "${busy50[$p]}" "${busy95[$p]}" "${busyrps[$p]}" \
      "$(awk -v a="${busy95[$p]}" -v b="${idle95[$p]}" 'BEGIN{printf "%.2f", a/b}')" "${idleload[$p]}" "${busyload[$p]}" "${busystatus[$p]}"
  done
  IFS='|' read -r status deleted recordings freed longest seconds < <(sqlite3 "$data/opbx.db" \
    "select Status, CallRecordsDeleted, RecordingsDeleted, BytesFreed, LongestBatchMilliseconds, (FinishedAt - StartedAt) / 10000000.0 from RetentionSweeps order by StartedAt desc limit 1")
  left=$(sqlite3 "$data/opbx.db" "select count(*) from CallRecords")
  # Every batch's write-lock hold, from the service's Debug lines in the app's log.
  batches=$(grep -o 'Retention batch held the write lock [0-9.]* ms' "$data/app.log" | awk '{print $7}' | sort -n | awk '{v[NR]=$1} END {if (NR) printf "%d batches: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", NR, v[int(NR*0.5)+1], v[int(NR*0.95)+1], v[int(NR*0.99)+1], v[NR]}' || true)
  failure=$(sqlite3 "$data/opbx.db" "select coalesce(Failure, '') from RetentionSweeps order by StartedAt desc limit 1")
  echo "purge: $status; $deleted call records and $recordings recordings ($freed bytes) deleted in $seconds s = $(awk -v a="$deleted" -v b="$seconds" 'BEGIN{printf "%.0f", a/b}') rows/s; longest batch transaction $longest ms; $left records left; load $(load)"
  echo "write lock per batch: $batches"
  # The wait for the lock before each batch (another writer, e.g. the usage tally, held it), and the writes retried because
  # the database stayed busy past the 5 s busy timeout.
  waits=$(grep -o 'waited [0-9.]* ms for it' "$data/app.log" | awk '{print $2}' | sort -n | awk '{v[NR]=$1} END {if (NR) printf "p50 %.1f ms, p95 %.1f ms, max %.1f ms", v[int(NR*0.5)+1], v[int(NR*0.95)+1], v[NR]}' || true)
  echo "wait for the lock per batch: $waits; busy retries: $(grep -c 'the database was busy' "$data/app.log" || true)"
  if [ -n "$failure" ]; then echo "purge failure: $failure"; grep -i -A3 "fail\|exception" "$data/app.log" | head -20; fi
  echo "app log: $RESULTS/retention-app-latest.log; sign-in or page errors: $(grep -c 'fail:' "$data/app.log" || true)"
} | tee "$RESULTS/retention-latest.txt"
