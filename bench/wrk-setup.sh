# Sourced by the benches that drive Opbx with wrk (run.sh, retention.sh), from the repository's root: installs wrk and
# sqlite3 when missing, builds Opbx and the bench project in Release, and names their DLLs ($APP, $BENCH).
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=""
command -v wrk >/dev/null || missing="$missing wrk"
command -v sqlite3 >/dev/null || missing="$missing sqlite3"
if [ -n "$missing" ]; then as_root apt-get update -qq && as_root apt-get install -y -qq $missing >/dev/null; fi

dotnet build Opbx.Web -c Release -v q -nologo >/dev/null
dotnet build bench/Opbx.Bench -c Release -v q -nologo >/dev/null
APP=Opbx.Web/bin/Release/net10.0/Opbx.Web.dll
BENCH=bench/Opbx.Bench/bin/Release/net10.0/Opbx.Bench.dll
