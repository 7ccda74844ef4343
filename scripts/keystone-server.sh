#!/usr/bin/env bash
# Runs a real OpenStack Keystone (Debian's python3-keystone) on 127.0.0.1, and a Mistral that authenticates against
# it, for the Keystone tests and for trying a cloud locally.
#
#   scripts/keystone-server.sh install
#   scripts/keystone-server.sh start   [--port N|auto] [--data-dir DIR] [--fresh] [--token-expiration S] [--owner-pid PID]
#   scripts/keystone-server.sh mistral [--port N|auto] [--data-dir DIR] [--mistral-data-dir DIR] [--owner-pid PID]
#   scripts/keystone-server.sh stop    [--data-dir DIR] [--mistral-data-dir DIR]
#   scripts/keystone-server.sh status  [--data-dir DIR]
#
# Options may come from the environment too: KEYSTONE_PORT (5000), KEYSTONE_DATA_DIR
# (${TMPDIR:-/tmp}/keystone-server), KEYSTONE_FRESH=1, KEYSTONE_TOKEN_EXPIRATION (seconds a token lives, 3600; 60
# for the renewal tests), KEYSTONE_READY_TIMEOUT (60), MISTRAL_DATA_DIR (DATA/mistral).
#
# `start` prints Keystone's v3 address on stdout and provisions, idempotently, with fixed passwords (loopback only):
#   users admin (adminpass, project admin), mistral (mistralpass, project service: Mistral's service user),
#   demo (demopass, project demo) and alt (altpass, project alt), all in domain Default; an application credential
#   demo-appcred of demo; regions RegionOne and RegionTwo; identity endpoints and workflowv2 endpoints (public,
#   internal, admin) in RegionOne, and a public workflowv2 endpoint in RegionTwo that points elsewhere.
# It writes into the data dir: clouds.yaml and secure.yaml (the passwords and secret) with one cloud per account,
# openrc-NAME files to source, and accounts.json (the ids the tests need).
# `mistral` starts scripts/mistral-server.sh with --keystone-url, points RegionOne's workflowv2 endpoints at it,
# and prints its endpoint. `stop` stops both.
set -euo pipefail

readonly HOST=127.0.0.1
# Debian's interpreter: a python3 earlier on PATH (pyenv, venv) cannot import the packaged Keystone.
readonly PYTHON=/usr/bin/python3
readonly PACKAGE=python3-keystone
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/loopback-server.sh
. "$here/lib/loopback-server.sh"

say() { printf '[keystone-server] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

usage() {
  sed -n '4,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

command=${1:-}
[ -n "$command" ] || usage
shift

port=${KEYSTONE_PORT:-}
data_dir=${KEYSTONE_DATA_DIR:-${TMPDIR:-/tmp}/keystone-server}
mistral_data_dir=${MISTRAL_DATA_DIR:-}
fresh=${KEYSTONE_FRESH:-0}
token_expiration=${KEYSTONE_TOKEN_EXPIRATION:-3600}
ready_timeout=${KEYSTONE_READY_TIMEOUT:-60}
owner_pid=

while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=${2:?--port needs a value}; shift 2 ;;
    --data-dir) data_dir=${2:?--data-dir needs a value}; shift 2 ;;
    --mistral-data-dir) mistral_data_dir=${2:?--mistral-data-dir needs a value}; shift 2 ;;
    --fresh) fresh=1; shift ;;
    --token-expiration) token_expiration=${2:?--token-expiration needs a value}; shift 2 ;;
    --owner-pid) owner_pid=${2:?--owner-pid needs a value}; shift 2 ;;
    -h|--help) usage ;;
    *) say "unknown option: $1"; usage ;;
  esac
done
data_dir=$(realpath -m "$data_dir")
mistral_data_dir=$(realpath -m "${mistral_data_dir:-$data_dir/mistral}")

readonly config_file="$data_dir/keystone.conf"
readonly launcher_file="$data_dir/keystone-single-process.py"
readonly provisioner_file="$data_dir/provision.py"
readonly pid_file="$data_dir/keystone.pid"
readonly console_log="$data_dir/console.log"
readonly setup_log="$data_dir/setup.log"

install_packages() {
  if [ -x "$PYTHON" ] && "$PYTHON" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("keystone") is None)' 2>/dev/null; then
    say "Keystone is installed"
    return 0
  fi
  local apt_log="${TMPDIR:-/tmp}/keystone-server-apt.log" started=$SECONDS
  say "installing $PACKAGE (about a minute the first time; log: $apt_log)"
  # The library and keystone-manage only: the `keystone` service package brings Apache, uwsgi and debconf prompts.
  install_debian_packages Keystone "$apt_log" "$PACKAGE"
  say "installed in $((SECONDS - started)) s"
}

