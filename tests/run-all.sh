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

# --- 2. A throwaway PostgreSQL on a private port, owned by this run -----------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PGDATA="$ART/pgdata"
PGRUN="$ART/pgrun"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Reuse the port of our own server when it is still up; otherwise take the first free one from 55432.
if [ -f "$ART/pgport" ] && [ -f "$PGDATA/postmaster.pid" ] && ! port_free "$(cat "$ART/pgport")"; then
  PGPORT=$(cat "$ART/pgport")
else
  PGPORT=${PORTAL_TEST_PGPORT:-55432}
  while ! port_free "$PGPORT"; do PGPORT=$((PGPORT + 1)); done
  echo "$PGPORT" > "$ART/pgport"
fi
start_postgres() {
  mkdir -p "$PGRUN"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    rm -rf "$PGDATA"; mkdir -p "$PGDATA"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGDATA" "$PGRUN"; RUN="runuser -u postgres --"; else RUN=""; fi
    $RUN "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --no-locale >"$ART/initdb.log" 2>&1 || { cat "$ART/initdb.log"; return 1; }
  fi
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PGDATA" "$PGRUN"; RUN="runuser -u postgres --"; else RUN=""; fi
  if ! $RUN "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    $RUN "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGRUN/postgres.log" -w -t 60 \
      -o "-p $PGPORT -k $PGRUN -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null \
      || { cat "$PGRUN/postgres.log"; return 1; }
  fi
}
stop_postgres() {
  if [ "$(id -u)" = 0 ]; then RUN="runuser -u postgres --"; else RUN=""; fi
  $RUN "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
}
log "starting a throwaway PostgreSQL on 127.0.0.1:$PGPORT"
if [ -n "$PGBIN" ] && start_postgres; then
  export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=postgres;Database=postgres"
else
  echo "PostgreSQL could not be started; the tests that need it will fail and say so."
fi

# --- 2b. A throwaway MariaDB on a private port, owned by this run ---------------------------
# Own datadir and socket under .artifacts (no /etc/mysql config: --no-defaults); root logs in over the
# socket (unix_socket auth) and creates the password user "portal" that the tests connect with over TCP.
MYDIR="$ART/mariadb"
MYDATA="$MYDIR/data"
MYSOCK="$MYDIR/sock"
MYD=$(command -v mariadbd || echo /usr/sbin/mariadbd)
if [ "$(id -u)" = 0 ]; then MYOS=mysql; MYADMIN=root; else MYOS=$(id -un); MYADMIN=$MYOS; fi
if [ -f "$ART/myport" ] && [ -f "$MYDIR/mariadbd.pid" ] && ! port_free "$(cat "$ART/myport")"; then
  MYPORT=$(cat "$ART/myport")
else
  MYPORT=${PORTAL_TEST_MYPORT:-53306}
  while ! port_free "$MYPORT"; do MYPORT=$((MYPORT + 1)); done
  echo "$MYPORT" > "$ART/myport"
fi
my_sql() { mariadb --no-defaults --socket="$MYSOCK" -u "$MYADMIN" "$@"; }
start_mariadb() {
  [ -x "$MYD" ] || return 1
  mkdir -p "$MYDIR"
  if [ ! -d "$MYDATA/mysql" ]; then
    rm -rf "$MYDATA"; mkdir -p "$MYDATA"
    [ "$(id -u)" = 0 ] && chown -R "$MYOS:$MYOS" "$MYDIR"
    mariadb-install-db --no-defaults --user="$MYOS" --datadir="$MYDATA" --skip-test-db \
      >"$ART/mariadb-install.log" 2>&1 || { cat "$ART/mariadb-install.log"; return 1; }
  fi
  [ "$(id -u)" = 0 ] && chown -R "$MYOS:$MYOS" "$MYDIR"
  if ! my_sql -e "SELECT 1" >/dev/null 2>&1; then
    setsid "$MYD" --no-defaults --user="$MYOS" --datadir="$MYDATA" --socket="$MYSOCK" --port="$MYPORT" \
      --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$MYDIR/mariadbd.pid" \
      --log-error="$MYDIR/mariadb.log" --innodb-flush-log-at-trx-commit=0 </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 60); do my_sql -e "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
    my_sql -e "SELECT 1" >/dev/null 2>&1 || { tail -30 "$MYDIR/mariadb.log"; return 1; }
  fi
  my_sql -e "CREATE USER IF NOT EXISTS 'portal'@'127.0.0.1' IDENTIFIED BY 'portal';
             GRANT ALL PRIVILEGES ON *.* TO 'portal'@'127.0.0.1' WITH GRANT OPTION;" || return 1
}
stop_mariadb() {
  [ -f "$MYDIR/mariadbd.pid" ] || return 0
  local pid; pid=$(cat "$MYDIR/mariadbd.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
}
log "starting a throwaway MariaDB on 127.0.0.1:$MYPORT"
if start_mariadb; then
  export PORTAL_TEST_MARIADB="Server=127.0.0.1;Port=$MYPORT;User ID=portal;Password=portal;Database=mysql"
else
  echo "MariaDB could not be started; the tests that need it will fail and say so."
fi
trap 'stop_postgres; stop_mariadb' EXIT

# --- 3. Build once, then every test project -----------------------------------------------
export PORTAL_CRDS_DIR="${PORTAL_CRDS_DIR:-$ROOT/../shared/crds}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
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
  name=$(basename "$proj" .csproj)
  log "testing $name"
  dotnet test "$proj" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" \
    --logger "console;verbosity=normal" >"$ART/$name.log" 2>&1 || status=1
  grep -E "^\s+(Failed|Skipped) |Total tests|Passed!|Failed!|error" "$ART/$name.log" | head -80
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
