#!/usr/bin/env bash
# Installs the Debian 12 packages every build needs, when they are missing:
# the native toolchain and libraries, mingw-w64 for both Windows arches, and
# Wine to run the x86_64 Windows tests. Idempotent; needs root only when
# something is missing. (cmake/build-deps.sh installs what the dependency
# cross-build needs on top.)
set -euo pipefail

packages=(
  cmake make gcc g++ pkg-config clang libclang-rt-14-dev
  libsqlite3-dev libssl-dev libxml2-dev libcmocka-dev libcurl4-openssl-dev libmicrohttpd-dev
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 gcc-mingw-w64-i686 g++-mingw-w64-i686
  binutils-mingw-w64-x86-64 binutils-mingw-w64-i686
  wine wine64
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: these packages are missing; run as root to install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
