#!/usr/bin/env bash
# Elasticsearch 8 for local development and tests, from Maven Central only
# (Elastic's download site and Docker are not available to us).
#
# What runs: the stock Elasticsearch server from Elastic's "integ-test-zip"
# distribution (org.elasticsearch.distribution.integ-test-zip:elasticsearch,
# see elasticsearch/pom.xml) plus our small plugin in elasticsearch/plugin
# that supplies what that distribution leaves out (GET /, english & co.
# analyzers, synonym filters, search_as_you_type...). Details and
# limitations: scripts/elasticsearch/README.md.
#
# Usage: scripts/elasticsearch.sh start|stop|status|stop-node N|start-node N
# Env:   ES_PORT (9200)            HTTP port of node 1; node N uses ES_PORT+N-1
#        ES_TRANSPORT_PORT (9300)  same for the transport (node-to-node) port
#        ES_NODES (1)              number of nodes in the local cluster
#        ES_JAVA_OPTS (-Xms512m -Xmx1g)  JVM options per node
#        ES_START_TIMEOUT (150 seconds)
#        ES_JAVA_HOME (derived from `java` on PATH)
set -euo pipefail
LOG_TAG=elasticsearch
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ES_PORT="${ES_PORT:-9200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-9300}"
ES_NODES="${ES_NODES:-1}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-150}"
export ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx1g}"

POM="$SCRIPTS_DIR/elasticsearch/pom.xml"
PLUGIN_SRC="$SCRIPTS_DIR/elasticsearch/plugin"
# Single source of truth for the version: the pom.
ES_VERSION="$(sed -n 's:.*<elasticsearch.version>\(.*\)</elasticsearch.version>.*:\1:p' "$POM")"
ES_DIR="$SERVICES_DIR/elasticsearch"
ES_HOME="$ES_DIR/elasticsearch-$ES_VERSION"
PLUGIN_DIR="$ES_HOME/plugins/portal-dev-extras"
# elasticsearch refuses to run as root; as root we use a system user.
if is_root; then ES_OS_USER=elasticsearch; else ES_OS_USER="$(id -un)"; fi

node_dir() { echo "$ES_DIR/node-$1"; }
node_http_port() { echo $((ES_PORT + $1 - 1)); }
node_log() { if [ "$1" = 1 ]; then echo "$ES_DIR/es.log"; else echo "$ES_DIR/es-node$1.log"; fi; }

http_up() { # port
  curl -sf -m 3 -o /dev/null "http://127.0.0.1:$1/"
}

ensure_java() {
  if ! command -v javac >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
    log "JDK not found; installing Debian's openjdk-17-jdk-headless"
    apt_install openjdk-17-jdk-headless
  fi
  if [ -z "${ES_JAVA_HOME:-}" ]; then
    ES_JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  fi
  export ES_JAVA_HOME
}

# Download (first run only) and unpack the distribution. The zip comes via
# Maven so that ~/.m2 caches it; the unpacked tree is our "installed" marker,
# so a warm start never calls mvn.
ensure_distribution() {
  if [ -x "$ES_HOME/bin/elasticsearch" ]; then
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    log "mvn not found; installing Debian's maven"
    apt_install maven
  fi
  local dl="$ES_DIR/download"
  rm -rf "$dl" "$ES_DIR/unpack"
  mkdir -p "$dl" "$ES_DIR/unpack"
  log "downloading Elasticsearch $ES_VERSION (integ-test-zip) from Maven Central"
  # Maven's output goes to a file and is shown only if it fails.
  mvn -q -B -f "$POM" dependency:copy-dependencies -DoutputDirectory="$dl" >"$ES_DIR/mvn.log" 2>&1 \
    || fail_with_log elasticsearch "$ES_PORT" "$ES_DIR/mvn.log" \
      "mvn could not fetch org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
  log "unpacking into $ES_HOME"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$dl/elasticsearch-$ES_VERSION.zip" -d "$ES_DIR/unpack"
  else
    python3 -m zipfile -e "$dl/elasticsearch-$ES_VERSION.zip" "$ES_DIR/unpack"
    chmod +x "$ES_DIR/unpack/elasticsearch-$ES_VERSION/bin/"*
  fi
  # Move into place only when complete, so an interrupted run retries.
  mv "$ES_DIR/unpack/elasticsearch-$ES_VERSION" "$ES_HOME"
  rm -rf "$dl" "$ES_DIR/unpack"
}

