# msdrm-server's tests (src/server/), included by tests/CMakeLists.txt.
# Native only, like the server: in-process through server_handle_request,
# and over HTTP against the msdrm-server program.

if(WIN32 OR NOT can_run_tests)
  return()
endif()

# A server on a fresh folder, our DLL's machine certificates, requests
# built as spec/rmpr.md §8 builds them, responses read with XPath.
add_library(msdrm_test_server STATIC support/server_fixture.c)
target_link_libraries(msdrm_test_server PUBLIC msdrm_server msdrm_test_xrml msdrm_dep_xml)

foreach(name test_server_certify test_server_licensor test_server_services test_server_hostile)
  msdrm_test(${name} msdrm_internal ${name}.c)
  target_link_libraries(${name} PRIVATE msdrm_test_server)
  target_compile_definitions(${name} PRIVATE MSDRM_SPEC_EXAMPLES="${spec_examples_for_tests}")
endforeach()

# Over HTTP, against the program on a free loopback port.
add_executable(test_server_http test_server_http.c)
target_link_libraries(test_server_http PRIVATE msdrm_test_server)
msdrm_add_test_with_server(NAME test_server_http
  SERVER msdrm-server --listen 127.0.0.1:0 --data "${test_data_root}/test_server_http/server"
  COMMAND test_server_http)

# Load and SIGKILL: the test starts the program itself, to measure and
# kill its process.
msdrm_test(test_server_load msdrm_internal test_server_load.c)
target_link_libraries(test_server_load PRIVATE msdrm_test_server)
target_compile_definitions(test_server_load PRIVATE
  MSDRM_SERVER_PROGRAM="$<TARGET_FILE:msdrm-server>")
add_dependencies(test_server_load msdrm-server)
