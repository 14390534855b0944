#!/usr/bin/env bash
# Runs every test of the portal on this machine, installing what is missing first:
#   Debian's postgresql and mariadb-server (throwaway servers on private ports), chromium (browser tests),
#   docker-compose (to validate docker-compose.yml).
# Safe to run again: every step checks before it acts. Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ART="$ROOT/.artifacts"
mkdir -p "$ART"

log() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- 1. Debian packages ---------------------------------------------------------------
need=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v mariadb-dump >/dev/null 2>&1 || need+=(mariadb-client)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  as_root apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${need[@]}" >"$ART/apt.log" 2>&1 \
    || { tail -20 "$ART/apt.log"; echo "apt-get install failed"; }
fi

# --- 2. Throwaway PostgreSQL and MariaDB on private ports, owned by this run -------------------
# Their data and sockets live in a folder of their own under /tmp (see tests/test-servers.sh), so the
# `postgres` and `mysql` users can reach them wherever this checkout is (even in a folder only its owner may enter).
. "$ROOT/tests/test-servers.sh"
SERVERS_LOG_DIR="$ART/servers"
log "starting a throwaway PostgreSQL and MariaDB"
servers_start
trap servers_stop EXIT

# --- 3. Build once, then every test project -----------------------------------------------
export PORTAL_CRDS_DIR="${PORTAL_CRDS_DIR:-$ROOT/../shared/crds}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The tests run from the solution's build: a project under tests/ that Portal.sln does not list would not be built.
for proj in tests/*/*.csproj; do
  if ! grep -qF "$(basename "$proj")" Portal.sln; then
    echo "$proj is not in Portal.sln: add it with 'dotnet sln Portal.sln add $proj'"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
done
log "building"
if ! dotnet build Portal.sln -c Debug -nologo -clp:ErrorsOnly >"$ART/build.log" 2>&1; then
  cat "$ART/build.log" | tail -60
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

RESULTS="$ART/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
status=0
for proj in tests/*/*.csproj; do
  # Portal.TestSupport is a library the test projects share; its own tests live in the projects that use it.
  grep -q '"Microsoft.NET.Test.Sdk"' "$proj" || continue
  name=$(basename "$proj" .csproj)
  log "testing $name"
  dotnet test "$proj" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" \
    --logger "console;verbosity=normal" >"$ART/$name.log" 2>&1 || status=1
  grep -E "^\s+(Failed|Skipped) |Total tests|Passed!|Failed!|error" "$ART/$name.log" | head -80
  # Why each test failed, so that a red run can be read from this output alone.
  grep -A40 -E "^\s+Error Message:" "$ART/$name.log" | grep -vE "^\s+at |Failed executing DbCommand" | head -200
done

# --- 4. One summary line over all projects --------------------------------------------------
p=0; f=0; s=0
for t in "$RESULTS"/*.trx; do
  [ -f "$t" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$t" | head -1)
  get() { local v; v=$(grep -oE " $1=\"[0-9]+\"" <<<"$c" | grep -oE "[0-9]+"); echo "${v:-0}"; }
  total=$(get total); executed=$(get executed)
  p=$((p + $(get passed))); f=$((f + $(get failed) + $(get error) + $(get timeout) + $(get aborted))); s=$((s + total - executed))
done
echo
echo "$p passed, $f failed, $s skipped"
[ "$f" = 0 ] && [ "$status" = 0 ]