# Compile our plugin against the server jars we just unpacked (javac only, no
# extra downloads). Rebuilt when any source file is newer than the jar.
ensure_plugin() {
  local jar="$PLUGIN_DIR/portal-dev-extras.jar"
  if [ -f "$jar" ] && [ -z "$(find "$PLUGIN_SRC" -type f -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  log "building plugin portal-dev-extras"
  local build="$ES_DIR/plugin-build"
  rm -rf "$build"
  mkdir -p "$build/classes" "$PLUGIN_DIR"
  # shellcheck disable=SC2046
  javac --release 17 -nowarn -Xlint:none -encoding UTF-8 -cp "$ES_HOME/lib/*" -d "$build/classes" \
    $(find "$PLUGIN_SRC/src" -name '*.java') >&2 \
    || die "compiling $PLUGIN_SRC failed"
  jar cf "$build/portal-dev-extras.jar" -C "$build/classes" .
  sed "s/@ES_VERSION@/$ES_VERSION/" "$PLUGIN_SRC/plugin-descriptor.properties.in" \
    >"$PLUGIN_DIR/plugin-descriptor.properties"
  mv "$build/portal-dev-extras.jar" "$jar"
  rm -rf "$build"
}

# Per-node config dir (ES_PATH_CONF) with a generated elasticsearch.yml;
# data and logs stay in the node dir across restarts.
write_node_config() { # node-number
  local n="$1" dir
  dir="$(node_dir "$n")"
  mkdir -p "$dir/config" "$dir/data" "$dir/logs"
  if [ ! -f "$dir/config/jvm.options" ]; then
    cp -r "$ES_HOME/config/." "$dir/config/"
  fi
  local seeds="" masters="" i
  for i in $(seq 1 "$ES_NODES"); do
    seeds="$seeds\"127.0.0.1:$((ES_TRANSPORT_PORT + i - 1))\", "
    masters="$masters\"portal-dev-$i\", "
  done
  {
    echo "# Generated by scripts/elasticsearch.sh on every start; edits are lost."
    echo "cluster.name: portal-dev"
    echo "node.name: portal-dev-$n"
    echo "path.data: $dir/data"
    echo "path.logs: $dir/logs"
    echo "# Loopback only (also keeps Elasticsearch in development mode, so"
    echo "# production bootstrap checks such as vm.max_map_count are warnings)."
    echo "network.host: 127.0.0.1"
    echo "http.port: $(node_http_port "$n")"
    echo "transport.port: $((ES_TRANSPORT_PORT + n - 1))"
    if [ "$ES_NODES" = 1 ]; then
      echo "discovery.type: single-node"
    else
      echo "discovery.seed_hosts: [${seeds%, }]"
      echo "cluster.initial_master_nodes: [${masters%, }]"
    fi
    echo "# Plain HTTP without users, like a dev node: no TLS/passwords to manage."
    echo "xpack.security.enabled: false"
    echo "# Do not turn indices read-only when a dev disk is nearly full."
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
  } >"$dir/config/elasticsearch.yml"
}

start_node() { # node-number
  local n="$1" dir log port
  dir="$(node_dir "$n")"
  log="$(node_log "$n")"
  port="$(node_http_port "$n")"
  write_node_config "$n"
  if is_root; then
    chown -R "$ES_OS_USER": "$dir"
    : >>"$log"
    chown "$ES_OS_USER": "$log"
    make_traversable "$dir" "$ES_OS_USER"
  fi
  log "starting node $n on 127.0.0.1:$port (log: $log)"
  # setsid + nohup: the node must outlive this script and not get the
  # caller's Ctrl-C. -p writes the server JVM's pid for `stop`.
  local cmd=(env ES_JAVA_HOME="$ES_JAVA_HOME" ES_PATH_CONF="$dir/config" ES_JAVA_OPTS="$ES_JAVA_OPTS"
    "$ES_HOME/bin/elasticsearch" -p "$dir/es.pid")
  if is_root; then
    cmd=(runuser -u "$ES_OS_USER" -- "${cmd[@]}")
  fi
  (
    cd "$dir"
    setsid nohup "${cmd[@]}" >>"$log" 2>&1 </dev/null &
    echo $! >"$dir/launcher.pid"
  )
}

stop_node_dir() { # node dir
  local dir="$1" pid
  for f in es.pid launcher.pid; do
    if pid_alive "$dir/$f"; then
      pid="$(cat "$dir/$f")"
      kill -TERM "$pid" 2>/dev/null || true
      if ! wait_until 60 bash -c "! kill -0 $pid 2>/dev/null"; then
        log "pid $pid still running after 60s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$dir/$f"
  done
}

start() {
  # curl is how we probe the node; it is in Debian's base images but check.
  command -v curl >/dev/null 2>&1 || apt_install curl
  if http_up "$ES_PORT"; then
    log "already running on 127.0.0.1:$ES_PORT (reusing)"
    return 0
  fi
  if tcp_open "$ES_PORT"; then
    die "something that does not answer HTTP GET / listens on 127.0.0.1:$ES_PORT; stop it or set ES_PORT"
  fi
  # Our nodes may be running on other ports (ES_PORT changed) or still be
  # starting; never start a second set on the same data directories.
  local d
  for d in "$ES_DIR"/node-*; do
    if pid_alive "$d/es.pid" || pid_alive "$d/launcher.pid"; then
      die "$(basename "$d") from $ES_DIR is running but 127.0.0.1:$ES_PORT does not answer (other ES_PORT, or still starting?); see $d/config/elasticsearch.yml or run: $0 stop"
    fi
  done
  ensure_services_dir
  mkdir -p "$ES_DIR"
  ensure_java
  ensure_distribution
  ensure_plugin
  ensure_system_user "$ES_OS_USER"

  local n
  for n in $(seq 1 "$ES_NODES"); do
    start_node "$n"
  done

  # Wait for every node's HTTP port; give up early if a launcher dies.
  local deadline=$((SECONDS + ES_START_TIMEOUT)) all_up
  while :; do
    all_up=1
    for n in $(seq 1 "$ES_NODES"); do
      if ! http_up "$(node_http_port "$n")"; then
        all_up=0
        if ! pid_alive "$(node_dir "$n")/launcher.pid" && ! pid_alive "$(node_dir "$n")/es.pid"; then
          fail_with_log elasticsearch "$(node_http_port "$n")" "$(node_log "$n")" "node $n exited during startup"
        fi
      fi
    done
    [ "$all_up" = 1 ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      for n in $(seq 1 "$ES_NODES"); do stop_node_dir "$(node_dir "$n")"; done
      fail_with_log elasticsearch "$ES_PORT" "$(node_log 1)" "not answering within ${ES_START_TIMEOUT}s (nodes stopped again)"
    fi
    sleep 2
  done
  if [ "$ES_NODES" -gt 1 ]; then
    curl -sf -m 70 -o /dev/null "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_nodes=$ES_NODES&timeout=60s" \
      || fail_with_log elasticsearch "$ES_PORT" "$(node_log 1)" "$ES_NODES nodes did not form one cluster"
  fi
  log "up: http://127.0.0.1:$ES_PORT (Elasticsearch $ES_VERSION, $ES_NODES node(s))"
}

stop() {
  local dir stopped=0
  for dir in "$ES_DIR"/node-*; do
    [ -d "$dir" ] || continue
    if pid_alive "$dir/es.pid" || pid_alive "$dir/launcher.pid"; then
      log "stopping $(basename "$dir") (data stays in $dir/data)"
      stop_node_dir "$dir"
      stopped=1
    fi
  done
  [ "$stopped" = 1 ] || log "not running (nothing of ours to stop)"
}

status() {
  local health
  if health="$(curl -sf -m 3 "http://127.0.0.1:$ES_PORT/_cluster/health" 2>/dev/null)"; then
    echo "elasticsearch: up (127.0.0.1:$ES_PORT, status $(printf '%s' "$health" | sed -E 's/.*"status":"([a-z]+)".*/\1/'), nodes $(printf '%s' "$health" | sed -E 's/.*"number_of_nodes":([0-9]+).*/\1/'))"
  else
    echo "elasticsearch: down (127.0.0.1:$ES_PORT)"
    return 1
  fi
}

# One node of a running cluster, to see the cluster lose it and take it back (bench/topology).
stop_one() { # node-number
  [ -d "$(node_dir "$1")" ] || die "no node $1 under $ES_DIR"
  log "stopping node $1 (port $(node_http_port "$1"))"
  stop_node_dir "$(node_dir "$1")"
}

start_one() { # node-number
  ensure_java
  if http_up "$(node_http_port "$1")"; then
    log "node $1 already answers on $(node_http_port "$1")"
    return 0
  fi
  start_node "$1"
  wait_until "$ES_START_TIMEOUT" http_up "$(node_http_port "$1")" \
    || fail_with_log elasticsearch "$(node_http_port "$1")" "$(node_log "$1")" "node $1 did not come back"
  log "node $1 up on 127.0.0.1:$(node_http_port "$1")"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  stop-node) stop_one "${2:?node number}" ;;
  start-node) start_one "${2:?node number}" ;;
  *) echo "usage: $0 start|stop|status|stop-node N|start-node N" >&2; exit 2 ;;
esac
