# Throwaway PostgreSQL and MariaDB servers for the tests. Sourced by tests/run-all.sh (and by the test that
# proves this file works from a folder only its owner may enter); not meant to be run on its own.
#
#   servers_start   starts both on free private ports and exports PORTAL_TEST_POSTGRES / PORTAL_TEST_MARIADB
#                   (a server that cannot start is reported and its variable is left unset)
#   servers_stop    stops both and removes their folder
#
# Why a folder of their own: as root the servers run as the `postgres` and `mysql` users, who cannot enter a
# checkout in a folder only its owner may enter (root's home, any `mktemp -d`). Their data, sockets and logs
# therefore live in a fresh folder under /tmp that those users can reach, made here and removed by servers_stop;
# the logs are copied to $SERVERS_LOG_DIR (when set) first, so a failed run can still be read.

servers__port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
servers__free_port() { local p=$1; while ! servers__port_free "$p"; do p=$((p + 1)); done; echo "$p"; }
# Runs a command as the given user from "/", so that no server tool tries to go back to a folder it may not enter.
servers__as() {
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u "$user" -- "$@"); else (cd / && "$@"); fi
}

servers__start_postgres() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] || { echo "PostgreSQL is not installed (Debian package postgresql)."; return 1; }
  local dir="$SERVERS_DIR/postgres" port
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  port=$(servers__free_port "${PORTAL_TEST_PGPORT:-55432}")
  servers__as postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$SERVERS_DIR/initdb.log" 2>&1 \
    || { cat "$SERVERS_DIR/initdb.log"; return 1; }
  servers__as postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null \
    || { cat "$dir/postgres.log"; return 1; }
  SERVERS_PG_BIN=$bin
  export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
}

servers__start_mariadb() {
  local mariadbd; mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  [ -x "$mariadbd" ] || { echo "MariaDB is not installed (Debian package mariadb-server)."; return 1; }
  local dir="$SERVERS_DIR/mariadb" user admin port
  if [ "$(id -u)" = 0 ]; then user=mysql; admin=root; else user=$(id -un); admin=$user; fi
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown "$user:$user" "$dir"
  port=$(servers__free_port "${PORTAL_TEST_MYPORT:-53306}")
  (cd / && mariadb-install-db --no-defaults --user="$user" --datadir="$dir/data" --skip-test-db) \
    >"$SERVERS_DIR/mariadb-install.log" 2>&1 || { cat "$SERVERS_DIR/mariadb-install.log"; return 1; }
  [ "$(id -u)" = 0 ] && chown -R "$user:$user" "$dir"
  (cd / && setsid "$mariadbd" --no-defaults --user="$user" --datadir="$dir/data" --socket="$dir/sock" --port="$port" \
    --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$dir/mariadbd.pid" \
    --log-error="$dir/mariadb.log" --innodb-flush-log-at-trx-commit=0 </dev/null >/dev/null 2>&1 &)
  local sql=(mariadb --no-defaults --socket="$dir/sock" -u "$admin")
  for _ in $(seq 1 60); do "${sql[@]}" -e "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
  "${sql[@]}" -e "SELECT 1" >/dev/null 2>&1 || { tail -30 "$dir/mariadb.log"; return 1; }
  "${sql[@]}" -e "CREATE USER IF NOT EXISTS 'portal'@'127.0.0.1' IDENTIFIED BY 'portal';
                  GRANT ALL PRIVILEGES ON *.* TO 'portal'@'127.0.0.1' WITH GRANT OPTION;" || return 1
  export PORTAL_TEST_MARIADB="Server=127.0.0.1;Port=$port;User ID=portal;Password=portal;Database=mysql"
}

servers_start() {
  SERVERS_DIR=$(mktemp -d /tmp/portal-test-servers.XXXXXX) || return 1
  chmod 711 "$SERVERS_DIR"   # the server users may pass through to their own sub-folder, and see nothing else
  servers__start_postgres || echo "PostgreSQL could not be started; the tests that need it will fail and say so."
  servers__start_mariadb || echo "MariaDB could not be started; the tests that need it will fail and say so."
}

servers_stop() {
  [ -n "${SERVERS_DIR:-}" ] && [ -d "$SERVERS_DIR" ] || return 0
  if [ -n "${SERVERS_PG_BIN:-}" ]; then
    servers__as postgres "$SERVERS_PG_BIN/pg_ctl" -D "$SERVERS_DIR/postgres/data" -m fast stop >/dev/null 2>&1 || true
  fi
  local pidfile="$SERVERS_DIR/mariadb/mariadbd.pid"
  if [ -f "$pidfile" ]; then
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  if [ -n "${SERVERS_LOG_DIR:-}" ]; then
    mkdir -p "$SERVERS_LOG_DIR"
    cp "$SERVERS_DIR"/postgres/postgres.log "$SERVERS_DIR"/mariadb/mariadb.log "$SERVERS_DIR"/*.log "$SERVERS_LOG_DIR"/ 2>/dev/null || true
  fi
  rm -rf "$SERVERS_DIR"
  SERVERS_DIR=
}