configured_port() { sed -n 's/^# port \([0-9]*\)$/\1/p' "$config_file" 2>/dev/null | head -n 1; }

# Exit 0 once GET /v3 answers 200; 3 when the process died; 4 on timeout.
wait_until_ready() { # PID PORT TIMEOUT_SECONDS
  wait_for_answers "$1" "$3" "http://$HOST:$2/v3" 200
}

write_files() {
  cat >"$config_file" <<EOF
# Written by scripts/keystone-server.sh: a single-process Keystone for tests and local use.
# port $port
[DEFAULT]
log_file = $data_dir/keystone.log

[database]
connection = sqlite:///$data_dir/keystone.db

[token]
provider = fernet
expiration = $token_expiration

[fernet_tokens]
key_repository = $data_dir/fernet-keys

[fernet_receipts]
key_repository = $data_dir/fernet-keys

[credential]
key_repository = $data_dir/credential-keys

[identity]
# The default bcrypt cost makes every password sign-in take a third of a second; tests sign in often.
# It applies to passwords set after it, so it is written before the users are made.
password_hash_rounds = 4

[cache]
# Without a cache each token validation reads the role assignments again: seconds on a busy machine.
enabled = true
backend = dogpile.cache.memory
EOF

  cat >"$launcher_file" <<'PY'
"""Keystone's public WSGI application on the standard library's threaded server: one process, no web server."""
import os
import signal
import socketserver
import sys
import threading
import time
from wsgiref import simple_server

host, port, owner_pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3] or 0)
del sys.argv[1:]  # oslo.config reads the command line
os.environ['OS_KEYSTONE_CONFIG_DIR'] = os.path.dirname(os.path.abspath(__file__))

from keystone.server.wsgi import initialize_public_application  # noqa: E402


class ThreadedServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


def stop_when_owner_exits():
    while True:
        time.sleep(1)
        try:
            os.kill(owner_pid, 0)
        except ProcessLookupError:
            os.kill(os.getpid(), signal.SIGTERM)
            return


if owner_pid:
    threading.Thread(target=stop_when_owner_exits, daemon=True).start()
server = simple_server.make_server(host, port, initialize_public_application(), server_class=ThreadedServer)
server.serve_forever()
PY

  cat >"$provisioner_file" <<'PY'
"""Makes the test accounts, regions and endpoints (each only when missing) and writes the files clients read.

usage: provision.py DATA_DIR KEYSTONE_V3_URL [MISTRAL_V2_URL]
"""
import json
import os
import sys
import urllib.error
import urllib.request

data_dir, keystone = sys.argv[1], sys.argv[2].rstrip('/')
mistral = sys.argv[3] if len(sys.argv) > 3 else None
ACCOUNTS = [('admin', 'admin', 'admin'), ('mistral', 'service', 'admin'), ('demo', 'demo', 'member'), ('alt', 'alt', 'member')]
ELSEWHERE = 'http://127.0.0.1:9/v2'  # RegionTwo's Mistral: nothing listens there


def request(method, path, body=None, token=None):
    headers = {'Content-Type': 'application/json'}
    if token:
        headers['X-Auth-Token'] = token
    data = None if body is None else json.dumps(body).encode()
    call = urllib.request.Request(keystone + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(call, timeout=30) as response:
            raw = response.read()
            return response.headers, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        sys.exit('%s %s: %s %s' % (method, path, error.code, error.read()[:300]))


def sign_in(user, project):
    headers, _ = request('POST', '/auth/tokens', {'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'id': 'default'}, 'password': user + 'pass'}}},
        'scope': {'project': {'name': project, 'domain': {'id': 'default'}}}}})
    return headers['X-Subject-Token']


admin = sign_in('admin', 'admin')


def first(collection, query):
    return (request('GET', '/%s?%s' % (collection, query), token=admin)[1][collection] or [None])[0]


def make(collection, kind, query, attributes):
    return first(collection, query) or request('POST', '/' + collection, {kind: attributes}, admin)[1][kind]


def endpoint(service, region, interface, url):
    found = first('endpoints', 'service_id=%s&region_id=%s&interface=%s' % (service, region, interface))
    if found is None:
        request('POST', '/endpoints', {'endpoint': {'service_id': service, 'region_id': region,
                                                    'interface': interface, 'url': url}}, admin)
    elif found['url'] != url:
        request('PATCH', '/endpoints/' + found['id'], {'endpoint': {'url': url}}, admin)


