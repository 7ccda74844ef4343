#!/usr/bin/env bash
# Runs a real OpenStack Mistral (Debian's python3-mistral) on 127.0.0.1 for the integration tests and for local use.
#
#   scripts/mistral-server.sh install
#   scripts/mistral-server.sh start  [--port N|auto] [--data-dir DIR] [--fresh] [--cron-interval S] [--owner-pid PID]
#                                    [--keystone-url URL]
#   scripts/mistral-server.sh stop   [--port N] [--data-dir DIR]
#   scripts/mistral-server.sh status [--port N] [--data-dir DIR]
#
# Every option can also come from the environment: MISTRAL_PORT (8989), MISTRAL_DATA_DIR
# (${TMPDIR:-/tmp}/mistral-server-PORT), MISTRAL_FRESH=1 (wipe the database first), MISTRAL_CRON_INTERVAL
# (seconds between cron trigger checks, 1), MISTRAL_READY_TIMEOUT (seconds to wait for the API, 120),
# MISTRAL_DEBUG=1 (debug logging), MISTRAL_KEYSTONE_URL.
#
# --keystone-url turns authentication on: every request needs a token of that Keystone (v3 address), which
# Mistral checks as the service user MISTRAL_KEYSTONE_USER (mistral) with MISTRAL_KEYSTONE_PASSWORD (mistralpass)
# in MISTRAL_KEYSTONE_PROJECT (service), all in domain Default. scripts/keystone-server.sh provisions them.
#
# `start` and `status` print the endpoint clients want (http://127.0.0.1:PORT, without /v2) on stdout;
# everything else goes to stderr. The server needs no RabbitMQ, database server, Keystone or systemd: all
# Mistral services run as threads of one Python process that talk over oslo.messaging's in-memory transport,
# and the database is a SQLite file in the data dir.
set -euo pipefail

readonly HOST=127.0.0.1
# Debian's interpreter: a python3 earlier on PATH (pyenv, venv) cannot import the packaged Mistral.
readonly PYTHON=/usr/bin/python3
readonly PACKAGES=(python3-mistral python3-mistralclient)
# shellcheck source=lib/loopback-server.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/loopback-server.sh"

say() { printf '[mistral-server] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

usage() {
  sed -n '4,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------------------------
# Options

command=${1:-}
[ -n "$command" ] || usage
shift

port=${MISTRAL_PORT:-}
data_dir=${MISTRAL_DATA_DIR:-}
fresh=${MISTRAL_FRESH:-0}
cron_interval=${MISTRAL_CRON_INTERVAL:-1}
ready_timeout=${MISTRAL_READY_TIMEOUT:-120}
owner_pid=
keystone_url=${MISTRAL_KEYSTONE_URL:-}

while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=${2:?--port needs a value}; shift 2 ;;
    --data-dir) data_dir=${2:?--data-dir needs a value}; shift 2 ;;
    --fresh) fresh=1; shift ;;
    --cron-interval) cron_interval=${2:?--cron-interval needs a value}; shift 2 ;;
    --owner-pid) owner_pid=${2:?--owner-pid needs a value}; shift 2 ;;
    --keystone-url) keystone_url=${2:?--keystone-url needs a value}; shift 2 ;;
    -h|--help) usage ;;
    *) say "unknown option: $1"; usage ;;
  esac
done

# The data dir of a server that is not given one follows its port, so `stop --port N` finds what `start --port N`
# started. With --port auto the port is only known after start, so a data dir is required.
if [ -z "$data_dir" ]; then
  [ "$port" = auto ] && fail "--port auto needs --data-dir (stop and status find the server through it)"
  data_dir="${TMPDIR:-/tmp}/mistral-server-${port:-8989}"
fi
data_dir=$(realpath -m "$data_dir")

readonly config_file="$data_dir/mistral.conf"
readonly launcher_file="$data_dir/mistral-single-process.py"
readonly pid_file="$data_dir/mistral.pid"
readonly server_log="$data_dir/mistral.log"
readonly console_log="$data_dir/console.log"

# ---------------------------------------------------------------------------------------------------------------
# Installation

# Finds the package without importing it: importing Mistral's API takes seconds, this takes milliseconds.
mistral_importable() {
  "$PYTHON" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("mistral.api") is None)' 2>/dev/null
}

install_packages() {
  if [ -x "$PYTHON" ] && mistral_importable; then
    say "Mistral is installed"
    return 0
  fi
  local apt_log="${TMPDIR:-/tmp}/mistral-server-apt.log" started=$SECONDS
  say "installing ${PACKAGES[*]} (about 2 minutes the first time; log: $apt_log)"
  # The mistral-api and mistral-common service packages are left out on purpose: they bring systemd units and
  # debconf prompts.
  install_debian_packages Mistral "$apt_log" "${PACKAGES[@]}"
  mistral_importable || fail "$PYTHON still cannot import mistral after the install"
  say "installed in $((SECONDS - started)) s"
}

