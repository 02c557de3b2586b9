#!/usr/bin/env bash
# Installs what the build needs, builds everything (native, x86_64, i686;
# each build's output in build/<flavour>.build.log) and runs the demo
# client against the 64-bit msdrm.dll under Wine.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bash "$root/cmake/setup.sh"
mkdir -p "$root/build"
for flavour in native i686 x86_64; do
  log="$root/build/$flavour.build.log"
  echo "building $flavour (log: $log)"
  if ! build=$(bash "$root/cmake/build.sh" "$flavour" 2>"$log" | tail -n 1); then
    tail -n 40 "$log"
    exit 1
  fi
done
[ -d "$build/wineprefix" ] || "$build/wine-run.sh" --init >/dev/null 2>&1
"$build/wine-run.sh" "$build/bin/msdrm_demo.exe"
