# Compiler warnings and hardening for everything we build.
#   msdrm_warnings   interface target: warnings (errors with MSDRM_WERROR)
#   msdrm_hardening  interface target: stack protector, _FORTIFY_SOURCE,
#                    and the linker's ASLR/DEP/RELRO settings
# Windows binaries link -static so that libgcc, libssp (the stack
# protector's runtime) and libwinpthread are inside them, not DLLs beside.

add_library(msdrm_warnings INTERFACE)
target_compile_options(msdrm_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wformat=2 -Wundef -Wvla
  $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes>)
if(MSDRM_WERROR)
  target_compile_options(msdrm_warnings INTERFACE -Werror)
endif()

add_library(msdrm_hardening INTERFACE)
target_compile_options(msdrm_hardening INTERFACE -fstack-protector-strong)
# _FORTIFY_SOURCE only acts on optimised code (-O0 builds would warn), and
# sanitizer builds check more than it does.
if(NOT MSDRM_SANITIZE)
  target_compile_definitions(msdrm_hardening INTERFACE
    $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
endif()

if(WIN32)
  target_link_options(msdrm_hardening INTERFACE
    -static -fstack-protector-strong
    -Wl,--dynamicbase -Wl,--nxcompat)
  if(CMAKE_SIZEOF_VOID_P EQUAL 8)
    target_link_options(msdrm_hardening INTERFACE -Wl,--high-entropy-va)
  else()
    target_link_options(msdrm_hardening INTERFACE -Wl,--large-address-aware)
  endif()
else()
  target_link_options(msdrm_hardening INTERFACE -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack)
endif()
