#!/usr/bin/env bash
# PostgreSQL for local development and tests: a private cluster in
# .services/postgres/data, listening on 127.0.0.1:$PG_PORT only, with role
# and database "portal" (password "portal").
#
# Usage: scripts/postgres.sh start|stop|status
# Env:   PG_PORT (5432), PG_BIN (auto: newest /usr/lib/postgresql/*/bin),
#        PG_START_TIMEOUT (60 seconds)
set -euo pipefail
LOG_TAG=postgres
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PG_PORT="${PG_PORT:-5432}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"
PG_DIR="$SERVICES_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
PG_SOCKET_DIR="$PG_DIR/run"
# postgres refuses to run as root; as root we use the "postgres" system user.
if is_root; then PG_OS_USER=postgres; else PG_OS_USER="$(id -un)"; fi

# Unix socket paths are limited to ~107 bytes; fall back to /tmp for deep
# checkouts (keyed on the repo path so two checkouts don't collide).
if [ "${#PG_SOCKET_DIR}" -gt 90 ]; then
  PG_SOCKET_DIR="/tmp/portal-pg-$(printf '%s' "$PG_DIR" | md5sum | cut -c1-10)"
fi

find_pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then return 0; fi
  # A data dir is tied to one major version: prefer the matching binaries.
  if [ -s "$PG_DATA/PG_VERSION" ] && [ -x "/usr/lib/postgresql/$(cat "$PG_DATA/PG_VERSION")/bin/pg_ctl" ]; then
    PG_BIN="/usr/lib/postgresql/$(cat "$PG_DATA/PG_VERSION")/bin"
    return 0
  fi
  # Otherwise the newest installed major version.
  local candidate
  candidate="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  if [ -x "$candidate/pg_ctl" ]; then
    PG_BIN="$candidate"
  fi
}

ensure_binaries() {
  find_pg_bin
  if [ -z "${PG_BIN:-}" ]; then
    log "PostgreSQL server binaries not found; installing Debian's postgresql package"
    apt_install postgresql
    find_pg_bin
    [ -n "${PG_BIN:-}" ] || die "no pg_ctl under /usr/lib/postgresql/*/bin even after installing postgresql"
  fi
  # Debian layout: /usr/lib/postgresql/<major>/bin
  if [ -s "$PG_DATA/PG_VERSION" ] && [ "$(cat "$PG_DATA/PG_VERSION")" != "$(basename "$(dirname "$PG_BIN")")" ]; then
    die "$PG_DATA was created by PostgreSQL $(cat "$PG_DATA/PG_VERSION") but $PG_BIN is another major version; install postgresql-$(cat "$PG_DATA/PG_VERSION") or remove $PG_DIR"
  fi
}

is_up() {
  local isready="${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_isready"
  if [ -x "$isready" ]; then
    "$isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 3
  else
    tcp_open "$PG_PORT"
  fi
}

portal_login_ok() {
  PGPASSWORD=portal PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U portal -d portal \
    -Atqc 'select 1' >/dev/null 2>&1
}

# Our cluster is running if pg_ctl says so for our data directory.
ours_running() {
  [ -f "$PG_DATA/postmaster.pid" ] && run_as "$PG_OS_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

# Create/refresh role and database. Runs over our unix socket as the
# "postgres" superuser (local connections use trust auth, TCP needs a
# password). Idempotent.
bootstrap_roles() {
  local psql=("$PG_BIN/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq)
  # CREATEDB: pytest-django creates and drops test_portal.
  run_as "$PG_OS_USER" "${psql[@]}" -c "
    DO \$\$BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal') THEN
        CREATE ROLE portal LOGIN CREATEDB PASSWORD 'portal';
      ELSE
        ALTER ROLE portal LOGIN CREATEDB PASSWORD 'portal';
      END IF;
    END\$\$;" >/dev/null
  if [ -z "$(run_as "$PG_OS_USER" "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'portal'")" ]; then
    log "creating database portal"
    run_as "$PG_OS_USER" "${psql[@]}" -c "CREATE DATABASE portal OWNER portal" >/dev/null
  fi
}

start() {
  find_pg_bin
  if is_up; then
    # Something already answers: reuse it, never start a second server.
    if [ -n "${PG_BIN:-}" ] && portal_login_ok; then
      log "already running on 127.0.0.1:$PG_PORT (portal/portal can log in)"
      return 0
    fi
    ensure_binaries
    if ours_running; then
      log "our server is running; (re)creating role/database portal"
      bootstrap_roles
      portal_login_ok || die "role portal still cannot log in on 127.0.0.1:$PG_PORT"
      return 0
    fi
    die "something else listens on 127.0.0.1:$PG_PORT and portal/portal cannot log in to it; stop it or set PG_PORT"
  fi

  ensure_binaries
  ensure_services_dir
  ensure_system_user "$PG_OS_USER"
  mkdir -p "$PG_DIR" "$PG_SOCKET_DIR"
  if is_root; then
    chown "$PG_OS_USER": "$PG_DIR" "$PG_SOCKET_DIR"
    [ ! -d "$PG_DATA" ] || chown -R "$PG_OS_USER": "$PG_DATA"
    make_traversable "$PG_DIR" "$PG_OS_USER"
    make_traversable "$PG_SOCKET_DIR" "$PG_OS_USER"
  fi

  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA (PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}'))"
    run_as "$PG_OS_USER" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 \
      || fail_with_log postgres "$PG_PORT" "$PG_DIR/initdb.log" "initdb failed"
    # Dev/test tuning: no fsync means faster test-database creation; data
    # survives a clean stop (services.sh down) but not an OS crash.
    cat >>"$PG_DATA/postgresql.conf" <<'CONF'

# --- added by scripts/postgres.sh (local dev/test only) ---
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  fi

  log "starting on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  # Port and socket dir are given on each start so PG_PORT can change
  # between runs without editing postgresql.conf.
  if ! run_as "$PG_OS_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$PG_START_TIMEOUT" \
      -o "-p $PG_PORT -k $PG_SOCKET_DIR -c listen_addresses=127.0.0.1" start >/dev/null; then
    fail_with_log postgres "$PG_PORT" "$PG_LOG" "did not start within ${PG_START_TIMEOUT}s"
  fi
  wait_until "$PG_START_TIMEOUT" is_up \
    || fail_with_log postgres "$PG_PORT" "$PG_LOG" "not accepting connections within ${PG_START_TIMEOUT}s"
  bootstrap_roles
  portal_login_ok || fail_with_log postgres "$PG_PORT" "$PG_LOG" "role portal cannot log in"
  log "up: postgres://portal:portal@127.0.0.1:$PG_PORT/portal"
}

stop() {
  find_pg_bin
  if [ -z "${PG_BIN:-}" ] || ! ours_running; then
    log "not running (nothing of ours to stop)"
    return 0
  fi
  log "stopping (pg_ctl stop -m fast; data stays in $PG_DATA)"
  run_as "$PG_OS_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
}

status() {
  find_pg_bin
  if is_up; then
    echo "postgres: up (127.0.0.1:$PG_PORT)"
  else
    echo "postgres: down (127.0.0.1:$PG_PORT)"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
