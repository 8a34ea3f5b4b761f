#!/usr/bin/env bash
# Local backing services for development and tests: PostgreSQL, Redis and
# Elasticsearch 8 on 127.0.0.1, with data and logs in .services/.
#
#   scripts/services.sh up      start whatever is not already answering, then
#                               print three `export ...` lines on stdout:
#                                 eval "$(scripts/services.sh up)"
#   scripts/services.sh down    stop what these scripts started (data is kept)
#   scripts/services.sh env     print the export lines only
#   scripts/services.sh status  print each service up/down (exit 1 if any down)
#
# Ports: PG_PORT (5432), REDIS_PORT (6379), ES_PORT (9200). More knobs are
# documented at the top of postgres.sh, redis.sh and elasticsearch.sh.
# Progress and errors go to stderr; any failure exits non-zero (with or
# without CI=true -- the caller decides what to do about it).
set -euo pipefail
LOG_TAG=services
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
ES_PORT="${ES_PORT:-9200}"
export PG_PORT REDIS_PORT ES_PORT

SERVICES=(postgres redis elasticsearch)

print_env() {
  echo "export DATABASE_URL=postgres://portal:portal@127.0.0.1:$PG_PORT/portal"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
  echo "export ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT"
}

up() {
  ensure_services_dir
  local started=$SECONDS svc failed=()
  declare -A pids=()
  # In parallel: Elasticsearch dominates (JVM start); the others finish
  # meanwhile. Sub-scripts never write to our stdout.
  for svc in "${SERVICES[@]}"; do
    "$SCRIPTS_DIR/$svc.sh" start >&2 &
    pids[$svc]=$!
  done
  for svc in "${SERVICES[@]}"; do
    wait "${pids[$svc]}" || failed+=("$svc")
  done
  if [ "${#failed[@]}" -gt 0 ]; then
    die "failed to start: ${failed[*]} (see messages above)"
  fi
  log "all services up in $((SECONDS - started))s"
  print_env
}

down() {
  local svc rc=0
  # Reverse order: search and cache first, database last.
  for svc in elasticsearch redis postgres; do
    "$SCRIPTS_DIR/$svc.sh" stop >&2 || { log "stopping $svc failed"; rc=1; }
  done
  return "$rc"
}

status() {
  local svc rc=0
  for svc in "${SERVICES[@]}"; do
    "$SCRIPTS_DIR/$svc.sh" status || rc=1
  done
  return "$rc"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) print_env ;;
  status) status ;;
  *) echo "usage: $0 up|down|env|status" >&2; exit 2 ;;
esac