# ---------------------------------------------------------------------------------------------------------------
# Process and HTTP checks

configured_port() { sed -n 's/^port = \([0-9]*\)$/\1/p' "$config_file" 2>/dev/null | head -n 1; }

port_is_free() {
  "$PYTHON" - "$HOST" "$1" <<'PY'
import socket, sys
probe = socket.socket()
# A port left in TIME_WAIT by a server that just stopped can be bound again, so it counts as free.
probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    probe.bind((sys.argv[1], int(sys.argv[2])))
except OSError:
    sys.exit(1)
finally:
    probe.close()
PY
}

# Polls until both the API root and a database-backed list answer 200. Fails early when the server process dies.
# With Keystone authentication the list answers 401 (no token): that it answers at all is what counts.
wait_until_ready() { # PID PORT TIMEOUT_SECONDS
  local list_status=200
  grep -qx 'auth_enable = True' "$config_file" 2>/dev/null && list_status=401
  wait_for_answers "$1" "$3" "http://$HOST:$2/v2/" 200 "http://$HOST:$2/v2/workflows?limit=1" "$list_status"
}

show_log_tail() {
  local file
  for file in "$console_log" "$server_log"; do
    [ -s "$file" ] || continue
    say "last lines of $file:"
    tail -n 25 "$file" >&2
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Files of the data dir

write_config() {
  local debug=False
  [ "${MISTRAL_DEBUG:-0}" = 1 ] && debug=True
  cat >"$config_file" <<EOF
# Written by scripts/mistral-server.sh: a single-process Mistral for tests and local use.
[DEFAULT]
# In-memory RPC: it only reaches the engine because every service runs in the same process.
transport_url = fake:/
debug = $debug
log_file = $server_log
# Without it a SIGTERM waits up to 60 s for running work.
graceful_shutdown_timeout = 5

[api]
host = $HOST
port = $port
api_workers = 1

[database]
connection = sqlite:///$data_dir/mistral.db

[pecan]
auth_enable = False

[executor]
type = local

[notifier]
type = local

[cron_trigger]
enabled = True
execution_interval = $cron_interval

[oslo_policy]
policy_file = $data_dir/policy.yaml
EOF
  if [ -n "$keystone_url" ]; then
    sed -i 's/^auth_enable = False$/auth_enable = True/' "$config_file"
    cat >>"$config_file" <<EOF

[keystone_authtoken]
www_authenticate_uri = $keystone_url
auth_url = $keystone_url
auth_type = password
username = ${MISTRAL_KEYSTONE_USER:-mistral}
password = ${MISTRAL_KEYSTONE_PASSWORD:-mistralpass}
project_name = ${MISTRAL_KEYSTONE_PROJECT:-service}
user_domain_name = Default
project_domain_name = Default
# The middleware finds Keystone through the catalog's internal interface unless told otherwise.
interface = public
EOF
  fi
  # A policy file of our own, so that one in /etc/mistral does not apply; it has no rules, so Mistral's in-code
  # defaults do. (Comments only: an empty JSON object would draw a deprecation warning for JSON policy files.)
  echo '# no rules: the in-code defaults apply' >"$data_dir/policy.yaml"
}

write_launcher() {
  cat >"$launcher_file" <<'PY'
"""Every Mistral service as a thread of this one process.

mistral-server --server all starts the API through a process launcher that forks it into a worker; with the
in-memory transport the forked API's RPC calls never reach the engine and executions time out after 60 s.
Here all services share oslo.service's thread launcher instead.
"""
import os
import signal
import sys
import threading
import time

# Imported first for its side effect: it monkey-patches eventlet before sockets and threads are used.
from mistral.cmd import launch  # noqa: F401

from oslo_config import cfg
from oslo_log import log as logging
from oslo_service import service

from mistral import config
from mistral.api import service as api_service
from mistral.db.v2 import api as db_api
from mistral.engine import engine_server
from mistral.event_engine import event_engine_server
from mistral.executors import executor_server
from mistral.notifiers import notification_server
from mistral.rpc import base as rpc


def stop_when_owner_exits(owner_pid):
    """Stops the server when the process that asked for it has gone, so a killed test run leaves nothing behind."""
    def watch():
        while True:
            time.sleep(1)
            try:
                os.kill(owner_pid, 0)
            except ProcessLookupError:
                os.kill(os.getpid(), signal.SIGTERM)
                return
    threading.Thread(target=watch, daemon=True).start()


def main(config_file, owner_pid):
    config.parse_args(['--config-file', config_file])
    logging.setup(cfg.CONF, 'Mistral')
    rpc.get_transport()
    db_api.setup_db()

    launcher = service.ServiceLauncher(cfg.CONF, restart_method='mutate')
    # The API goes last: once it answers, the engine behind it is already listening.
    for server in (engine_server.get_oslo_service(),
                   executor_server.get_oslo_service(),
                   notification_server.get_oslo_service(),
                   event_engine_server.get_oslo_service(),
                   api_service.WSGIService('mistral_api')):
        launcher.launch_service(server, workers=1)

    if owner_pid:
        stop_when_owner_exits(owner_pid)
    launcher.wait()


if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else 0)
PY
}

