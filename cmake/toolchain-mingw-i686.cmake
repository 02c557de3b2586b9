# CMake toolchain file: cross-compile for 32-bit Windows (i686-w64-mingw32);
# the rest is in toolchain-mingw.cmake, shared with the other architecture.
#
# Usage:
#   prefix=$(bash cmake/build-deps.sh i686 | tail -n 1)
#   cmake -S . -B build-win32 \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw-i686.cmake \
#         -DMSDRM_DEPS_PREFIX="$prefix"

set(CMAKE_SYSTEM_PROCESSOR i686)
set(MSDRM_MINGW_TRIPLET i686-w64-mingw32)
include("${CMAKE_CURRENT_LIST_DIR}/toolchain-mingw.cmake")
