#!/usr/bin/env bash
# Installs what the build needs, builds everything (native, x86_64, i686)
# and runs the demo client against the 64-bit msdrm.dll under Wine.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bash "$root/cmake/setup.sh"
for flavour in native i686 x86_64; do
  build=$(bash "$root/cmake/build.sh" "$flavour" | tail -n 1)
done
[ -d "$build/wineprefix" ] || "$build/wine-run.sh" --init >/dev/null 2>&1
"$build/wine-run.sh" "$build/bin/msdrm_demo.exe"
