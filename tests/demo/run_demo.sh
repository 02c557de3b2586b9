#!/usr/bin/env bash
# Installs what the build needs, builds everything (native, x86_64, i686;
# each build's output in build/<flavour>.build.log), starts msdrm-server
# on a free loopback port, runs the demo client against it with the
# 64-bit msdrm.dll under Wine (machine activation, user activation, a
# client licensor certificate), and stops the server.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bash "$root/cmake/setup.sh"
mkdir -p "$root/build"
for flavour in native i686 x86_64; do
  log="$root/build/$flavour.build.log"
  echo "building $flavour (log: $log)"
  if ! output=$(bash "$root/cmake/build.sh" "$flavour" 2>"$log" | tail -n 1); then
    tail -n 40 "$log"
    exit 1
  fi
  eval "build_$flavour=\$output"
done
build=$build_x86_64

# The server keeps its keys in a folder of its own; a fresh one each run,
# and a fresh license store for the demo user, so every step happens.
demo_dir="$root/build/demo"
rm -rf "$demo_dir"
mkdir -p "$demo_dir/server"
"$build_native/bin/msdrm-server" --listen 127.0.0.1:0 --data "$demo_dir/server" \
  >"$demo_dir/server.out" 2>"$demo_dir/server.log" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT
url=
for _ in $(seq 100); do
  url=$(sed -n 's/^msdrm-server: listening on //p' "$demo_dir/server.out")
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "msdrm-server did not start; its log:"
  cat "$demo_dir/server.log"
  exit 1
fi
echo "msdrm-server: $url (requests logged in $demo_dir/server.log)"

[ -d "$build/wineprefix" ] || "$build/wine-run.sh" --init >/dev/null 2>&1
MSDRM_DATA_DIR="Z:${demo_dir//\//\\}\\client" \
  "$build/wine-run.sh" "$build/bin/msdrm_demo.exe" --server "$url" --user demo@example.com
