#!/usr/bin/env bash
# Configures (once) and builds one flavour of openmsdrm under build/:
#   native   libmsdrm.so and the tests, with AddressSanitizer and UBSan
#   tsan     the same with ThreadSanitizer
#   fuzz     the libFuzzer targets, built with clang, ASan and UBSan
#   x86_64   msdrm.dll for 64-bit Windows, tests run under Wine
#   i686     msdrm.dll for 32-bit Windows, checked statically
# Cross builds first make sure the static dependencies are built
# (cmake/build-deps.sh, cached). Prints the build folder as its last line.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
flavour=${1:?usage: cmake/build.sh native|tsan|fuzz|x86_64|i686}
build="$root/build/$flavour"

case "$flavour" in
  native)
    options=(-DMSDRM_SANITIZE=address,undefined) ;;
  tsan)
    options=(-DMSDRM_SANITIZE=thread) ;;
  fuzz)
    options=(-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DMSDRM_FUZZ=ON
             -DMSDRM_BUILD_TESTS=OFF -DMSDRM_SANITIZE=address,undefined) ;;
  x86_64|i686)
    prefix=$(bash "$root/cmake/build-deps.sh" "$flavour" | tail -n 1)
    options=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-mingw-$flavour.cmake"
             -DMSDRM_DEPS_PREFIX="$prefix") ;;
  *)
    echo "usage: cmake/build.sh native|tsan|fuzz|x86_64|i686" >&2
    exit 2 ;;
esac

cmake -S "$root" -B "$build" "${options[@]}" >&2
cmake --build "$build" -j "$(nproc)" >&2
echo "$build"
