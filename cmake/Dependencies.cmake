# The dependencies, as targets every build links the same way:
#   msdrm_dep_crypto  OpenSSL libcrypto
#   msdrm_dep_sqlite  SQLite
#   msdrm_dep_xml     libxml2
#   msdrm_dep_http    the HTTP client: libcurl natively, WinHTTP (a system
#                     DLL) on Windows, so the DLL needs nothing more
#   msdrm_dep_cmocka  cmocka (tests only)
# Native builds use the system packages; Windows builds use the static
# libraries that cmake/build-deps.sh cross-compiles into MSDRM_DEPS_PREFIX.

if(WIN32)
  if(NOT MSDRM_DEPS_PREFIX OR NOT EXISTS "${MSDRM_DEPS_PREFIX}/lib/libcrypto.a")
    message(FATAL_ERROR "Windows builds need -DMSDRM_DEPS_PREFIX=<prefix printed by cmake/build-deps.sh>")
  endif()

  function(msdrm_static_dependency target library)
    add_library(${target} STATIC IMPORTED GLOBAL)
    set_target_properties(${target} PROPERTIES
      IMPORTED_LOCATION "${MSDRM_DEPS_PREFIX}/lib/${library}"
      INTERFACE_INCLUDE_DIRECTORIES "${MSDRM_DEPS_PREFIX}/include")
  endfunction()

  msdrm_static_dependency(msdrm_dep_crypto libcrypto.a)
  # What a static libcrypto calls in Windows itself (sockets, certificate
  # store, CryptoAPI random numbers, the window station check).
  set_property(TARGET msdrm_dep_crypto PROPERTY
    INTERFACE_LINK_LIBRARIES ws2_32 crypt32 advapi32 user32)

  msdrm_static_dependency(msdrm_dep_sqlite libsqlite3.a)

  msdrm_static_dependency(msdrm_dep_xml libxml2.a)
  set_property(TARGET msdrm_dep_xml APPEND PROPERTY
    INTERFACE_INCLUDE_DIRECTORIES "${MSDRM_DEPS_PREFIX}/include/libxml2")
  set_property(TARGET msdrm_dep_xml PROPERTY INTERFACE_COMPILE_DEFINITIONS LIBXML_STATIC)
  set_property(TARGET msdrm_dep_xml PROPERTY INTERFACE_LINK_LIBRARIES ws2_32)

  add_library(msdrm_dep_http INTERFACE)
  target_link_libraries(msdrm_dep_http INTERFACE winhttp)

  msdrm_static_dependency(msdrm_dep_cmocka libcmocka.a)
else()
  find_package(OpenSSL 1.1 REQUIRED COMPONENTS Crypto)
  find_package(SQLite3 REQUIRED)
  find_package(LibXml2 REQUIRED)
  find_package(CURL 7.61 REQUIRED)
  find_path(CMOCKA_INCLUDE_DIR cmocka.h REQUIRED)
  find_library(CMOCKA_LIBRARY cmocka REQUIRED)

  add_library(msdrm_dep_crypto INTERFACE)
  target_link_libraries(msdrm_dep_crypto INTERFACE OpenSSL::Crypto)
  add_library(msdrm_dep_sqlite INTERFACE)
  target_link_libraries(msdrm_dep_sqlite INTERFACE SQLite::SQLite3)
  add_library(msdrm_dep_xml INTERFACE)
  target_link_libraries(msdrm_dep_xml INTERFACE LibXml2::LibXml2)
  add_library(msdrm_dep_http INTERFACE)
  target_link_libraries(msdrm_dep_http INTERFACE CURL::libcurl)
  add_library(msdrm_dep_cmocka INTERFACE)
  target_include_directories(msdrm_dep_cmocka INTERFACE "${CMOCKA_INCLUDE_DIR}")
  target_link_libraries(msdrm_dep_cmocka INTERFACE "${CMOCKA_LIBRARY}")
endif()
