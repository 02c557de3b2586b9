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

# Allocation failures, injected as in test_out_of_memory (GNU ld's --wrap).
msdrm_test(test_server_out_of_memory msdrm_internal test_server_out_of_memory.c
  support/failing_allocations.c)
target_link_libraries(test_server_out_of_memory PRIVATE msdrm_test_server msdrm_dep_crypto)
target_compile_definitions(test_server_out_of_memory PRIVATE
  MSDRM_SPEC_EXAMPLES="${spec_examples_for_tests}")
target_link_options(test_server_out_of_memory PRIVATE
  -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc)

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

# Bad arguments: a message that says what is wrong, and no server.
set(arguments_data "${test_data_root}/server_arguments")
set(argument_cases
  "unknown|--bogus|unknown argument --bogus"
  "required|--listen,127.0.0.1:0|--listen and --data are required"
  "value|--listen|--listen needs a value"
  "twice|--data,${arguments_data},--data,${arguments_data},--listen,127.0.0.1:0|--data given twice"
  "listen|--listen,nowhere,--data,${arguments_data}|--listen wants HOST:PORT"
  "port|--listen,127.0.0.1:99999,--data,${arguments_data}|--listen: the port is not a number from 0 to 65535: 99999"
  "host|--listen,localhost:0,--data,${arguments_data}|--listen: the host is not a numeric IPv4 address: localhost"
  "users|--listen,127.0.0.1:0,--data,${arguments_data},--users,/nonexistent/users.txt|cannot read the --users file: /nonexistent/users.txt"
  "templates|--listen,127.0.0.1:0,--data,${arguments_data},--templates,/nonexistent|cannot read the --templates folder: /nonexistent")
foreach(case IN LISTS argument_cases)
  string(REPLACE "," ";" case "${case}") # the arguments
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(GET parts -1 expected)
  list(REMOVE_AT parts 0 -1)
  add_test(NAME server_arguments_${name} COMMAND msdrm-server ${parts})
  set_tests_properties(server_arguments_${name} PROPERTIES
    PASS_REGULAR_EXPRESSION "msdrm-server: ${expected}" TIMEOUT 20)
endforeach()
