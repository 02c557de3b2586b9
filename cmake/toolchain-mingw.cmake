# CMake toolchain, shared part: cross-compile for Windows with Debian's
# mingw-w64 GCC, *win32 thread model* (the -win32 compiler variants), so that
# nothing links against libwinpthread-1.dll. Included by
# toolchain-mingw-x86_64.cmake and toolchain-mingw-i686.cmake, which set
# CMAKE_SYSTEM_PROCESSOR and MSDRM_MINGW_TRIPLET first.
# cmake/build-deps.sh builds the static dependencies with these same compilers.
#
# Headers and libraries are searched ONLY below CMAKE_FIND_ROOT_PATH, which is
# the mingw sysroot /usr/<triplet> plus MSDRM_DEPS_PREFIX when it is set
# (appended below; appending it again in CMakeLists.txt is harmless).  Host
# programs (perl, tclsh, ...) are searched on the host only.  CMAKE_PREFIX_PATH
# entries are re-rooted under those roots, so use MSDRM_DEPS_PREFIX (or
# list(APPEND CMAKE_FIND_ROOT_PATH ...)) rather than CMAKE_PREFIX_PATH.
#
# No CMAKE_CROSSCOMPILING_EMULATOR is set here: CMakeLists.txt chooses wine.

set(CMAKE_SYSTEM_NAME Windows)

set(CMAKE_C_COMPILER   ${MSDRM_MINGW_TRIPLET}-gcc-win32)
set(CMAKE_CXX_COMPILER ${MSDRM_MINGW_TRIPLET}-g++-win32)
set(CMAKE_RC_COMPILER  ${MSDRM_MINGW_TRIPLET}-windres)

# Keep libgcc out of the import table of every DLL/EXE we link.
set(CMAKE_EXE_LINKER_FLAGS_INIT    "-static-libgcc")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static-libgcc")

set(CMAKE_FIND_ROOT_PATH /usr/${MSDRM_MINGW_TRIPLET})
if(MSDRM_DEPS_PREFIX)
  list(APPEND CMAKE_FIND_ROOT_PATH "${MSDRM_DEPS_PREFIX}")
endif()
# try_compile() projects re-read this file; hand the prefix down to them too.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MSDRM_DEPS_PREFIX)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
