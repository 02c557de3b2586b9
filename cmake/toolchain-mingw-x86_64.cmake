# CMake toolchain file: cross-compile for 64-bit Windows (x86_64-w64-mingw32);
# the rest is in toolchain-mingw.cmake, shared with the other architecture.
#
# Usage:
#   prefix=$(bash cmake/build-deps.sh x86_64 | tail -n 1)
#   cmake -S . -B build-win64 \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw-x86_64.cmake \
#         -DMSDRM_DEPS_PREFIX="$prefix"

set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(MSDRM_MINGW_TRIPLET x86_64-w64-mingw32)
include("${CMAKE_CURRENT_LIST_DIR}/toolchain-mingw.cmake")
