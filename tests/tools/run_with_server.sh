#!/usr/bin/env bash
# Runs a test beside a server (msdrm_add_test_with_server, tests/CMakeLists.txt):
#   run_with_server.sh SERVER [ARGS...] -- TEST [ARGS...]
# Starts the native SERVER, waits for its "listening on URL" line on stdout,
# runs TEST with MSDRM_TEST_SERVER_URL=URL (and no proxy for loopback), then
# stops the server (SIGTERM, SIGKILL after 2 s) whatever happened. Exits
# with TEST's status; 1 when the server is missing or never listens.
set -u
name=run_with_server

server=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  server+=("$1")
  shift
done
if [ ${#server[@]} -eq 0 ] || [ $# -lt 2 ]; then
  echo "usage: $name SERVER [ARGS...] -- TEST [ARGS...]" >&2
  exit 2
fi
shift

if [ ! -x "${server[0]}" ]; then
  echo "$name: the native server ${server[0]} is missing: build the native flavour" \
       "first (bash cmake/build.sh native), or point MSDRM_NATIVE_BIN_DIR at it" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/msdrm-server.XXXXXX") || exit 1
server_pid=
test_pid=
stop() {
  if [ -n "$test_pid" ]; then
    kill -TERM "$test_pid" 2>/dev/null
  fi
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 20); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "$name: the server ignored SIGTERM for 2 s; killing it" >&2
      kill -KILL "$server_pid" 2>/dev/null
    fi
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

"${server[@]}" >"$work/stdout" </dev/null &
server_pid=$!

url=
for _ in $(seq 100); do
  url=$(sed -n 's|.*listening on \(https\{0,1\}://[^ ]*\).*|\1|p' "$work/stdout" | head -n 1)
  [ -n "$url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid"
    echo "$name: ${server[0]} exited ($?) before it listened; it printed:" >&2
    cat "$work/stdout" >&2
    server_pid=
    exit 1
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "$name: no \"listening on URL\" line from ${server[0]} within 10 s" >&2
  exit 1
fi

export MSDRM_TEST_SERVER_URL="$url"
# A proxy from the environment must not stand between a test and its server.
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
export NO_PROXY="$no_proxy"

"$@" &
test_pid=$!
wait "$test_pid"
status=$?
test_pid=
exit "$status"
