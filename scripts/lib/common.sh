# shellcheck shell=bash
# Helpers shared by scripts/{services,postgres,redis,elasticsearch}.sh.
# Sourced, never executed. Callers set LOG_TAG before sourcing and run with
# `set -euo pipefail`.

# The repository root is found from this file's location, not from $PWD, so
# the scripts work from any directory (make, CI, an editor's terminal...).
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# shellcheck disable=SC2034 # used by the scripts that source this file
SCRIPTS_DIR="$REPO_ROOT/scripts"
# All data, logs, pid files and downloads live here (git-ignored). The
# override exists for testing the scripts themselves next to a running set.
SERVICES_DIR="${SERVICES_DIR:-$REPO_ROOT/.services}"

# Progress goes to stderr: stdout is reserved for `services.sh up|env`
# output that callers eval.
log() { printf '[%s] %s\n' "${LOG_TAG:-services}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

ensure_services_dir() {
  mkdir -p "$SERVICES_DIR"
  # Self-ignoring, so nothing in here is ever committed even without a
  # .services/ entry in the top-level .gitignore.
  [ -f "$SERVICES_DIR/.gitignore" ] || printf '*\n' >"$SERVICES_DIR/.gitignore"
}

# Print the last lines of a service's log after a failure.
fail_with_log() { # service port logfile message
  local service="$1" port="$2" logfile="$3" msg="$4"
  log "ERROR: $service on 127.0.0.1:$port: $msg"
  if [ -f "$logfile" ]; then
    log "---- last 40 lines of $logfile ----"
    tail -n 40 "$logfile" >&2 || true
    log "---- end of $logfile ----"
  else
    log "(no log file at $logfile)"
  fi
  exit 1
}

# Poll "$@" every second until it succeeds or $timeout seconds pass.
wait_until() { # timeout cmd...
  local timeout="$1"; shift
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 1
  done
}

# Services that refuse to run as root (postgres, elasticsearch) get a system
# user of their own when we are root; otherwise they run as the caller.
ensure_system_user() { # name
  is_root || return 0
  if ! id -u "$1" >/dev/null 2>&1; then
    log "creating system user '$1'"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$1"
  fi
}

# Run a command as $1 when we are root (from a directory it can read),
# otherwise as ourselves.
run_as() { # user cmd...
  local user="$1"; shift
  if is_root; then
    (cd / && runuser -u "$user" -- "$@")
  else
    "$@"
  fi
}

# The service user must be able to reach its directory: add the execute
# (traverse) bit on any ancestor it cannot pass, e.g. /root (mode 700) when
# the checkout lives in root's home. No read permission is added.
make_traversable() { # dir user
  is_root || return 0
  local dir="$1" user="$2"
  while [ "$dir" != "/" ]; do
    if ! runuser -u "$user" -- test -x "$dir" 2>/dev/null; then
      log "chmod o+x $dir (so '$user' can reach $1)"
      chmod o+x "$dir"
    fi
    dir="$(dirname "$dir")"
  done
}

# apt-get install, as the only way we install system packages.
# - serialised with flock: services.sh starts services in parallel;
# - a temporary policy-rc.d stops Debian's maintainer scripts from starting
#   the packaged postgres/redis service on our ports;
# - `apt-get update` only when the first attempt fails (fresh machines have
#   no package lists).
apt_install() { # package...
  is_root || die "missing package(s): $*; install them with: sudo apt-get install -y $*"
  ensure_services_dir
  (
    exec 9>"$SERVICES_DIR/.apt.lock"
    flock 9
    local created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      created_policy=1
    fi
    # shellcheck disable=SC2064
    trap "if [ $created_policy = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi" EXIT
    export DEBIAN_FRONTEND=noninteractive
    log "apt-get install -y $*"
    if ! apt-get install -y -q "$@" >&2; then
      log "install failed; running apt-get update and retrying"
      apt-get update -q >&2
      apt-get install -y -q "$@" >&2
    fi
  )
}

# Is something accepting TCP connections on 127.0.0.1:$1?
tcp_open() { # port
  timeout 2 bash -c ">/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Is the process in pid file $1 alive?
pid_alive() { # pidfile
  [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}