roles = {role['name']: role['id'] for role in request('GET', '/roles', token=admin)[1]['roles']}
accounts = {'auth_url': keystone, 'users': {}, 'application_credentials': {}}
for user, project, role in ACCOUNTS:
    project_id = make('projects', 'project', 'name=%s&domain_id=default' % project,
                      {'name': project, 'domain_id': 'default'})['id']
    user_id = make('users', 'user', 'name=%s&domain_id=default' % user,
                   {'name': user, 'password': user + 'pass', 'domain_id': 'default', 'default_project_id': project_id})['id']
    request('PUT', '/projects/%s/users/%s/roles/%s' % (project_id, user_id, roles[role]), token=admin)
    accounts['users'][user] = {'id': user_id, 'password': user + 'pass', 'project': project, 'project_id': project_id}

if 'RegionTwo' not in [region['id'] for region in request('GET', '/regions', token=admin)[1]['regions']]:
    request('POST', '/regions', {'region': {'id': 'RegionTwo'}}, admin)
for interface in ('public', 'internal', 'admin'):
    # Mistral's token check looks Keystone up in the catalog; without an internal endpoint it answers 500.
    endpoint(first('services', 'type=identity')['id'], 'RegionOne', interface, keystone)
workflow = make('services', 'service', 'type=workflowv2', {'name': 'mistral', 'type': 'workflowv2'})['id']
if mistral:
    for interface in ('public', 'internal', 'admin'):
        endpoint(workflow, 'RegionOne', interface, mistral)
endpoint(workflow, 'RegionTwo', 'public', ELSEWHERE)
current = first('endpoints', 'service_id=%s&region_id=RegionOne&interface=public' % workflow)
accounts['mistral_url'] = current['url'] if current else None

demo = accounts['users']['demo']
demo_token = sign_in('demo', 'demo')
credentials = request('GET', '/users/%s/application_credentials?name=demo-appcred' % demo['id'], token=demo_token)[1]
credential = (credentials['application_credentials'] or [None])[0] or request(
    'POST', '/users/%s/application_credentials' % demo['id'],
    {'application_credential': {'name': 'demo-appcred', 'secret': 'demo-appcred-secret'}}, demo_token)[1]['application_credential']
accounts['application_credentials']['demo-appcred'] = {'id': credential['id'], 'secret': 'demo-appcred-secret',
                                                       'user': 'demo', 'project': 'demo'}


def write(name, text):
    path = os.path.join(data_dir, name)
    with open(path + '.new', 'w') as file:
        file.write(text)
    os.replace(path + '.new', path)


clouds, secure = ['clouds:'], ['clouds:']
for user, account in accounts['users'].items():
    clouds += ['  %s:' % user, '    auth:', '      auth_url: %s' % keystone, '      username: %s' % user,
               '      project_name: %s' % account['project'], '      user_domain_name: Default',
               '      project_domain_name: Default', '    region_name: RegionOne', '    interface: public']
    secure += ['  %s:' % user, '    auth:', '      password: %s' % account['password']]
    write('openrc-' + user, ''.join('export %s=%s\n' % pair for pair in [
        ('OS_AUTH_URL', keystone), ('OS_USERNAME', user), ('OS_PASSWORD', account['password']),
        ('OS_PROJECT_NAME', account['project']), ('OS_USER_DOMAIN_NAME', 'Default'),
        ('OS_PROJECT_DOMAIN_NAME', 'Default'), ('OS_REGION_NAME', 'RegionOne'), ('OS_IDENTITY_API_VERSION', '3')]))
for name, credential in accounts['application_credentials'].items():
    clouds += ['  %s:' % name, '    auth_type: v3applicationcredential', '    auth:', '      auth_url: %s' % keystone,
               '      application_credential_id: %s' % credential['id'], '    region_name: RegionOne', '    interface: public']
    secure += ['  %s:' % name, '    auth:', '      application_credential_secret: %s' % credential['secret']]
    write('openrc-' + name, ''.join('export %s=%s\n' % pair for pair in [
        ('OS_AUTH_URL', keystone), ('OS_AUTH_TYPE', 'v3applicationcredential'),
        ('OS_APPLICATION_CREDENTIAL_ID', credential['id']), ('OS_APPLICATION_CREDENTIAL_SECRET', credential['secret']),
        ('OS_REGION_NAME', 'RegionOne'), ('OS_IDENTITY_API_VERSION', '3')]))
write('clouds.yaml', '\n'.join(clouds) + '\n')
write('secure.yaml', '\n'.join(secure) + '\n')
write('accounts.json', json.dumps(accounts, indent=2) + '\n')
PY
}