# Creates the tables (SQLAlchemy create_all: the alembic migrations of mistral-db-manage fail on SQLite) and
# registers the preinstalled actions and workflows, as `mistral-db-manage populate` would. Safe to repeat.
initialise_database() {
  if ! (cd "$data_dir" && "$PYTHON" - "$config_file" >>"$data_dir/database-init.log" 2>&1 <<'PY'
import sys
from mistral import config
config.parse_args(['--config-file', sys.argv[1]])
from mistral.db.v2 import api as db_api
from mistral.services import action_manager, workflows
db_api.setup_db()
action_manager.sync_db()
workflows.sync_db()
PY
  ); then
    tail -n 25 "$data_dir/database-init.log" >&2
    fail "the database in $data_dir could not be initialised"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

start_server() {
  install_packages

  local pid running_port
  if pid=$(server_pid); then
    running_port=$(configured_port)
    if [ -n "$port" ] && [ "$port" != auto ] && [ "$port" != "$running_port" ]; then
      fail "the server of $data_dir (pid $pid) already runs on port $running_port, not $port"
    fi
    # It may still be starting (another start of the same data dir): give it the usual time.
    wait_until_ready "$pid" "$running_port" "$ready_timeout" \
      || fail "the server of $data_dir (pid $pid) runs but http://$HOST:$running_port/v2/ does not answer"
    [ "$fresh" = 1 ] && say "--fresh ignored: the server is running; stop it first to start from an empty database"
    say "already running (pid $pid)"
    echo "http://$HOST:$running_port"
    return 0
  fi

  [ -n "$port" ] || port=8989
  [ "$port" = auto ] && port=$(any_free_port)
  port_is_free "$port" || fail "port $port on $HOST is in use by another program"

  mkdir -p "$data_dir"
  if [ "$fresh" = 1 ]; then
    say "fresh start: wiping the database and logs of $data_dir"
    rm -f "$data_dir"/mistral.db* "$server_log" "$console_log" "$data_dir/database-init.log"
  fi

  local started_ms; started_ms=$(date +%s%3N)
  write_config
  write_launcher
  initialise_database

  # setsid: the server outlives this script and is not hit by the terminal's Ctrl-C meant for a test run.
  # Its output goes to a file so that nobody reading this script's stdout waits on the server.
  (cd "$data_dir" && exec setsid "$PYTHON" "$launcher_file" "$config_file" "$owner_pid" \
      >>"$console_log" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$pid_file"

  local outcome=0
  wait_until_ready "$pid" "$port" "$ready_timeout" || outcome=$?
  case $outcome in
    0) ;;
    3) show_log_tail; rm -f "$pid_file"; fail "Mistral exited while starting" ;;
    *) show_log_tail; stop_server; fail "the API did not answer within $ready_timeout s" ;;
  esac
  say "ready in $(( $(date +%s%3N) - started_ms )) ms (pid $pid, data and logs in $data_dir)"
  echo "http://$HOST:$port"
}

stop_server() {
  local pid
  if ! pid=$(server_pid); then
    rm -f "$pid_file"
    say "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  # graceful_shutdown_timeout is 5 s, so a healthy server is gone well before this deadline.
  local deadline=$((SECONDS + 15))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    say "pid $pid ignored SIGTERM; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$pid_file"
  say "stopped pid $pid"
}

server_status() {
  local pid running_port
  pid=$(server_pid) || { say "not running (data dir $data_dir)"; return 1; }
  running_port=$(configured_port)
  if wait_until_ready "$pid" "$running_port" 3; then
    say "running and answering (pid $pid, data dir $data_dir)"
    echo "http://$HOST:$running_port"
  else
    say "pid $pid runs but http://$HOST:$running_port/v2/ does not answer"
    return 1
  fi
}

case "$command" in
  install) install_packages ;;
  start) start_server ;;
  stop) stop_server ;;
  status) server_status ;;
  *) say "unknown command: $command"; usage ;;
esac
