# Shared by scripts/mistral-server.sh and scripts/keystone-server.sh (sourced, not run): installing Debian packages,
# finding the server a data dir started, a free port, and waiting for HTTP answers. The sourcing script defines
# say, fail, HOST, PYTHON, pid_file and launcher_file.

# Installs PACKAGE... with apt-get (through sudo when not root), logging to APT_LOG; WHAT names them in messages.
install_debian_packages() { # WHAT APT_LOG PACKAGE...
  local what=$1 apt_log=$2 apt_turn
  shift 2
  : >"$apt_log"
  command -v apt-get >/dev/null || fail "$what is not installed and there is no apt-get: install $* (Debian 12 or later)"
  local privileged=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "installing $* needs root: run '$0 install' as root, or install sudo"
    privileged=(sudo)
  fi
  # --no-install-recommends keeps it to the libraries: recommended packages add hundreds of MB.
  # The lock timeout waits out another apt run (unattended upgrades on a fresh machine) instead of failing.
  local apt=("${privileged[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
  # CI installs Mistral and Keystone at once: the two apt runs take turns (apt's own locks make the second fail
  # rather than wait while the first updates its lists). The descriptor is closed before any server starts.
  local turn="${TMPDIR:-/tmp}/mistraltemplates-apt.lock"
  exec {apt_turn}>>"$turn" || fail "cannot open $turn"
  flock -w 900 "$apt_turn" || fail "another install held $turn for 15 minutes"
  # A mirror that hiccups on a fresh machine gets two more tries before the run gives up.
  local attempt installed=0
  for attempt in 1 2 3; do
    if "${apt[@]}" update >>"$apt_log" 2>&1 && "${apt[@]}" install -y --no-install-recommends "$@" >>"$apt_log" 2>&1; then
      installed=1
      break
    fi
    [ "$attempt" = 3 ] && break
    say "apt-get failed (attempt $attempt); retrying in $((attempt * 5)) s"
    sleep $((attempt * 5))
  done
  exec {apt_turn}>&-
  if [ "$installed" != 1 ]; then
    tail -n 20 "$apt_log" >&2
    fail "apt-get could not install $*"
  fi
}

# The pid of the server this data dir started, if it is still alive (a reused pid of another program is not).
server_pid() {
  local pid
  pid=$(cat "$pid_file" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$launcher_file" || return 1
  echo "$pid"
}

any_free_port() {
  "$PYTHON" - "$HOST" <<'PY'
import socket, sys
with socket.socket() as probe:
    probe.bind((sys.argv[1], 0))
    print(probe.getsockname()[1])
PY
}

# Exit 0 once every URL answers its STATUS (an error status counts when it is the one asked for); 3 when process
# PID died first; 4 after TIMEOUT_SECONDS.
wait_for_answers() { # PID TIMEOUT_SECONDS URL STATUS [URL STATUS]...
  "$PYTHON" - "$@" <<'PY'
import os, sys, time, urllib.error, urllib.request
pid, timeout = int(sys.argv[1]), float(sys.argv[2])
probes = list(zip(sys.argv[3::2], (int(status) for status in sys.argv[4::2])))

def answers(url, status):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == status
    except urllib.error.HTTPError as error:
        return error.code == status
    except (urllib.error.URLError, OSError):
        return False

deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(3)
    if all(answers(url, status) for url, status in probes):
        sys.exit(0)
    time.sleep(0.2)
sys.exit(4)
PY
}
