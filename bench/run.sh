#!/usr/bin/env bash
# Measures Opbx's list pages under load (not part of CI).
# Seeds a fresh database per size, starts the app in Release, signs in a platform manager, and drives each
# page with wrk for a fixed time; prints p50/p95 per scenario. Usage: bench/run.sh [seconds-per-scenario]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-15}"
PORT=5099
URL="http://127.0.0.1:$PORT"
RESULTS=bench/results
mkdir -p "$RESULTS"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=""
command -v wrk >/dev/null || missing="$missing wrk"
command -v sqlite3 >/dev/null || missing="$missing sqlite3"
if [ -n "$missing" ]; then as_root apt-get update -qq && as_root apt-get install -y -qq $missing >/dev/null; fi

dotnet build Opbx.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Opbx.Bench -c Release -v q -nologo >/dev/null
APP=Opbx.Web/bin/Release/net10.0/Opbx.Web.dll
SEED=bench/Opbx.Bench/bin/Release/net10.0/Opbx.Bench.dll

run_size() {
  local label=$1 orgs=$2 users=$3 big=$4
  local data; data=$(mktemp -d /tmp/opbx-bench-XXXX)
  export Opbx__DataDirectory=$data Logging__LogLevel__Default=Warning
  dotnet "$SEED" seed --data "$data" --orgs "$orgs" --users "$users" --org-members "$big"
  dotnet "$APP" create-platform-manager --email bench@example.test --name Bench --password Bench-password-1 >/dev/null
  dotnet "$APP" --urls "$URL" > "$data/app.log" 2>&1 &
  local pid=$!
  trap "kill $pid 2>/dev/null || true" RETURN
  for _ in $(seq 1 60); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

  # Sign in like a browser: take the antiforgery token from the page, post the form, keep the cookie.
  local jar="$data/cookies" token
  token=$(curl -s -c "$jar" "$URL/Identity/Account/Login" | sed -n 's/.*"RequestVerificationToken": "\([^"]*\)".*/\1/p')
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "Input.Email=bench@example.test&Input.Password=Bench-password-1&__RequestVerificationToken=$token" "$URL/Identity/Account/Login"
  local cookie; cookie=$(awk '$6=="opbx"{print "opbx=" $7}' "$jar")

  local big_id=""
  if [ "$big" -gt 0 ]; then
    big_id=$(sqlite3 "$data/opbx.db" "select Id from Organizations where Slug='big-hospital'")
  fi

  # Warm-up pass over every page (JIT tiers, SQLite page cache), not measured: a fresh process takes tens of seconds
  # to reach its steady speed, and the first scenarios would otherwise pay for it.
  while IFS='|' read -r name path; do
    [ -z "$name" ] && continue
    wrk -t2 -c4 -d3s -H "Cookie: $cookie" "$URL${path//BIG/$big_id}" >/dev/null 2>&1
  done < <(scenarios "$big")

  echo "== $label ($orgs organizations, $((users + big)) users)"
  printf '%-44s %8s %8s %8s\n' scenario p50_ms p95_ms req_s
  while IFS='|' read -r name path; do
    [ -z "$name" ] && continue
    path=${path//BIG/$big_id}
    # Only a page that answers 200 is measured (a redirect to sign-in would look very fast).
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$URL$path")
    [ "$code" = 200 ] || { echo "$name: $path answered $code, not measured"; continue; }
    wrk -t2 -c4 -d2s -H "Cookie: $cookie" "$URL$path" >/dev/null 2>&1
    wrk -t2 -c4 -d"${DURATION}s" -H "Cookie: $cookie" -s bench/latency.lua "$URL$path" 2>/dev/null \
      | awk -v n="$name" '/^LATENCY/ {printf "%-44s %8s %8s %8s\n", n, $2, $3, $4}'
  done < <(scenarios "$big")

  if [ "$big" -gt 0 ]; then
    # CSV import dry run of 5,000 rows (half new people, half existing members with a changed role), timed end to end.
    local csv="$data/import.csv"
    { echo "name,email,role,extension"
      for i in $(seq 0 2499); do printf 'New Person %d,new%06d@example.test,pbx_user,%d\n' "$i" "$i" $((20000 + i)); done
      for i in $(seq 0 2499); do printf 'Staff %d,staff%06d@example.test,reporter,\n' "$i" "$i"; done
    } > "$csv"
    local page="$URL/Org/$big_id/Users/Import" times=()
    for _ in 1 2 3 4 5; do
      token=$(curl -s -b "$jar" -c "$jar" "$page" | sed -n 's/.*"RequestVerificationToken": "\([^"]*\)".*/\1/p')
      times+=("$(curl -s -b "$jar" -o "$data/dryrun.html" -w '%{time_total}' -F "__RequestVerificationToken=$token" -F "file=@$csv;type=text/csv" "$page?handler=Check")")
    done
    grep -q "Would create" "$data/dryrun.html" || echo "import dry run did not produce a report"
    printf '%-44s %s\n' "import dry run, 5,000 rows (5 runs, s)" "${times[*]}"
  fi
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
}

scenarios() {
  cat <<'S'
organizations: first page|/Platform/Organizations
organizations: search name|/Platform/Organizations?q=Acme%2000421
organizations: suspended, sorted, page 3|/Platform/Organizations?status=suspended&sort=name&order=asc&page=3
organizations: sort by users, page 10|/Platform/Organizations?sort=users&page=10
users: first page|/Platform/Users
users: search email|/Platform/Users?q=user004242
users: search name|/Platform/Users?q=Okafor%2014
users: broad search "ana"|/Platform/Users?q=ana
users: inactive, page 5|/Platform/Users?status=inactive&page=5
S
  if [ "$1" -gt 0 ]; then
    cat <<'S'
org users (5,000 members): first page|/Org/BIG/Users
org users: search|/Org/BIG/Users?q=staff00424
org users: inactive, page 3|/Org/BIG/Users?status=inactive&page=3
org users: reporters by extension, page 2|/Org/BIG/Users?role=reporter&sort=extension&page=2
S
  fi
}

{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; wrk -t2 -c4 -d${DURATION}s"
  run_size "1k users" 1000 1000 0
  run_size "100k users" 1000 100000 5000
} | tee "$RESULTS/latest.txt"