manage() { /usr/bin/keystone-manage --config-file "$config_file" "$@" >>"$setup_log" 2>&1; }

# Database, keys and the bootstrap admin, once per data dir.
initialise() {
  [ -f "$data_dir/initialised" ] && return 0
  local me group
  me=$(id -un); group=$(id -gn)
  manage db_sync & local schema=$!
  manage fernet_setup --keystone-user "$me" --keystone-group "$group" & local fernet=$!
  manage credential_setup --keystone-user "$me" --keystone-group "$group" & local credential=$!
  wait $schema && wait $fernet && wait $credential || { tail -n 25 "$setup_log" >&2; fail "keystone-manage could not set up $data_dir"; }
  # With SQLite's default journal a write next to an open read fails with "database is locked"; WAL allows both.
  "$PYTHON" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' "$data_dir/keystone.db"
  manage bootstrap --bootstrap-username admin --bootstrap-password adminpass --bootstrap-project-name admin \
    --bootstrap-role-name admin --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
    --bootstrap-public-url "http://$HOST:$port/v3" --bootstrap-internal-url "http://$HOST:$port/v3" \
    || { tail -n 25 "$setup_log" >&2; fail "keystone-manage bootstrap failed"; }
  touch "$data_dir/initialised"
}

provision() { # [MISTRAL_V2_URL]
  "$PYTHON" "$provisioner_file" "$data_dir" "http://$HOST:$(configured_port)/v3" "$@" >>"$setup_log" 2>&1 \
    || { tail -n 10 "$setup_log" >&2; return 1; }
}

start_server() {
  install_packages
  local pid
  if pid=$(server_pid); then
    port=$(configured_port)
    wait_until_ready "$pid" "$port" "$ready_timeout" || fail "Keystone of $data_dir (pid $pid) runs but does not answer"
    say "already running (pid $pid)"
    echo "http://$HOST:$port/v3"
    return 0
  fi
  [ -n "$port" ] || port=5000
  [ "$port" = auto ] && port=$(any_free_port)
  if [ "$fresh" = 1 ]; then
    say "fresh start: wiping $data_dir"
    rm -rf "$data_dir"
  elif [ -f "$data_dir/initialised" ] && [ "$(configured_port)" != "$port" ]; then
    fail "$data_dir was set up for port $(configured_port); start with that port or with --fresh"
  fi
  mkdir -p "$data_dir"
  local started_ms; started_ms=$(date +%s%3N)
  write_files
  initialise
  (cd "$data_dir" && exec setsid "$PYTHON" "$launcher_file" "$HOST" "$port" "$owner_pid" >>"$console_log" 2>&1 </dev/null) &
  pid=$!
  echo "$pid" >"$pid_file"
  local outcome=0
  wait_until_ready "$pid" "$port" "$ready_timeout" || outcome=$?
  if [ $outcome != 0 ]; then
    tail -n 25 "$console_log" "$data_dir/keystone.log" >&2 2>/dev/null || true
    stop_keystone
    fail "Keystone did not answer within $ready_timeout s"
  fi
  provision || { stop_keystone; fail "provisioning failed"; }
  say "ready in $(( $(date +%s%3N) - started_ms )) ms (pid $pid, tokens live $token_expiration s, files in $data_dir)"
  echo "http://$HOST:$port/v3"
}

start_mistral() {
  server_pid >/dev/null || fail "Keystone of $data_dir is not running: start it first"
  local keystone_url endpoint
  keystone_url="http://$HOST:$(configured_port)/v3"
  endpoint=$("$here/mistral-server.sh" start --port "${port:-auto}" --data-dir "$mistral_data_dir" \
    --keystone-url "$keystone_url" ${owner_pid:+--owner-pid "$owner_pid"})
  provision "$endpoint/v2" || fail "could not point the catalog at $endpoint/v2"
  echo "$endpoint"
}

stop_keystone() {
  local pid
  pid=$(server_pid) || { rm -f "$pid_file"; say "Keystone is not running"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
  say "stopped Keystone (pid $pid)"
}

case "$command" in
  install) install_packages ;;
  start) start_server ;;
  mistral) start_mistral ;;
  stop)
    [ -d "$mistral_data_dir" ] && "$here/mistral-server.sh" stop --data-dir "$mistral_data_dir"
    stop_keystone ;;
  status)
    pid=$(server_pid) || { say "not running (data dir $data_dir)"; exit 1; }
    wait_until_ready "$pid" "$(configured_port)" 3 || { say "pid $pid runs but does not answer"; exit 1; }
    echo "http://$HOST:$(configured_port)/v3" ;;
  *) say "unknown command: $command"; usage ;;
esac
