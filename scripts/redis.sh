#!/usr/bin/env bash
# Redis for local development and tests: a daemonized redis-server bound to
# 127.0.0.1:$REDIS_PORT with its data, log and pid file in .services/redis.
# No systemd involved (there is none on our machines).
#
# Usage: scripts/redis.sh start|stop|status
# Env:   REDIS_PORT (6379), REDIS_START_TIMEOUT (30 seconds)
set -euo pipefail
LOG_TAG=redis
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-30}"
REDIS_DIR="$SERVICES_DIR/redis"
REDIS_LOG="$REDIS_DIR/redis.log"
REDIS_PID="$REDIS_DIR/redis.pid"
# The port we started on, so `stop` finds the server even if REDIS_PORT
# changed in between.
REDIS_PORT_FILE="$REDIS_DIR/port"

# PING -> PONG, with redis-cli when present, else over bash's /dev/tcp.
ping() { # port
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = "PONG" ]
  else
    # shellcheck disable=SC2016 # $line is expanded by the inner bash
    timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$1"' && printf "PING\r\n" >&3 && read -r line <&3 && [[ $line == +PONG* ]]' 2>/dev/null
  fi
}

start() {
  if ping "$REDIS_PORT"; then
    log "already running on 127.0.0.1:$REDIS_PORT (reusing)"
    return 0
  fi
  if tcp_open "$REDIS_PORT"; then
    die "something that is not Redis listens on 127.0.0.1:$REDIS_PORT; stop it or set REDIS_PORT"
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    log "redis-server not found; installing Debian's redis-server package"
    apt_install redis-server
  fi
  ensure_services_dir
  mkdir -p "$REDIS_DIR"
  log "starting on 127.0.0.1:$REDIS_PORT (log: $REDIS_LOG)"
  # Everything on the command line: no config file to keep in sync.
  # Default RDB snapshots keep the data across down/up (shutdown saves too).
  redis-server \
    --daemonize yes \
    --bind 127.0.0.1 \
    --port "$REDIS_PORT" \
    --protected-mode yes \
    --dir "$REDIS_DIR" \
    --logfile "$REDIS_LOG" \
    --pidfile "$REDIS_PID" \
    --save "3600 1 300 100 60 10000" \
    --appendonly no \
    || fail_with_log redis "$REDIS_PORT" "$REDIS_LOG" "redis-server failed to start"
  echo "$REDIS_PORT" >"$REDIS_PORT_FILE"
  wait_until "$REDIS_START_TIMEOUT" ping "$REDIS_PORT" \
    || fail_with_log redis "$REDIS_PORT" "$REDIS_LOG" "no PONG within ${REDIS_START_TIMEOUT}s"
  log "up: redis://127.0.0.1:$REDIS_PORT/0"
}

stop() {
  if ! pid_alive "$REDIS_PID"; then
    log "not running (nothing of ours to stop)"
    rm -f "$REDIS_PID"
    return 0
  fi
  local pid port
  pid="$(cat "$REDIS_PID")"
  port="$(cat "$REDIS_PORT_FILE" 2>/dev/null || echo "$REDIS_PORT")"
  log "stopping (pid $pid; SHUTDOWN saves the data to $REDIS_DIR)"
  if command -v redis-cli >/dev/null 2>&1; then
    timeout 30 redis-cli -h 127.0.0.1 -p "$port" shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  else
    kill -TERM "$pid" 2>/dev/null || true # SIGTERM also saves and exits cleanly
  fi
  if ! wait_until 30 bash -c "! kill -0 $pid 2>/dev/null"; then
    log "still running after 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$REDIS_PID"
}

status() {
  if ping "$REDIS_PORT"; then
    echo "redis: up (127.0.0.1:$REDIS_PORT)"
  else
    echo "redis: down (127.0.0.1:$REDIS_PORT)"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
